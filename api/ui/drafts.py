"""A draft as a page (its sections, cited records and Markdown to copy), and the question box that
answers as one."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from api.deps import IndexSyncDep, RuntimeDep, SessionDep
from api.ui import render
from api.ui.pages import page, see_other
from api.ui.session import CsrfDep, UiCallerDep
from assistant.access import Caller
from assistant.draft_access import readable
from assistant.errors import NotFound
from assistant.fields import RecordId
from assistant.models import Draft
from assistant.tasks.pipeline import generate
from assistant.tasks.registry import task_named
from assistant.tasks.render import focus_note
from assistant.tasks.schemas import VISIBILITY_LABELS
from assistant.tasks.targets import MAX_QUESTION

_ASK = task_named("ask").name

router = APIRouter(include_in_schema=False)


def draft_page(
    request: Request, session: SessionDep, caller: Caller, draft: Draft, title: str, **extra: Any
) -> HTMLResponse:
    cited = {c: render.cited_record(session, caller, c) for c in render.citations_in(draft.output)}
    return page(
        request,
        "draft.html",
        caller,
        draft=draft,
        title=title,
        sections=render.sections(draft.task, draft.output),
        focus_note=focus_note(draft.output),
        cited=cited,
        markdown=render.as_markdown(title, draft.task, draft.output),
        markdown_all=render.as_markdown(title, draft.task, draft.output, share=False),
        labels=VISIBILITY_LABELS,
        **extra,
    )


@router.get("/drafts/{draft_id}")
def view_draft(
    request: Request,
    draft_id: RecordId,
    caller: UiCallerDep,
    session: SessionDep,
    runtime: RuntimeDep,
) -> HTMLResponse:
    draft = session.get(Draft, draft_id)
    if draft is None or not readable(session, caller, draft, k=runtime.settings.anonymity_k):
        raise NotFound(f"no draft {draft_id}")
    title = task_named(draft.task).page_title
    return draft_page(request, session, caller, draft, title)


@router.post("/ask", dependencies=[CsrfDep])
def ask(
    caller: UiCallerDep,
    runtime: RuntimeDep,
    sync_index: IndexSyncDep,
    question: Annotated[str, Form(max_length=MAX_QUESTION)] = "",
    about: Annotated[RecordId | None, Form()] = None,
) -> Response:
    """The question box on the prep and "me" pages: answer, then show it as a draft."""
    sync_index()  # a write whose sync failed earlier is searchable before answering
    result = generate(runtime, _ASK, caller, subject=about, question=question)
    return see_other(f"/drafts/{result.draft_id}")
