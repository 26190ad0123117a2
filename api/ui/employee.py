"""An employee's own page (their goals and the feedback shared with them) and their
self-reflection."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select

from api.deps import RuntimeDep, SessionDep
from api.ui.pages import page, see_other
from api.ui.session import CsrfDep, UiCallerDep
from assistant.models import Feedback, FeedbackVisibility, Goal
from assistant.tasks.pipeline import generate
from assistant.tasks.registry import task_named

_REFLECTION = task_named("reflection").name

router = APIRouter(include_in_schema=False)


@router.get("/me")
def me(request: Request, caller: UiCallerDep, session: SessionDep, sent: int = 0) -> HTMLResponse:
    goals = session.scalars(
        select(Goal).where(Goal.owner_person_id == caller.id).order_by(Goal.due_date, Goal.id)
    )
    feedback = session.scalars(
        select(Feedback)
        .where(Feedback.receiver_id == caller.id, Feedback.visibility == FeedbackVisibility.SHARED)
        .order_by(Feedback.date.desc())
        .limit(50)
    )
    return page(
        request, "me.html", caller, goals=list(goals), feedback=list(feedback), sent=bool(sent)
    )


@router.post("/me/reflection", dependencies=[CsrfDep])
def draft_reflection(caller: UiCallerDep, runtime: RuntimeDep) -> Response:
    result = generate(runtime, _REFLECTION, caller)
    return see_other(f"/drafts/{result.draft_id}")
