"""Gathering and packing each task's context, after the access check.

Every task reads through the records layer (assistant/records.py), which applies the access
policy in SQL. HR themes are the exception by design: HR may not read individual feedback, so
the group's shared feedback is read here as anonymous items (no names in labels or facts) and
only after :func:`assistant.access.require_hr_group` has passed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select, true
from sqlalchemy.orm import Session

from assistant.access import Caller, require_below, require_hr_group, team_member_ids
from assistant.errors import AccessDenied, NotFound, UserError
from assistant.kinds import cite
from assistant.models import Feedback, FeedbackVisibility, Person, Team
from assistant.people import person_id_by_email
from assistant.record_facts import FeedbackFacts, stored
from assistant.records import context_about
from retrieval.packing import Packed, pack
from retrieval.types import ContextItem

Priority = Callable[[ContextItem], float]


@dataclass(frozen=True)
class Subject:
    id: int | None
    name: str | None
    group_name: str | None = None
    group_ids: frozenset[int] = frozenset()


def person_name(session: Session, person_id: int) -> str:
    return session.scalar(select(Person.name).where(Person.id == person_id)) or "?"


def resolve_person(session: Session, email_or_id: str | int) -> int:
    if isinstance(email_or_id, int):
        if session.get(Person, email_or_id) is None:
            raise NotFound(f"no person {email_or_id}")
        return email_or_id
    pid = person_id_by_email(session, email_or_id)
    if pid is None:
        raise NotFound(f"no person {email_or_id!r}")
    return pid


def check_access(
    session: Session,
    task: str,
    caller: Caller,
    *,
    subject: int | None,
    team: str | None,
    org: bool,
    k: int,
) -> Subject:
    """The policy for each task, before anything is read. Raises a UserError subclass."""
    if task in ("agenda", "coaching"):
        if subject is None:
            raise UserError(f"{task} needs the person it is about")
        require_below(caller, subject)  # NotFound, the same as for a stranger
        return Subject(subject, person_name(session, subject))
    if task == "summary":
        if subject is None:
            subject = caller.id
        if subject != caller.id and subject not in caller.below:
            raise NotFound(f"no person {subject} among your reports")
        return Subject(subject, person_name(session, subject))
    if task == "ask":
        # A question is over everything the caller may see, or about themselves or someone
        # below them; anyone else is the same NotFound as a stranger.
        if subject is None:
            return Subject(None, None)
        if subject != caller.id and subject not in caller.below:
            raise NotFound(f"no person {subject} among your reports")
        return Subject(subject, person_name(session, subject))
    if task == "reflection":
        if subject not in (None, caller.id):
            raise AccessDenied("a self-reflection can only be drafted by the person themselves")
        return Subject(caller.id, caller.name)
    if task == "themes":
        if not caller.is_hr:
            raise AccessDenied("group themes are for HR")
        if org == (team is not None):
            raise UserError("themes need exactly one of a team or the whole organisation")
        if org:
            ids = frozenset(session.scalars(select(Person.id).where(Person.active.is_(true()))))
            name = "the organisation"
        else:
            row = session.scalars(
                select(Team).where((Team.name == team) | (Team.external_id == team))
            ).first()
            if row is None:
                raise NotFound(f"no team {team!r}")
            ids, name = team_member_ids(session, row.id), f"the {row.name} team"
        group = require_hr_group(session, caller, ids, k)
        return Subject(None, None, group_name=name, group_ids=group)
    raise UserError(f"unknown task {task!r}")


def authorize(
    session: Session,
    task: str,
    caller: Caller,
    *,
    subject: str | int | None,
    team: str | None,
    org: bool,
    k: int,
) -> Subject:
    """Resolve the subject the caller named and apply :func:`check_access`.

    The answer never tells an existing person from an unknown one: a name the caller may not
    draft about gets the same message whether or not anyone has that email or id.
    """
    if task == "reflection" and subject is not None and not _is_self(caller, subject):
        raise AccessDenied("a self-reflection can only be drafted by the person themselves")
    try:
        subject_id = resolve_person(session, subject) if subject is not None else None
        return check_access(session, task, caller, subject=subject_id, team=team, org=org, k=k)
    except NotFound:
        if subject is None:
            raise
        raise NotFound(f"no person {subject!r} among the people you may ask about") from None


def _is_self(caller: Caller, subject: str | int) -> bool:
    if isinstance(subject, int):
        return subject == caller.id
    return subject.strip().lower() == caller.email.lower()


def gather(
    session: Session,
    task: str,
    caller: Caller,
    subject: Subject,
    *,
    since: dt.date | None,
    until: dt.date | None,
    today: dt.date,
) -> list[ContextItem]:
    if task == "themes":
        return group_feedback(session, subject.group_ids, since=since, until=until)
    assert subject.id is not None
    types = ["feedback"] if task == "summary" else None
    return context_about(
        session, caller, subject.id, record_types=types, since=since, until=until, today=today
    )


def group_feedback(
    session: Session, people: frozenset[int], *, since: dt.date | None, until: dt.date | None
) -> list[ContextItem]:
    """Shared feedback received within the group, as anonymous items (HR themes only)."""
    stmt = select(Feedback).where(
        Feedback.receiver_id.in_(sorted(people)),
        Feedback.visibility == FeedbackVisibility.SHARED,
    )
    if since:
        stmt = stmt.where(Feedback.date >= since)
    if until:
        stmt = stmt.where(Feedback.date <= until)
    return [
        ContextItem(
            citation=cite("feedback", f.id),
            record_type="feedback",
            record_id=f.id,
            date=f.date,
            subject_id=f.receiver_id,
            author_id=f.giver_id,
            label=f"Feedback ({f.kind.value}), {f.date.isoformat()}",
            text=f.text,
            facts=stored(FeedbackFacts(kind=f.kind.value)),
        )
        for f in session.scalars(stmt)
    ]


# --- packing -----------------------------------------------------------------------------------


def _agenda_priority(items: list[ContextItem], today: dt.date) -> Priority:
    """What a 1:1 needs first: open goals with their latest update, open action items, recent
    feedback and the last check-in; then key results and older feedback; history last."""
    latest: dict[str, ContextItem] = {}
    for item in sorted(items, key=lambda i: i.date or dt.date.min):
        goal = item.facts.get("goal_citation")
        if item.record_type == "goal_update" and isinstance(goal, str):
            latest[goal] = item
    latest_ids = {i.citation for i in latest.values()}
    checkins = sorted(
        (i for i in items if i.record_type == "checkin" and i.facts.get("part") == "shared"),
        key=lambda i: i.date or dt.date.min,
    )
    last_checkin = checkins[-1].citation if checkins else None

    def age(item: ContextItem) -> int:
        return (today - item.date).days if item.date else 10_000

    def priority(item: ContextItem) -> float:
        rtype, status = item.record_type, item.facts.get("status")
        if rtype == "goal":
            return 3 if status in ("done", "dropped") else 0
        if rtype == "action_item":
            return 0 if status == "open" else 6
        if rtype == "goal_update":
            return 0 if item.citation in latest_ids else 5
        if rtype == "checkin":
            return 1 if item.citation == last_checkin else 4
        if rtype == "feedback":
            return 1 if age(item) <= 45 else 2 if age(item) <= 120 else 5
        return 2  # key results

    return priority


def _spread_priority(items: list[ContextItem]) -> Priority:
    """Order items so that any prefix covers the whole period evenly (van der Corput order over
    the date-sorted list): a summary packed to a budget stays balanced, not just recent."""
    ordered = sorted(items, key=lambda i: (i.date or dt.date.min, i.citation))
    n = len(ordered)
    rank: dict[str, float] = {}
    bits = max(1, (n - 1).bit_length())
    order = sorted(range(n), key=lambda i: int(f"{i:0{bits}b}"[::-1], 2))
    for position, index in enumerate(order):
        rank.setdefault(ordered[index].citation, float(position))
    return lambda item: rank.get(item.citation, float(n))


def pack_for(
    task: str, items: list[ContextItem], budget: int, model: str | None, today: dt.date
) -> Packed:
    """The records a model reads, within the token budget, most useful first."""
    if task in ("summary", "themes"):
        priority = _spread_priority(items)
    else:
        priority = _agenda_priority(items, today)
    return pack(items, budget, priority=priority, model=model)
