"""Who may write what. Reads are scoped by assistant.access; these are the API's write rules.

- Goals, key results: the owner or anyone above them in the reporting line; team and company
  goals: admins.
- Goal updates: written by someone who may edit the goal; edited only by their author.
- Feedback: given as oneself, to any active person; edited only by its giver.
- Check-ins: a manager with someone below them; edited only by that manager.
- Action items: on a check-in the caller took part in, owned by one of its two people; updated
  by the owner or either participant.
- Bulk import: admins and HR (checked before the body is read, api/gate.py).
A write the caller may not make on a record they can see is 403; one they cannot see is 404.
"""

from __future__ import annotations

from assistant.access import Caller
from assistant.errors import AccessDenied
from assistant.models import ActionItem, CheckIn, Feedback, Goal, GoalUpdate, KeyResult


def manages(caller: Caller, person_id: int | None) -> bool:
    """The caller is this person or above them in the reporting line."""
    return person_id is not None and (person_id == caller.id or person_id in caller.below)


def require(condition: bool, message: str) -> None:
    if not condition:
        raise AccessDenied(message)


def may_import(caller: Caller) -> bool:
    # Imports write people, roles and reporting lines: administration, not HR (HR importing a
    # bundle could make itself anyone's manager).
    return caller.is_admin


def may_edit_goal(caller: Caller, goal: Goal) -> bool:
    if goal.owner_person_id is not None:
        return manages(caller, goal.owner_person_id)
    return caller.is_admin


def may_edit_key_result(caller: Caller, kr: KeyResult) -> bool:
    return may_edit_goal(caller, kr.goal)


def may_edit_goal_update(caller: Caller, update: GoalUpdate) -> bool:
    return update.author_id == caller.id


def may_edit_feedback(caller: Caller, fb: Feedback) -> bool:
    return fb.giver_id == caller.id


def may_edit_checkin(caller: Caller, checkin: CheckIn) -> bool:
    return checkin.manager_id == caller.id


def in_checkin(caller: Caller, checkin: CheckIn) -> bool:
    return caller.id in (checkin.manager_id, checkin.employee_id)


def may_update_action(caller: Caller, item: ActionItem) -> bool:
    return item.owner_id == caller.id or in_checkin(caller, item.checkin)
