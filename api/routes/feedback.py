"""Feedback: given as the caller, read within the caller's scope."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, status
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.deps import CallerDep, IndexSyncDep, SessionDep, TodayDep
from api.policy import may_edit_feedback
from api.routes._common import (
    DEFAULT_PAGE,
    Limit,
    Offset,
    apply_patch,
    get_visible,
    get_writable,
    list_page,
    new_external_id,
    save,
    scoped,
    to_out,
    where_given,
)
from api.schemas import FeedbackCreate, FeedbackOut, FeedbackPatch, Page
from assistant.access import Caller
from assistant.errors import Problem, ValidationFailed
from assistant.models import CompanyValue, Feedback, FeedbackKind, Goal, Person

router = APIRouter(tags=["feedback"])


def feedback_out(fb: Feedback) -> FeedbackOut:
    return to_out(FeedbackOut, fb, values=sorted(v.name for v in fb.values))


def create_feedback_record(
    session: Session, caller: Caller, body: FeedbackCreate, today: dt.date
) -> Feedback:
    """Validate and add one feedback record (shared by the API and the web UI's form)."""
    problems: list[Problem] = []
    receiver = session.get(Person, body.receiver_id)
    if receiver is None or not receiver.active:
        problems.append(Problem("body", "receiver_id", "no active person with this id"))
    elif receiver.id == caller.id:
        problems.append(Problem("body", "receiver_id", "feedback is for someone else"))
    values: list[CompanyValue] = []
    if body.values:
        values = list(
            session.scalars(select(CompanyValue).where(CompanyValue.name.in_(body.values)))
        )
        missing = sorted(set(body.values) - {v.name for v in values})
        if missing:
            problems.append(Problem("body", "values", f"unknown value(s): {', '.join(missing)}"))
    if (
        body.goal_id is not None
        and session.scalar(scoped(Goal, caller).where(Goal.id == body.goal_id)) is None
    ):
        problems.append(Problem("body", "goal_id", "no such goal"))
    if problems:
        raise ValidationFailed(problems)
    fb = Feedback(
        external_id=new_external_id("fb"),
        giver_id=caller.id,
        receiver_id=body.receiver_id,
        date=body.date or today,
        kind=body.kind,
        visibility=body.visibility,
        text=body.text,
        goal_id=body.goal_id,
        values=values,
    )
    session.add(fb)
    return fb


@router.get("/feedback", response_model=Page[FeedbackOut])
def list_feedback(
    caller: CallerDep,
    session: SessionDep,
    limit: Limit = DEFAULT_PAGE,
    offset: Offset = 0,
    receiver_id: int | None = None,
    giver_id: int | None = None,
    kind: FeedbackKind | None = None,
    since: dt.date | None = None,
) -> Page[FeedbackOut]:
    query = where_given(
        scoped(Feedback, caller).order_by(Feedback.date.desc(), Feedback.id.desc()),
        (Feedback.receiver_id, receiver_id),
        (Feedback.giver_id, giver_id),
        (Feedback.kind, kind),
    )
    if since is not None:
        query = query.where(Feedback.date >= since)
    return list_page(session, query, limit, offset, feedback_out)


@router.get("/feedback/{feedback_id}", response_model=FeedbackOut)
def get_feedback(feedback_id: int, caller: CallerDep, session: SessionDep) -> FeedbackOut:
    return feedback_out(get_visible(session, Feedback, feedback_id, caller))


@router.post("/feedback", response_model=FeedbackOut, status_code=status.HTTP_201_CREATED)
def create_feedback(
    body: FeedbackCreate,
    caller: CallerDep,
    session: SessionDep,
    sync_index: IndexSyncDep,
    today: TodayDep,
) -> FeedbackOut:
    fb = create_feedback_record(session, caller, body, today)
    save(session, sync_index)
    return feedback_out(fb)


@router.patch("/feedback/{feedback_id}", response_model=FeedbackOut)
def update_feedback(
    feedback_id: int,
    body: FeedbackPatch,
    caller: CallerDep,
    session: SessionDep,
    sync_index: IndexSyncDep,
) -> FeedbackOut:
    fb = get_writable(
        session,
        Feedback,
        feedback_id,
        caller,
        may_edit_feedback,
        "only the giver may edit feedback",
    )
    apply_patch(fb, body)
    save(session, sync_index)
    return feedback_out(fb)
