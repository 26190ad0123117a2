"""What the manager home shows about each report, and the HR page's per-team numbers.

Every count goes through the access policy's scoped queries, so a signal never counts a record the
manager could not open.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assistant.access import Caller, hr_group_ok, team_member_ids
from assistant.models import (
    ActionItem,
    ActionStatus,
    CheckIn,
    Feedback,
    Goal,
    GoalStatus,
    Person,
    Team,
)
from assistant.scoped import scoped

AT_RISK = (GoalStatus.AT_RISK, GoalStatus.OFF_TRACK)


@dataclass(frozen=True)
class ReportSignals:
    person: Person
    goals_at_risk: int
    last_one_on_one: dt.date | None
    days_since: int | None
    open_actions: int
    feedback_since: int


def report_signals(session: Session, caller: Caller, today: dt.date) -> list[ReportSignals]:
    people = session.scalars(
        select(Person)
        .where(Person.id.in_(sorted(caller.direct_reports)), Person.active)
        .order_by(Person.name)
    )
    out = []
    for person in people:
        at_risk = (
            session.scalar(
                select(func.count()).select_from(
                    scoped(Goal, caller)
                    .where(Goal.owner_person_id == person.id, Goal.status.in_(AT_RISK))
                    .subquery()
                )
            )
            or 0
        )
        last = session.scalar(
            select(func.max(CheckIn.date)).where(
                CheckIn.employee_id == person.id, CheckIn.manager_id == caller.id
            )
        )
        actions = (
            session.scalar(
                select(func.count()).select_from(
                    scoped(ActionItem, caller)
                    .where(
                        ActionItem.status == ActionStatus.OPEN,
                        ActionItem.checkin.has(CheckIn.employee_id == person.id),
                    )
                    .subquery()
                )
            )
            or 0
        )
        fb_query = scoped(Feedback, caller).where(Feedback.receiver_id == person.id)
        if last is not None:
            fb_query = fb_query.where(Feedback.date > last)
        feedback = session.scalar(select(func.count()).select_from(fb_query.subquery())) or 0
        out.append(
            ReportSignals(
                person, at_risk, last, (today - last).days if last else None, actions, feedback
            )
        )
    return out


@dataclass(frozen=True)
class TeamRow:
    team: Team
    size: int
    allowed: bool
    monthly: list[tuple[str, int]]  # (YYYY-MM, feedback received by the team), oldest first


def months_back(today: dt.date, n: int) -> list[dt.date]:
    first = today.replace(day=1)
    months = []
    for _ in range(n):
        months.append(first)
        first = (first - dt.timedelta(days=1)).replace(day=1)
    return months[::-1]


def team_rows(session: Session, k: int, today: dt.date, n_months: int = 6) -> list[TeamRow]:
    rows = []
    # Anchor on the latest feedback when the data stops before today (an imported history):
    # six empty months would say nothing.
    latest = session.scalar(select(func.max(Feedback.date)))
    months = months_back(min(today, latest) if latest else today, n_months)
    for team in session.scalars(select(Team).order_by(Team.name)):
        members = team_member_ids(session, team.id)
        allowed = hr_group_ok(session, members, k)
        monthly: list[tuple[str, int]] = []
        if allowed:  # below the threshold not even a count per month is shown
            counts = {m: 0 for m in months}
            dates = session.scalars(
                select(Feedback.date).where(
                    Feedback.receiver_id.in_(sorted(members)), Feedback.date >= months[0]
                )
            )
            for day in dates:
                key = day.replace(day=1)
                if key in counts:
                    counts[key] += 1
            monthly = [(m.strftime("%Y-%m"), c) for m, c in counts.items()]
        rows.append(TeamRow(team, len(members), allowed, monthly))
    return rows
