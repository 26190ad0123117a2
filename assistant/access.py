"""The access policy: who may see which record. The one place it lives — the API, the tasks and
retrieval all ask this module (docs/ARCHITECTURE.md, "Access policy").

- An employee sees their own goals (public and private), anyone's public goals (with their key
  results and updates), feedback shared with them, feedback they gave (any visibility), and the
  shared notes and action items of their check-ins (as the employee, the manager who held it, or
  an action item's owner).
- A manager additionally sees, for every person below them in the reporting line: their goals,
  shared and manager-only feedback about them, their check-ins' shared notes and action items —
  plus their own private check-in notes. Never another author's private notes.
- Private team goals are visible to the team's members and to managers of any member.
- HR sees aggregates only (:func:`hr_group_ok`); as an individual, HR is just an employee.

A :class:`Caller` is computed on every request: the caller's own row from the database, their
place in the reporting line from the org chart as of the current data version
(assistant/org_chart.py: a reorg moves the version, so it re-scopes the next request).
The policy is expressed twice, and the tests hold the two to each other: as an
:class:`~retrieval.types.AccessScope` (allow-list clauses over document metadata, for the index)
and as SQL predicates (:func:`visible`, for reads).
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import ColumnElement, Select, and_, false, func, or_, select, true
from sqlalchemy.orm import InstrumentedAttribute, Session, aliased

from assistant import data_version
from assistant.errors import AccessDenied, GroupTooSmall, NotFound
from assistant.kinds import every_kind, family
from assistant.models import (
    ActionItem,
    CheckIn,
    Feedback,
    FeedbackVisibility,
    Goal,
    GoalUpdate,
    GoalVisibility,
    KeyResult,
    Person,
    Role,
    Team,
)
from assistant.org_chart import OrgChart, chart_at
from assistant.people import person_by_email
from assistant.record_kinds import model_of
from assistant.settings import MIN_ANONYMITY_K
from retrieval.batches import batched
from retrieval.types import AccessScope, Clause

__all__ = [
    "GOAL_RECORD_TYPES",
    "Caller",
    "distinct_people",
    "hr_group_ok",
    "load_caller",
    "require_below",
    "require_hr_group",
    "scope_for",
    "subject_scope",
    "team_member_ids",
    "visible",
]

# A goal and its parts: the only documents that carry a team (a team-owned goal's).
GOAL_RECORD_TYPES = family("goal")

# Above this many people below a caller, SQL predicates compute the subtree with a recursive CTE
# instead of binding every id (SQLite and PostgreSQL both cap bound parameters per statement).
_LITERAL_LIMIT = 1000


@dataclass(frozen=True)
class Caller:
    """Who is asking, with their place in the reporting line as of this request."""

    id: int
    email: str
    name: str
    is_hr: bool
    is_admin: bool
    team_id: int | None
    direct_reports: frozenset[int] = field(repr=False)
    below: frozenset[int] = field(repr=False)  # everyone under them, transitively
    # Teams whose private (team-owned) goals they see: their own and those of everyone below.
    team_ids: frozenset[int] = field(repr=False)
    # Every person id in the organisation (active or not), to tell "unknown" from "not yours".
    known_ids: frozenset[int] = field(repr=False)

    @property
    def is_manager(self) -> bool:
        return bool(self.direct_reports)

    @property
    def people(self) -> frozenset[int]:
        """The caller and everyone below them: whose restricted records they see."""
        return self.below | {self.id}

    def manages(self, person_id: int) -> bool:
        return person_id in self.below


def load_caller(session: Session, email_or_id: str | int, *, version: int | None = None) -> Caller:
    """The caller as of now. :class:`NotFound` for an unknown or inactive person (their own row
    is read on every call, so a deactivation refuses the next request). ``version`` is the data
    version just read in ``session``, when the caller of this has one (else it is read here)."""
    if isinstance(email_or_id, int):
        person = session.get(Person, email_or_id)
    else:
        person = person_by_email(session, email_or_id)
    if person is None or not person.active:
        raise NotFound(f"no active person {email_or_id!r}")

    chart = _chart(session, version)
    place = chart.place(person.id, person.team_id)
    roles = set(person.roles or ())
    return Caller(
        id=person.id,
        email=person.email,
        name=person.name,
        is_hr=Role.HR.value in roles,
        is_admin=Role.ADMIN.value in roles,
        team_id=person.team_id,
        direct_reports=place.direct_reports,
        below=place.below,
        team_ids=place.team_ids,
        known_ids=chart.known_ids,
    )


def _chart(session: Session, version: int | None = None) -> OrgChart:
    """The reporting line as ``session`` sees it: from this process's graph at the current
    data version (a reorg moves the version, so the next request reads the chart again), or
    read afresh when the version does not describe what the session sees (an uncommitted write
    of its own, or a session whose factory does not move the version)."""
    if version is None:
        version = data_version.read(session)  # before the graph: the graph is never older
    if not data_version.describes(session):
        return OrgChart.read(session, version)
    return chart_at(session, version)


def require_below(caller: Caller, subject_id: int) -> None:
    """For manager-only tasks (1:1 prep, coaching): :class:`NotFound` unless ``subject_id`` is
    below the caller — the same answer as for a person who does not exist."""
    if subject_id not in caller.below:
        raise NotFound(f"no person {subject_id} among your reports")


# --- the policy as metadata clauses (for the vector and lexical indexes) -----------------------


def scope_for(caller: Caller) -> AccessScope:
    """Everything ``caller`` may see, as allow-list clauses over document metadata."""
    me = (caller.id,)
    clauses = [
        Clause(("public",)),
        # Their own and their reports' private goals, shared feedback, check-in notes, actions.
        Clause(("restricted", "shared"), subject_ids=tuple(sorted(caller.people))),
        # What they wrote or own: feedback given (any visibility), check-ins they held (shared
        # and their private notes), action items they own.
        Clause(("shared", "manager_only", "private"), author_ids=me),
    ]
    if caller.below:
        clauses.append(Clause(("manager_only",), subject_ids=tuple(sorted(caller.below))))
    if caller.team_ids:
        clauses.append(
            Clause(
                ("restricted",),
                team_ids=tuple(sorted(caller.team_ids)),
                record_types=GOAL_RECORD_TYPES,
            )
        )
    return AccessScope(person_id=caller.id, clauses=tuple(clauses))


def subject_scope(caller: Caller, subject_id: int) -> AccessScope:
    """:func:`scope_for` narrowed to records about one person. :class:`NotFound` when no such
    person exists; for a peer it is what the policy leaves (public goals, what the caller wrote
    about them), which may well be nothing in the data."""
    if subject_id not in caller.known_ids:
        raise NotFound(f"no person {subject_id}")
    s, me = (subject_id,), (caller.id,)
    clauses = [
        Clause(("public",), subject_ids=s),
        Clause(("shared", "manager_only", "private"), subject_ids=s, author_ids=me),
    ]
    if subject_id == caller.id:
        clauses.append(Clause(("restricted", "shared"), subject_ids=s))
    elif subject_id in caller.below:
        clauses.append(Clause(("restricted", "shared", "manager_only"), subject_ids=s))
    return AccessScope(person_id=caller.id, clauses=tuple(clauses))


# --- the policy as SQL predicates (for reads from the database) --------------------------------


def _subtree(root_id: int) -> Select[Any]:
    """Ids below ``root_id``, computed by the database (UNION, not UNION ALL: a cycle ends)."""
    first = select(Person.id.label("id")).where(Person.manager_id == root_id)
    tree = first.cte("below_tree", recursive=True)
    child = aliased(Person)
    tree = tree.union(select(child.id).where(child.manager_id == tree.c.id))
    return select(tree.c.id).where(tree.c.id != root_id)


def _in_people(column: InstrumentedAttribute[Any], caller: Caller) -> ColumnElement[bool]:
    """``column`` is the caller or someone below them."""
    if len(caller.below) > _LITERAL_LIMIT:
        return or_(column == caller.id, column.in_(_subtree(caller.id)))
    return column.in_(sorted(caller.people))


def _in_below(column: InstrumentedAttribute[Any], caller: Caller) -> ColumnElement[bool]:
    if not caller.below:
        return false()
    if len(caller.below) > _LITERAL_LIMIT:
        return column.in_(_subtree(caller.id))
    return column.in_(sorted(caller.below))


def _goal(caller: Caller) -> ColumnElement[bool]:
    team_goal = (
        and_(Goal.owner_person_id.is_(None), Goal.owner_team_id.in_(sorted(caller.team_ids)))
        if caller.team_ids
        else false()
    )
    return or_(
        Goal.visibility == GoalVisibility.PUBLIC,
        _in_people(Goal.owner_person_id, caller),
        team_goal,
    )


def _key_result(caller: Caller) -> ColumnElement[bool]:
    return KeyResult.goal.has(_goal(caller))


def _goal_update(caller: Caller) -> ColumnElement[bool]:
    return GoalUpdate.goal.has(_goal(caller))


def _feedback(caller: Caller) -> ColumnElement[bool]:
    return or_(
        Feedback.giver_id == caller.id,
        and_(Feedback.receiver_id == caller.id, Feedback.visibility == FeedbackVisibility.SHARED),
        and_(
            _in_below(Feedback.receiver_id, caller),
            Feedback.visibility.in_([FeedbackVisibility.SHARED, FeedbackVisibility.MANAGER_ONLY]),
        ),
    )


def _checkin_shared(caller: Caller) -> ColumnElement[bool]:
    return or_(CheckIn.manager_id == caller.id, _in_people(CheckIn.employee_id, caller))


def _checkin_private(caller: Caller) -> ColumnElement[bool]:
    # Only the manager who wrote them — not their own manager, not a later manager.
    return CheckIn.manager_id == caller.id


def _action_item(caller: Caller) -> ColumnElement[bool]:
    return or_(
        ActionItem.owner_id == caller.id,
        ActionItem.checkin.has(_in_people(CheckIn.employee_id, caller)),
    )


_PREDICATES: dict[type[Any], Callable[[Caller], ColumnElement[bool]]] = {
    model_of(name): predicate
    for name, predicate in every_kind(
        {
            "goal": _goal,
            "key_result": _key_result,
            "goal_update": _goal_update,
            "feedback": _feedback,
            "checkin": _checkin_shared,
            "action_item": _action_item,
        },
        "access predicates",
    ).items()
}


def visible(
    model: type[Any], caller: Caller, *, part: Literal["shared", "private"] = "shared"
) -> ColumnElement[bool]:
    """A WHERE clause keeping only rows of ``model`` the caller may see.

    For :class:`CheckIn` a row has two parts: ``part="shared"`` (the default) guards the shared
    notes, mood and the row itself; ``part="private"`` guards the manager's private notes.
    """
    if part == "private":
        if model is not CheckIn:
            raise ValueError("only check-ins have a private part")
        return _checkin_private(caller)
    try:
        return _PREDICATES[model](caller)
    except KeyError:
        raise TypeError(f"no access predicate for {model.__name__}") from None


# --- HR: aggregates over groups only -----------------------------------------------------------


def distinct_people(session: Session, person_ids: Iterable[int]) -> int:
    """How many distinct, existing people ``person_ids`` names."""
    ids = sorted(set(person_ids))
    found = 0
    for chunk in batched(ids):
        found += session.scalar(select(func.count(Person.id)).where(Person.id.in_(chunk))) or 0
    return found


def hr_group_ok(session: Session, person_ids: Iterable[int], k: int) -> bool:
    """True when the group has at least ``k`` distinct people (``k`` is never taken below
    settings.MIN_ANONYMITY_K, whatever the caller passes)."""
    return distinct_people(session, person_ids) >= max(k, MIN_ANONYMITY_K)


def require_hr_group(
    session: Session, caller: Caller, person_ids: Iterable[int], k: int
) -> frozenset[int]:
    """The group, once the caller is HR and the group is big enough; else AccessDenied /
    GroupTooSmall (which never says how small: that would itself leak)."""
    if not caller.is_hr:
        raise AccessDenied("group themes are for HR")
    group = frozenset(person_ids)
    if not hr_group_ok(session, group, k):
        raise GroupTooSmall(
            f"this group has fewer than {max(k, MIN_ANONYMITY_K)} people; "
            "themes are only shown for larger groups"
        )
    return group


def team_member_ids(
    session: Session, team_id: int, *, include_subteams: bool = True
) -> frozenset[int]:
    """Active people in a team (and, by default, its sub-teams): the usual HR group."""
    teams = {team_id}
    if include_subteams:
        children: dict[int, list[int]] = defaultdict(list)
        for tid, parent in session.execute(select(Team.id, Team.parent_id)):
            if parent is not None:
                children[parent].append(tid)
        queue = deque([team_id])
        while queue:
            for child in children.get(queue.popleft(), ()):
                if child not in teams:
                    teams.add(child)
                    queue.append(child)
    rows = session.scalars(
        select(Person.id).where(Person.team_id.in_(sorted(teams)), Person.active.is_(true()))
    )
    return frozenset(rows)
