"""Feedback: given as the caller, read within the caller's scope.

``POST /feedback`` takes an ``Idempotency-Key``, as drafts do: a retry with the same key and body
returns the record the first request made (200, not a second record); the same key with a
different body is a 422. The key is kept in the record's external id (see
``keyed_external_id``), so once the feedback is edited, a replay of the original body is a 422 too.
"""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Response, status
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api.deps import CallerDep, IndexSyncDep, SessionDep, TodayDep
from api.external_ids import keyed_external_id, new_external_id
from api.routes._common import (
    DEFAULT_PAGE,
    IdempotencyKey,
    Limit,
    Offset,
    list_page,
    save,
    to_out,
    where_given,
)
from api.schemas import FeedbackCreate, FeedbackOut, FeedbackPatch, Page
from assistant import writes
from assistant.errors import Problem, ValidationFailed
from assistant.fields import RecordId
from assistant.models import Feedback, FeedbackKind
from assistant.scoped import get_visible, scoped

router = APIRouter(tags=["feedback"])


def feedback_out(fb: Feedback) -> FeedbackOut:
    return to_out(FeedbackOut, fb, values=sorted(v.name for v in fb.values))


@router.get("/feedback", response_model=Page[FeedbackOut])
def list_feedback(
    caller: CallerDep,
    session: SessionDep,
    limit: Limit = DEFAULT_PAGE,
    offset: Offset = 0,
    receiver_id: RecordId | None = None,
    giver_id: RecordId | None = None,
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
def get_feedback(feedback_id: RecordId, caller: CallerDep, session: SessionDep) -> FeedbackOut:
    return feedback_out(get_visible(session, Feedback, feedback_id, caller))


def _same_request(fb: Feedback, body: FeedbackCreate) -> bool:
    return (
        fb.receiver_id == body.receiver_id
        and fb.kind == body.kind
        and fb.visibility == body.visibility
        and fb.text == body.text
        and fb.goal_id == body.goal_id
        and sorted(v.name for v in fb.values) == sorted(body.values)
        and (body.date is None or fb.date == body.date)
    )


def _replay(session: Session, external_id: str, body: FeedbackCreate) -> Feedback | None:
    """The feedback an earlier request with this key made, if any (422 if its body differed)."""
    prior = session.scalar(select(Feedback).where(Feedback.external_id == external_id))
    if prior is not None and not _same_request(prior, body):
        raise ValidationFailed(
            [Problem("header", "Idempotency-Key", "already used with a different request body")]
        )
    return prior


@router.post(
    "/feedback",
    response_model=FeedbackOut,
    status_code=status.HTTP_201_CREATED,
    responses={
        200: {"model": FeedbackOut, "description": "A retry: the Idempotency-Key's record."}
    },
)
def create_feedback(
    body: FeedbackCreate,
    caller: CallerDep,
    session: SessionDep,
    sync_index: IndexSyncDep,
    today: TodayDep,
    response: Response,
    idempotency_key: IdempotencyKey = None,
) -> FeedbackOut:
    keyed = None if idempotency_key is None else keyed_external_id("fb", caller, idempotency_key)
    prior = None if keyed is None else _replay(session, keyed, body)
    if prior is None:
        fb = writes.give_feedback(
            session,
            caller,
            **body.model_dump(),
            today=today,
            external_id=keyed or new_external_id("fb"),
        )
        try:
            save(session, sync_index)
            return feedback_out(fb)
        except IntegrityError:  # a concurrent request with the same key won the race
            session.rollback()
            if keyed is None or (prior := _replay(session, keyed, body)) is None:
                raise
    response.status_code = status.HTTP_200_OK
    return feedback_out(prior)


@router.patch("/feedback/{feedback_id}", response_model=FeedbackOut)
def update_feedback(
    feedback_id: RecordId,
    body: FeedbackPatch,
    caller: CallerDep,
    session: SessionDep,
    sync_index: IndexSyncDep,
) -> FeedbackOut:
    fb = writes.edit_feedback(session, caller, feedback_id, body.model_dump(exclude_unset=True))
    save(session, sync_index)
    return feedback_out(fb)
