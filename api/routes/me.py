"""The caller's own view: who they are, and everything Cadence holds about them (GDPR access)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel
from sqlalchemy import or_, select

from api.deps import CallerDep, SessionDep
from api.routes._common import to_out
from api.routes.checkins import checkin_out
from api.routes.feedback import feedback_out
from api.schemas import (
    ActionItemOut,
    CheckInOut,
    FeedbackOut,
    GoalOut,
    GoalUpdateOut,
    KeyResultOut,
)
from assistant import clock
from assistant.models import (
    ActionItem,
    ApiToken,
    AuditEvent,
    CheckIn,
    Draft,
    Feedback,
    Goal,
    GoalUpdate,
    KeyResult,
    Person,
)
from assistant.scoped import scoped

router = APIRouter(tags=["me"])


class Me(BaseModel):
    id: int
    name: str
    email: str
    title: str
    team_id: int | None
    manager_id: int | None
    roles: list[str]
    is_manager: bool
    direct_reports: list[int]


class Export(BaseModel):
    exported_at: dt.datetime
    person: Me
    goals: list[GoalOut]
    key_results: list[KeyResultOut]
    goal_updates: list[GoalUpdateOut]
    feedback_received: list[FeedbackOut]
    feedback_given: list[FeedbackOut]
    checkins: list[CheckInOut]
    action_items: list[ActionItemOut]
    drafts_requested: list[dict[str, Any]]
    api_tokens: list[dict[str, Any]]
    audit_events: list[dict[str, Any]]


def me_of(session: SessionDep, caller: CallerDep) -> Me:
    person = session.get(Person, caller.id)
    assert person is not None  # load_caller just found them
    return Me(
        id=person.id,
        name=person.name,
        email=person.email,
        title=person.title,
        team_id=person.team_id,
        manager_id=person.manager_id,
        roles=list(person.roles),
        is_manager=caller.is_manager,
        direct_reports=sorted(caller.direct_reports),
    )


@router.get("/me", response_model=Me)
def me(caller: CallerDep, session: SessionDep) -> Me:
    return me_of(session, caller)


@router.get("/me/export", response_model=Export)
def export(caller: CallerDep, session: SessionDep) -> Export:
    """Everything Cadence holds about the caller that the caller may see.

    Every query is the policy's scoped query narrowed to the caller, so manager-only feedback
    about them and their manager's private notes are left out, as the policy says.
    """
    me_id = caller.id
    goals = list(
        session.scalars(scoped(Goal, caller).where(Goal.owner_person_id == me_id).order_by(Goal.id))
    )
    goal_ids = [g.id for g in goals]
    krs = list(
        session.scalars(
            scoped(KeyResult, caller).where(KeyResult.goal_id.in_(goal_ids)).order_by(KeyResult.id)
        )
    )
    updates = list(
        session.scalars(
            scoped(GoalUpdate, caller)
            .where(or_(GoalUpdate.goal_id.in_(goal_ids), GoalUpdate.author_id == me_id))
            .order_by(GoalUpdate.id)
        )
    )
    received = list(
        session.scalars(
            scoped(Feedback, caller).where(Feedback.receiver_id == me_id).order_by(Feedback.id)
        )
    )
    given = list(
        session.scalars(
            scoped(Feedback, caller).where(Feedback.giver_id == me_id).order_by(Feedback.id)
        )
    )
    checkins = list(
        session.scalars(
            scoped(CheckIn, caller)
            .where(or_(CheckIn.employee_id == me_id, CheckIn.manager_id == me_id))
            .order_by(CheckIn.id)
        )
    )
    actions = list(
        session.scalars(
            scoped(ActionItem, caller)
            .where(
                or_(
                    ActionItem.owner_id == me_id,
                    ActionItem.checkin.has(CheckIn.employee_id == me_id),
                )
            )
            .order_by(ActionItem.id)
        )
    )
    drafts = session.execute(
        select(Draft.id, Draft.task, Draft.subject_id, Draft.subject_group, Draft.created_at)
        .where(Draft.requester_id == me_id)
        .order_by(Draft.id)
    )
    tokens = session.execute(
        select(ApiToken.id, ApiToken.name, ApiToken.created_at, ApiToken.revoked_at).where(
            ApiToken.person_id == me_id
        )
    )
    events = session.execute(
        select(
            AuditEvent.id,
            AuditEvent.at,
            AuditEvent.action,
            AuditEvent.draft_id,
            AuditEvent.subject_id,
        )
        .where(AuditEvent.actor_id == me_id)
        .order_by(AuditEvent.id)
    )
    return Export(
        exported_at=clock.now(),
        person=me_of(session, caller),
        goals=[to_out(GoalOut, g) for g in goals],
        key_results=[to_out(KeyResultOut, k) for k in krs],
        goal_updates=[to_out(GoalUpdateOut, u) for u in updates],
        feedback_received=[feedback_out(f) for f in received],
        feedback_given=[feedback_out(f) for f in given],
        checkins=[checkin_out(c, caller) for c in checkins],
        action_items=[to_out(ActionItemOut, a) for a in actions],
        drafts_requested=[dict(r._mapping) for r in drafts],
        api_tokens=[dict(r._mapping) for r in tokens],
        audit_events=[dict(r._mapping) for r in events],
    )
