"""Drafts: generate (plain or streamed as server-sent events) and read back.

``Idempotency-Key``: the same key with the same body returns the same draft; the same key with a
different body is a 422. Keys are per requester. Reading a draft is for its requester only: an
agenda can carry the requester's own private notes, which nobody else — not even their manager —
may see. And only while they may still see what it is about: a stored draft is re-checked against
the access policy on every read and replay (assistant/draft_access.py); one that no longer passes
is a 404 by id, and on replay the key is freed and the draft generated afresh (which is itself a
404 when the subject is out of reach). Every generate and read is written to the audit log (ids
only).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import queue
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api.deps import CallerDep, RuntimeDep, SessionDep
from api.errors import to_problem
from api.routes._common import IdempotencyKey
from assistant.access import Caller
from assistant.audit import audit_draft
from assistant.draft_access import readable
from assistant.errors import NotFound, Problem, ValidationFailed
from assistant.fields import PersonRef, RecordId, ShortText
from assistant.models import Draft
from assistant.runtime import Runtime
from assistant.tasks import TaskResult
from assistant.tasks.compose import Progress
from assistant.tasks.pipeline import run
from assistant.tasks.registry import Task, task_named
from assistant.tasks.schemas import TaskName
from assistant.tasks.targets import MAX_FOCUS, Target

router = APIRouter(tags=["drafts"])

Focus = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_FOCUS)]


class DraftRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    subject: PersonRef | RecordId | None = Field(
        default=None, description="Person (email or id): agenda, summary, coaching."
    )
    team: ShortText | None = Field(default=None, description="Team name or id for themes.")
    org: bool = Field(default=False, description="Themes over the whole organisation.")
    focus: Focus | None = Field(
        default=None,
        description='A topic the draft centres on (agenda, summary, coaching), e.g. "the retries '
        'rollout": the records about it lead; none on record is said so.',
    )
    since: dt.date | None = None
    until: dt.date | None = None

    @model_validator(mode="after")
    def _window_ordered(self) -> DraftRequest:
        if self.since and self.until and self.since > self.until:
            raise ValueError("since must not be after until")
        return self


class DraftOut(BaseModel):
    draft_id: int
    task: str
    subject_id: int | None
    subject_group: str | None
    output: dict[str, Any]
    dropped: list[str]
    degraded: str | None
    provider: str
    model: str
    prompt_version: str
    cached: bool = False
    latency_ms: int
    created_at: dt.datetime | None


def draft_out(draft: Draft, *, cached: bool = False, latency_ms: int | None = None) -> DraftOut:
    return DraftOut(
        draft_id=draft.id,
        task=draft.task,
        subject_id=draft.subject_id,
        subject_group=draft.subject_group,
        output=dict(draft.output),
        dropped=list(draft.dropped or []),
        degraded=draft.degraded,
        provider=draft.provider,
        model=draft.model,
        prompt_version=draft.prompt_version,
        cached=cached,
        latency_ms=draft.latency_ms if latency_ms is None else latency_ms,
        created_at=draft.created_at,
    )


def request_hash(task: str, body: BaseModel) -> str:
    canonical = json.dumps([task, body.model_dump(mode="json")], sort_keys=True)
    return hashlib.sha256(canonical.encode()).hexdigest()


def replay(session: Session, caller: Caller, key: str | None, digest: str) -> Draft | None:
    """The draft an earlier request with this key made, if any (422 if its body differed)."""
    if key is None:
        return None
    prior = session.scalars(
        select(Draft).where(Draft.requester_id == caller.id, Draft.idempotency_key == key)
    ).first()
    if prior is not None and prior.request_hash != digest:
        raise ValidationFailed(
            [Problem("header", "Idempotency-Key", "already used with a different request body")]
        )
    return prior


@dataclass(frozen=True)
class Job:
    """One draft to make: the task, its typed request (checked when built), the period."""

    task: Task
    target: Target
    since: dt.date | None = None
    until: dt.date | None = None


def job_of(task: TaskName, body: DraftRequest) -> Job:
    """A draft request as the task's typed request (a UserError if the task takes another)."""
    spec = task_named(task)
    target = spec.request(subject=body.subject, team=body.team, org=body.org, focus=body.focus)
    return Job(spec, target, body.since, body.until)


def run_task(
    runtime: Runtime,
    job: Job,
    caller: Caller,
    key: str | None,
    digest: str,
    progress: Progress | None = None,
) -> tuple[Draft, TaskResult | None]:
    """Generate (or replay) a draft and bind the idempotency key to it."""
    with runtime.sessions() as session:
        prior = replay(session, caller, key, digest)
        if prior is not None:
            if readable(session, caller, prior, k=runtime.settings.anonymity_k):
                audit_draft(session, caller, prior, "draft.replay")
                session.commit()
                return prior, None
            # What it shows is no longer the caller's to see: free the key, generate afresh.
            prior.idempotency_key = prior.request_hash = None
            session.commit()
    result = run(
        runtime,
        job.task,
        caller,
        job.target,
        since=job.since,
        until=job.until,
        progress=progress,
    )
    with runtime.sessions() as session:
        draft = session.get_one(Draft, result.draft_id)
        if key is not None:
            if draft.idempotency_key is not None:
                # The task layer's cache handed back a draft another key already names: give
                # this key its own row with the same content.
                cols = {
                    c.key: getattr(draft, c.key)
                    for c in Draft.__table__.columns
                    if c.key not in ("id", "created_at")
                }
                draft = Draft(**cols)
                session.add(draft)
            draft.idempotency_key, draft.request_hash = key, digest
            try:
                session.commit()
            except IntegrityError:  # a concurrent request with the same key won the race
                session.rollback()
                prior = replay(session, caller, key, digest)
                if prior is None:
                    raise
                return prior, None
        return draft, result


@router.post("/drafts/{task}", response_model=DraftOut)
def create_draft(
    task: TaskName,
    body: DraftRequest,
    caller: CallerDep,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> DraftOut:
    """Generate a draft. Every item carries the record ids it is based on."""
    digest = request_hash(task, body)
    draft, result = run_task(runtime, job_of(task, body), caller, idempotency_key, digest)
    if result is None:
        return draft_out(draft, cached=True)
    return draft_out(draft, cached=result.cached, latency_ms=result.latency_ms)


@router.post(
    "/drafts/{task}/stream",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}}}},
)
def stream_draft(
    task: TaskName,
    body: DraftRequest,
    caller: CallerDep,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> StreamingResponse:
    """The same as POST /drafts/{task}, as server-sent events: ``progress`` events carry how
    many characters the model has written (``{"chars": n}``, never its text: only what grounding
    kept is shown), then one ``draft`` event carries the finished draft (or one ``problem`` event
    the error)."""
    digest = request_hash(task, body)
    job = job_of(task, body)
    check_before_streaming(runtime, caller, job, idempotency_key, digest)
    return event_stream(runtime, job, caller, idempotency_key, digest)


def check_before_streaming(
    runtime: Runtime, caller: Caller, job: Job, key: str | None, digest: str
) -> None:
    """Refusals come before the stream starts, with their real status (404, 403, 422): a key
    reused with another body, a subject out of reach, a group below the threshold."""
    with runtime.sessions() as session:
        replay(session, caller, key, digest)
        job.task.authorize(session, caller, job.target, k=runtime.settings.anonymity_k)


def event_stream(
    runtime: Runtime,
    job: Job,
    caller: Caller,
    key: str | None,
    digest: str,
) -> StreamingResponse:
    """Run a task in a worker thread and stream its ``progress``, ``draft`` or ``problem`` events.

    No event carries the model's text before the grounding check has run over the whole answer:
    a line with no citation, or one an injected instruction made it write, would otherwise reach
    the client even though the draft drops it."""
    events: queue.Queue[tuple[str, str] | None] = queue.Queue()

    def work() -> None:
        try:
            draft, result = run_task(
                runtime,
                job,
                caller,
                key,
                digest,
                progress=lambda chars: events.put(("progress", json.dumps({"chars": chars}))),
            )
            out = draft_out(
                draft,
                cached=result is None or result.cached,
                latency_ms=None if result is None else result.latency_ms,
            )
            events.put(("draft", out.model_dump_json()))
        except Exception as exc:
            events.put(("problem", bytes(to_problem(exc).body).decode()))
        finally:
            events.put(None)

    def sse() -> Iterator[str]:
        threading.Thread(target=work, daemon=True).start()
        while (event := events.get()) is not None:
            name, data = event
            lines = "".join(f"data: {line}\n" for line in data.split("\n"))
            yield f"event: {name}\n{lines}\n"

    return StreamingResponse(
        sse(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )


@router.get("/drafts/{draft_id}", response_model=DraftOut)
def get_draft(
    draft_id: RecordId, caller: CallerDep, session: SessionDep, runtime: RuntimeDep
) -> DraftOut:
    draft = session.get(Draft, draft_id)
    if draft is None or not readable(session, caller, draft, k=runtime.settings.anonymity_k):
        raise NotFound(f"no draft {draft_id}")
    audit_draft(session, caller, draft, "draft.read")
    session.commit()
    return draft_out(draft)
