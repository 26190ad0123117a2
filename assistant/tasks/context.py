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
from assistant.tasks import windows as w
from assistant.tasks.targets import GroupTarget, PersonRef, Target
from retrieval.index import VectorIndex
from retrieval.lexical import LexicalIndex
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


def resolve_person(session: Session, email_or_id: PersonRef) -> int:
    if isinstance(email_or_id, int):
        if session.get(Person, email_or_id) is None:
            raise NotFound(f"no person {email_or_id}")
        return email_or_id
    pid = person_id_by_email(session, email_or_id)
    if pid is None:
        raise NotFound(f"no person {email_or_id!r}")
    return pid


AccessRule = Callable[[Session, Caller, Target, int], Subject]


def _person(session: Session, ref: PersonRef | None) -> int | None:
    return None if ref is None else resolve_person(session, ref)


def report_rule(session: Session, caller: Caller, target: Target, k: int) -> Subject:
    """Someone below the caller in the reporting line (agenda, coaching)."""
    subject = _person(session, target.subject)
    if subject is None:
        raise UserError("this task needs the person it is about")
    require_below(caller, subject)  # NotFound, the same as for a stranger
    return Subject(subject, person_name(session, subject))


def self_or_report_rule(session: Session, caller: Caller, target: Target, k: int) -> Subject:
    """The caller (when nobody is named) or someone below them (summary)."""
    subject = _person(session, target.subject)
    if subject is None:
        subject = caller.id
    if subject != caller.id and subject not in caller.below:
        raise NotFound(f"no person {subject} among your reports")
    return Subject(subject, person_name(session, subject))


def question_rule(session: Session, caller: Caller, target: Target, k: int) -> Subject:
    """A question is over everything the caller may see, or about themselves or someone below
    them; anyone else is the same NotFound as a stranger (ask)."""
    if target.subject is None:
        return Subject(None, None)
    return self_or_report_rule(session, caller, target, k)


def self_rule(session: Session, caller: Caller, target: Target, k: int) -> Subject:
    """The caller alone (reflection). Checked before the name is looked up, so that naming
    someone else is refused the same way whether or not they exist."""
    if target.subject is not None and not _is_self(caller, target.subject):
        raise AccessDenied("a self-reflection can only be drafted by the person themselves")
    return Subject(caller.id, caller.name)


def group_rule(session: Session, caller: Caller, target: Target, k: int) -> Subject:
    """HR only: a team or the whole organisation of at least ``k`` people (themes)."""
    if not caller.is_hr:
        raise AccessDenied("group themes are for HR")
    team = target.team if isinstance(target, GroupTarget) else None
    org = isinstance(target, GroupTarget) and target.org
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


def authorize(
    session: Session, rule: AccessRule, caller: Caller, target: Target, *, k: int
) -> Subject:
    """Resolve the subject the caller named and apply the task's access ``rule``, before
    anything is read. Raises a UserError subclass.

    The answer never tells an existing person from an unknown one: a name the caller may not
    draft about gets the same message whether or not anyone has that email or id.
    """
    try:
        return rule(session, caller, target, k)
    except NotFound:
        if target.subject is None:
            raise
        raise NotFound(f"no person {target.subject!r} among the people you may ask about") from None


def _is_self(caller: Caller, subject: PersonRef) -> bool:
    if isinstance(subject, int):
        return subject == caller.id
    return subject.strip().lower() == caller.email.lower()


# --- gathering ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Gathering:
    """What a task's gather step may use: an open session, and the checked request."""

    session: Session
    caller: Caller
    subject: Subject
    target: Target
    since: dt.date | None
    until: dt.date | None
    today: dt.date
    index: VectorIndex | None = None
    lexical: LexicalIndex | None = None


@dataclass(frozen=True)
class Gathered:
    """A task's context records, and what the request's reading added to its brief."""

    items: list[ContextItem]
    since: dt.date | None
    until: dt.date | None
    question: str = ""
    topic: tuple[str, ...] = ()
    frame: str = ""
    # Nothing gathered means the honest answer needs no model (ask: nothing on record), and
    # gives a model no chance to answer from general knowledge.
    offline_when_empty: bool = False
    # HR themes: the group's feedback in the period of the same length just before ``since``,
    # read only to compare each theme's share of feedback with (its trend); never context.
    baseline: tuple[ContextItem, ...] = ()


Gather = Callable[[Gathering], Gathered]


def gather_about(g: Gathering) -> Gathered:
    """Every record about the subject the caller may see (agenda, coaching, reflection)."""
    return _about(g, None)


def gather_feedback_about(g: Gathering) -> Gathered:
    """The feedback about the subject the caller may see (summary)."""
    return _about(g, ["feedback"])


def _about(g: Gathering, types: list[str] | None) -> Gathered:
    assert g.subject.id is not None
    items = context_about(
        g.session,
        g.caller,
        g.subject.id,
        record_types=types,
        since=g.since,
        until=g.until,
        today=g.today,
    )
    return Gathered(items, g.since, g.until)


def gather_group(g: Gathering) -> Gathered:
    """The group's shared feedback, anonymous (themes); with a start date, also the period of
    the same length before it, for each theme's trend."""
    items = group_feedback(g.session, g.subject.group_ids, since=g.since, until=g.until)
    baseline: list[ContextItem] = []
    if g.since is not None:
        end = g.until or g.today
        before_end = g.since - dt.timedelta(days=1)
        before_start = before_end - max(end - g.since, dt.timedelta(0))
        baseline = group_feedback(
            g.session, g.subject.group_ids, since=before_start, until=before_end
        )
    return Gathered(items, g.since, g.until, baseline=tuple(baseline))


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


PriorityFor = Callable[[list[ContextItem], dt.date], Priority]


def agenda_priority(items: list[ContextItem], today: dt.date) -> Priority:
    """What a 1:1 needs first: open goals with their latest update, open action items, recent
    feedback and the last check-in; then key results and older feedback; history last (the
    ranks and windows are in assistant/tasks/windows.py)."""
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
        return (today - item.date).days if item.date else w.UNDATED_AGE_DAYS

    def feedback_rank(item: ContextItem) -> int:
        if age(item) <= w.FEEDBACK_RECENT.days:
            return w.RANK_RECENT_FEEDBACK
        if age(item) <= w.FEEDBACK_OLDER.days:
            return w.RANK_OLDER_FEEDBACK
        return w.RANK_OLD_FEEDBACK

    def priority(item: ContextItem) -> float:
        rtype, status = item.record_type, item.facts.get("status")
        if rtype == "goal":
            return w.RANK_CLOSED_GOAL if status in ("done", "dropped") else w.RANK_OPEN_GOAL
        if rtype == "action_item":
            return w.RANK_OPEN_ACTION if status == "open" else w.RANK_CLOSED_ACTION
        if rtype == "goal_update":
            return w.RANK_LATEST_UPDATE if item.citation in latest_ids else w.RANK_OLDER_UPDATE
        if rtype == "checkin":
            return w.RANK_LAST_CHECKIN if item.citation == last_checkin else w.RANK_OLDER_CHECKIN
        if rtype == "feedback":
            return feedback_rank(item)
        return w.RANK_KEY_RESULT

    return priority


def spread_priority(items: list[ContextItem], today: dt.date) -> Priority:
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
    priority: PriorityFor,
    items: list[ContextItem],
    budget: int,
    model: str | None,
    today: dt.date,
) -> Packed:
    """The records a model reads, within the token budget, most useful first."""
    return pack(items, budget, priority=priority(items, today), model=model)
