"""Ask: a free-text question answered from the records the caller may see, every sentence cited
(or "nothing on record"). Registered before api/routes/drafts.py's ``/drafts/{task}`` so that
``/drafts/ask`` is this route; it shares the draft machinery — idempotency keys, the audit log,
re-checked reads, the server-sent-events variant."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from api.deps import CallerDep, RuntimeDep
from api.routes._common import IdempotencyKey
from api.routes.drafts import (
    DraftOut,
    Job,
    check_before_streaming,
    draft_out,
    event_stream,
    request_hash,
    run_task,
)
from assistant.fields import PersonRef, RecordId
from assistant.tasks.registry import task_named
from assistant.tasks.targets import MAX_QUESTION

router = APIRouter(tags=["drafts"])
# The task these routes serve (its registry entry: what it takes, who may ask, its schema).
_ASK = "ask"

Question = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_QUESTION)
]


class AskRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    question: Question = Field(
        description='e.g. "what has Dana done on the retries rollout since September?"'
    )
    subject: PersonRef | RecordId | None = Field(
        default=None, description="Only records about this person: yourself or a report."
    )


def _job(body: AskRequest) -> Job:
    task = task_named(_ASK)
    return Job(task, task.request(subject=body.subject, question=body.question))


@router.post("/drafts/ask", response_model=DraftOut)
def ask(
    body: AskRequest,
    caller: CallerDep,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> DraftOut:
    """Answer a question from the records you may see. ``output.answer`` holds cited items;
    ``output.nothing_on_record`` is true when no record you may see answers it."""
    digest = request_hash(_ASK, body)
    draft, result = run_task(runtime, _job(body), caller, idempotency_key, digest)
    if result is None:
        return draft_out(draft, cached=True)
    return draft_out(draft, cached=result.cached, latency_ms=result.latency_ms)


@router.post(
    "/drafts/ask/stream",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}}}},
)
def ask_stream(
    body: AskRequest,
    caller: CallerDep,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> StreamingResponse:
    """POST /drafts/ask as server-sent events (``progress`` events, then one ``draft`` or
    ``problem`` event), like the other draft routes."""
    digest = request_hash(_ASK, body)
    job = _job(body)
    check_before_streaming(runtime, caller, job, idempotency_key, digest)
    return event_stream(runtime, job, caller, idempotency_key, digest)
