"""The write services: every change a person makes to a record, whichever way it arrives.

The API's routes (api/routes/), the web UI's forms (api/ui/) and the command line
(assistant/cli/records.py) all write through these, so each rule is stated once:

- who may write what: assistant/write_policy.py. A record the actor cannot see is NotFound, one
  they see but may not change is AccessDenied;
- what a record needs beyond its fields' own rules (assistant/fields.py, applied by each front
  end's parser: the API's schemas, the CLI's bundle models): feedback for someone else, a 1:1
  between two people, an action item owned by one of them, no null in a required field. These
  raise ValidationFailed with every problem found, located as the API's body fields (the CLI
  names its flags instead);
- the index: a service only adds to or changes the session. The front end commits (the API's
  ``save``, the CLI's ``transaction``), and the outbox hook (assistant/outbox.py) queues the change
  in that same transaction, so a write and its index entry commit together or not at all.

Record fields arrive as mappings of column names (a request body's ``model_dump()``); external ids
are the front end's (``api-…``, ``cli-…``), as is deciding what "today" is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.access import Caller
from assistant.errors import NotFound, Problem, ValidationFailed
from assistant.models import (
    ActionItem,
    ActionStatus,
    Base,
    CheckIn,
    CompanyValue,
    Cycle,
    Feedback,
    FeedbackKind,
    FeedbackVisibility,
    Goal,
    GoalLevel,
    GoalUpdate,
    KeyResult,
    Person,
)
from assistant.scoped import get_visible, missing
from assistant.write_policy import (
    Actor,
    CliOperator,
    in_checkin,
    may_edit_checkin,
    may_edit_feedback,
    may_edit_goal,
    may_edit_goal_update,
    may_edit_key_result,
    may_give_feedback_as,
    may_give_feedback_to,
    may_hold_checkin,
    may_set_goal,
    may_update_action,
    require,
)

M = TypeVar("M", bound=Base)
BODY = "body"  # where a problem lies: the record's fields, as the API's request body names them


def _writable(
    session: Session,
    model: type[M],
    record_id: int,
    caller: Caller,
    allowed: Callable[[Caller, M], bool],
    denied: str,
) -> M:
    """The record if the caller may see it (else NotFound) and ``allowed`` lets them write it
    (else AccessDenied with ``denied``, which names the write: the rule alone does not)."""
    row = get_visible(session, model, record_id, caller)
    require(allowed(caller, row), denied)
    return row


def _apply(obj: Base, changes: Mapping[str, Any], nullable: frozenset[str] = frozenset()) -> None:
    """Set the fields given; a None for a field that may not be cleared is a ValidationFailed."""
    bad = [key for key, value in changes.items() if value is None and key not in nullable]
    if bad:
        raise ValidationFailed([Problem(BODY, key, "may not be null") for key in bad])
    for key, value in changes.items():
        setattr(obj, key, value)


def _edit(
    session: Session,
    caller: Caller,
    model: type[M],
    record_id: int,
    changes: Mapping[str, Any],
    rule: tuple[Callable[[Caller, M], bool], str],
    nullable: frozenset[str] = frozenset(),
) -> M:
    """A change to a stored record's fields: ``rule`` is who may make it and the refusal's words."""
    row = _writable(session, model, record_id, caller, *rule)
    _apply(row, changes, nullable)
    return row


def _sees(session: Session, actor: Actor, model: type[M], record_id: int) -> bool:
    if isinstance(actor, CliOperator):
        return session.get(model, record_id) is not None
    try:
        get_visible(session, model, record_id, actor)
    except NotFound:
        return False
    return True


def _named(actor: Actor, person_id: int | None, field: str) -> int:
    """Who a write is by: a caller writes as themselves unless told; the operator must say."""
    if person_id is not None:
        return person_id
    if isinstance(actor, CliOperator):
        raise ValidationFailed([Problem(BODY, field, "required on the command line")])
    return actor.id


# --- goals, key results, goal updates --------------------------------------------------------


def set_goal(
    session: Session,
    caller: Caller,
    fields: Mapping[str, Any],
    *,
    owner_id: int | None,
    today: dt.date,
    external_id: str,
) -> Goal:
    """A new goal: an individual one for the caller (``owner_id`` None) or someone below them; a
    team or company goal (no owning person) by an admin."""
    data = {"level": GoalLevel.INDIVIDUAL, **fields}
    level = data["level"]
    owner = owner_id or caller.id
    individual = level is GoalLevel.INDIVIDUAL
    require(
        may_set_goal(caller, level, owner),
        "you may set goals for yourself and your reports only"
        if individual
        else "team and company goals are set by admins",
    )
    if data.get("parent_id") is not None:
        get_visible(session, Goal, data["parent_id"], caller)
    if data.get("cycle_id") is not None and session.get(Cycle, data["cycle_id"]) is None:
        raise ValidationFailed([Problem(BODY, "cycle_id", "no such cycle")])
    goal = Goal(
        external_id=external_id,
        created_on=today,
        **data,
        owner_person_id=owner if individual else None,
    )
    session.add(goal)
    return goal


def update_goal(session: Session, caller: Caller, goal_id: int, changes: Mapping[str, Any]) -> Goal:
    rule = (may_edit_goal, "you may not edit this goal")
    return _edit(session, caller, Goal, goal_id, changes, rule, frozenset({"due_date"}))


def add_key_result(
    session: Session, caller: Caller, fields: Mapping[str, Any], *, external_id: str
) -> KeyResult:
    """A key result on ``fields["goal_id"]``, which the caller must be allowed to edit."""
    _writable(
        session,
        Goal,
        fields["goal_id"],
        caller,
        may_edit_goal,
        "you may not add key results to this goal",
    )
    kr = KeyResult(external_id=external_id, **fields)
    session.add(kr)
    return kr


def update_key_result(
    session: Session, caller: Caller, kr_id: int, changes: Mapping[str, Any]
) -> KeyResult:
    rule = (may_edit_key_result, "you may not edit this key result")
    return _edit(session, caller, KeyResult, kr_id, changes, rule)


def post_goal_update(
    session: Session,
    caller: Caller,
    fields: Mapping[str, Any],
    *,
    today: dt.date,
    external_id: str,
) -> GoalUpdate:
    """An update on ``fields["goal_id"]`` by the caller, dated ``today`` unless it says."""
    goal = _writable(
        session,
        Goal,
        fields["goal_id"],
        caller,
        may_edit_goal,
        "you may not post updates on this goal",
    )
    data = {**fields, "date": fields.get("date") or today}
    update = GoalUpdate(external_id=external_id, author_id=caller.id, **data)
    # The update is the goal's latest state: keep the goal's own fields in step with it.
    goal.progress, goal.status = update.progress, update.status
    session.add(update)
    return update


def edit_goal_update(
    session: Session, caller: Caller, update_id: int, changes: Mapping[str, Any]
) -> GoalUpdate:
    rule = (may_edit_goal_update, "only the author may edit an update")
    return _edit(session, caller, GoalUpdate, update_id, changes, rule, frozenset({"confidence"}))


# --- feedback --------------------------------------------------------------------------------


def give_feedback(
    session: Session,
    actor: Actor,
    *,
    receiver_id: int,
    kind: FeedbackKind,
    text: str,
    today: dt.date,
    giver_id: int | None = None,
    visibility: FeedbackVisibility = FeedbackVisibility.SHARED,
    values: Sequence[str] = (),
    goal_id: int | None = None,
    date: dt.date | None = None,
    external_id: str,
) -> Feedback:
    """One piece of feedback from ``giver_id`` (a caller: themselves, the default) to someone
    else, tagged with company values by name and optionally about a goal the actor can see."""
    giver = _named(actor, giver_id, "giver_id")
    require(may_give_feedback_as(actor, giver), "feedback is given as yourself")
    problems: list[Problem] = []
    receiver = session.get(Person, receiver_id)
    if receiver is None or not may_give_feedback_to(actor, receiver):
        problems.append(Problem(BODY, "receiver_id", "no active person with this id"))
    elif receiver.id == giver:
        # A caller gives as themselves; the operator names both people.
        reason = (
            "feedback needs two different people"
            if isinstance(actor, CliOperator)
            else "feedback is for someone else"
        )
        problems.append(Problem(BODY, "receiver_id", reason))
    tags: list[CompanyValue] = []
    if values:
        tags = list(session.scalars(select(CompanyValue).where(CompanyValue.name.in_(values))))
        tags.sort(key=lambda v: values.index(v.name))  # as the giver listed them
        missing = sorted(set(values) - {v.name for v in tags})
        if missing:
            problems.append(Problem(BODY, "values", f"unknown value(s): {', '.join(missing)}"))
    if goal_id is not None and not _sees(session, actor, Goal, goal_id):
        problems.append(Problem(BODY, "goal_id", "no such goal"))
    if problems:
        raise ValidationFailed(problems)
    fb = Feedback(
        external_id=external_id,
        giver_id=giver,
        receiver_id=receiver_id,
        date=date or today,
        kind=kind,
        visibility=visibility,
        text=text,
        goal_id=goal_id,
        values=tags,
    )
    session.add(fb)
    return fb


def edit_feedback(
    session: Session, caller: Caller, feedback_id: int, changes: Mapping[str, Any]
) -> Feedback:
    rule = (may_edit_feedback, "only the giver may edit feedback")
    return _edit(session, caller, Feedback, feedback_id, changes, rule)


# --- check-ins and action items --------------------------------------------------------------


def add_checkin(
    session: Session,
    actor: Actor,
    *,
    employee_id: int,
    today: dt.date,
    manager_id: int | None = None,
    date: dt.date | None = None,
    shared_notes: str = "",
    private_notes: str = "",
    mood: int | None = None,
    external_id: str,
) -> CheckIn:
    """A 1:1 held by ``manager_id`` (a caller: themselves, the default) with ``employee_id``."""
    manager = _named(actor, manager_id, "manager_id")
    employee = session.get(Person, employee_id)
    if employee is None or not may_hold_checkin(actor, manager, employee.id):
        raise ValidationFailed([Problem(BODY, "employee_id", "not someone you manage")])
    if employee.id == manager:
        raise ValidationFailed(
            [Problem(BODY, "manager_id", "a check-in needs two different people")]
        )
    checkin = CheckIn(
        external_id=external_id,
        manager_id=manager,
        employee_id=employee.id,
        date=date or today,
        shared_notes=shared_notes,
        private_notes=private_notes,
        mood=mood,
    )
    session.add(checkin)
    return checkin


def edit_checkin(
    session: Session, caller: Caller, checkin_id: int, changes: Mapping[str, Any]
) -> CheckIn:
    rule = (may_edit_checkin, "only the manager who held the 1:1 may edit it")
    return _edit(session, caller, CheckIn, checkin_id, changes, rule, frozenset({"mood"}))


def add_action_item(
    session: Session,
    actor: Actor,
    checkin: int | CheckIn,
    *,
    owner_id: int,
    text: str,
    due_date: dt.date | None = None,
    external_id: str,
) -> ActionItem:
    """An action item on a check-in (its id, or one just added in this transaction) that the
    actor took part in, owned by one of the 1:1's two people."""
    denied = "only the 1:1's participants may add action items"
    if isinstance(checkin, CheckIn):
        require(in_checkin(actor, checkin), denied)
    elif isinstance(actor, Caller):
        checkin = _writable(session, CheckIn, checkin, actor, in_checkin, denied)
    else:
        found = session.get(CheckIn, checkin)
        if found is None:
            raise missing(CheckIn, checkin)
        checkin = found
    if owner_id not in (checkin.manager_id, checkin.employee_id):
        raise ValidationFailed([Problem(BODY, "owner_id", "must be one of the 1:1's people")])
    # A check-in already stored is linked by id: going through its collection would mark it
    # changed, and the outbox would re-index it for nothing.
    link: dict[str, Any] = (
        {"checkin": checkin} if checkin.id is None else {"checkin_id": checkin.id}
    )
    item = ActionItem(
        external_id=external_id, owner_id=owner_id, text=text, due_date=due_date, **link
    )
    session.add(item)
    return item


def _stamp_completion(item: ActionItem, today: dt.date) -> None:
    # completed_on follows status: the day it was marked done, and cleared when it is reopened.
    item.completed_on = today if item.status == ActionStatus.DONE else None


def update_action_item(
    session: Session, caller: Caller, item_id: int, changes: Mapping[str, Any], today: dt.date
) -> ActionItem:
    rule = (may_update_action, "you may not update this action item")
    item = _edit(session, caller, ActionItem, item_id, changes, rule, frozenset({"due_date"}))
    if changes.get("status") is not None:
        _stamp_completion(item, today)
    return item


def complete_action(session: Session, caller: Caller, item_id: int, today: dt.date) -> ActionItem:
    """Mark an action item done (the 1:1 prep page's button)."""
    return update_action_item(session, caller, item_id, {"status": ActionStatus.DONE}, today)
