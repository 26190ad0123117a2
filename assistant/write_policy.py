"""Who may write what. Reads are scoped by assistant/access.py; these are the write rules, which
the API, the web UI and the command line share through the write services (assistant/writes.py).

- Goals, key results: the owner or anyone above them in the reporting line; team and company
  goals: admins.
- Goal updates: written by someone who may edit the goal; edited only by their author.
- Feedback: given as oneself, to any active person; edited only by its giver.
- Check-ins: a manager with someone below them; edited only by that manager.
- Action items: on a check-in the caller took part in, owned by one of its two people; updated
  by the owner or either participant.
- Bulk import and erasing a person: admins (import is checked before the body is read,
  api/gate.py).

The command line's operator (:data:`CLI_OPERATOR`) owns the data directory: like an import, it
records feedback and check-ins on anyone's behalf, for any two people, active or not; only the
records' own rules bind it (assistant/writes.py).

A write the caller may not make on a record they can see is AccessDenied (HTTP 403); one they
cannot see is NotFound (404).
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.access import Caller
from assistant.errors import AccessDenied
from assistant.models import (
    ActionItem,
    CheckIn,
    Feedback,
    Goal,
    GoalLevel,
    GoalUpdate,
    KeyResult,
    Person,
)


@dataclass(frozen=True)
class CliOperator:
    """Whoever runs ``cadence`` on the data directory: sees everything, writes for anyone."""


CLI_OPERATOR = CliOperator()
# Who makes a write: a signed-in person (the API, the web UI) or the command line's operator.
Actor = Caller | CliOperator


def require(condition: bool, message: str) -> None:
    if not condition:
        raise AccessDenied(message)


def manages(caller: Caller, person_id: int | None) -> bool:
    """The caller is this person or above them in the reporting line."""
    return person_id is not None and (person_id == caller.id or person_id in caller.below)


def may_import(caller: Caller) -> bool:
    # Imports write people, roles and reporting lines: administration, not HR (HR importing a
    # bundle could make itself anyone's manager).
    return caller.is_admin


def may_erase(caller: Caller) -> bool:
    return caller.is_admin


def may_set_goal(caller: Caller, level: GoalLevel, owner_id: int) -> bool:
    if level is GoalLevel.INDIVIDUAL:
        return manages(caller, owner_id)
    return caller.is_admin


def may_edit_goal(caller: Caller, goal: Goal) -> bool:
    if goal.owner_person_id is not None:
        return manages(caller, goal.owner_person_id)
    return caller.is_admin


def may_edit_key_result(caller: Caller, kr: KeyResult) -> bool:
    return may_edit_goal(caller, kr.goal)


def may_edit_goal_update(caller: Caller, update: GoalUpdate) -> bool:
    return update.author_id == caller.id


def may_give_feedback_as(actor: Actor, giver_id: int) -> bool:
    return isinstance(actor, CliOperator) or giver_id == actor.id


def may_give_feedback_to(actor: Actor, receiver: Person) -> bool:
    # People who have left receive no new feedback from colleagues; the operator may still record
    # history about them, as an import does.
    return isinstance(actor, CliOperator) or receiver.active


def may_edit_feedback(caller: Caller, fb: Feedback) -> bool:
    return fb.giver_id == caller.id


def may_hold_checkin(actor: Actor, manager_id: int, employee_id: int) -> bool:
    if isinstance(actor, CliOperator):
        return True
    return manager_id == actor.id and employee_id in actor.below


def may_edit_checkin(caller: Caller, checkin: CheckIn) -> bool:
    return checkin.manager_id == caller.id


def in_checkin(actor: Actor, checkin: CheckIn) -> bool:
    return isinstance(actor, CliOperator) or actor.id in (checkin.manager_id, checkin.employee_id)


def may_update_action(caller: Caller, item: ActionItem) -> bool:
    return item.owner_id == caller.id or in_checkin(caller, item.checkin)
