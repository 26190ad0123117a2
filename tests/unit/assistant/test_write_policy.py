"""The write rules (assistant/write_policy.py), stated directly on callers and records.

No database: a rule is a function of who is asking and the record's own fields, so each case here
is one line of the policy's docstring.

    ceo ── mgr ── r1
            └──── r2        peer (elsewhere), admin (role), operator (the command line)
"""

from __future__ import annotations

import pytest

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
from assistant.write_policy import (
    CLI_OPERATOR,
    in_checkin,
    manages,
    may_edit_checkin,
    may_edit_feedback,
    may_edit_goal,
    may_edit_goal_update,
    may_edit_key_result,
    may_erase,
    may_give_feedback_as,
    may_give_feedback_to,
    may_hold_checkin,
    may_import,
    may_set_goal,
    may_update_action,
    require,
)

CEO, MGR, R1, R2, PEER, ADMIN = 1, 2, 3, 4, 5, 6
EVERYONE = frozenset({CEO, MGR, R1, R2, PEER, ADMIN})


def caller(
    pid: int, below: frozenset[int] = frozenset(), *, admin: bool = False, hr: bool = False
) -> Caller:
    reports = {MGR} if pid == CEO else {R1, R2} if pid == MGR else set()
    return Caller(
        id=pid,
        email=f"p{pid}@acme.test",
        name=f"P{pid}",
        is_hr=hr,
        is_admin=admin,
        team_id=None,
        direct_reports=frozenset(reports),
        below=frozenset(below),
        team_ids=frozenset(),
        known_ids=EVERYONE,
    )


ceo = caller(CEO, frozenset({MGR, R1, R2}))
mgr = caller(MGR, frozenset({R1, R2}))
r1 = caller(R1)
peer = caller(PEER)
admin = caller(ADMIN, admin=True)
hr = caller(PEER, hr=True)


def test_manages_is_self_or_below() -> None:
    assert manages(mgr, MGR) and manages(mgr, R1) and manages(ceo, R2)
    assert not manages(mgr, CEO) and not manages(r1, R2) and not manages(mgr, None)


def test_require_raises_access_denied_with_the_message() -> None:
    require(True, "unused")
    with pytest.raises(AccessDenied, match="only admins"):
        require(False, "only admins")


def test_import_and_erasure_are_for_admins_not_hr() -> None:
    assert may_import(admin) and may_erase(admin)
    for who in (hr, ceo, mgr, r1):
        assert not may_import(who) and not may_erase(who)


def test_individual_goals_are_set_down_the_line_and_shared_goals_by_admins() -> None:
    assert may_set_goal(r1, GoalLevel.INDIVIDUAL, R1)
    assert may_set_goal(mgr, GoalLevel.INDIVIDUAL, R2) and may_set_goal(
        ceo, GoalLevel.INDIVIDUAL, R2
    )
    assert not may_set_goal(r1, GoalLevel.INDIVIDUAL, R2)  # a peer's goal
    assert not may_set_goal(r1, GoalLevel.INDIVIDUAL, MGR)  # upwards
    for level in (GoalLevel.TEAM, GoalLevel.COMPANY):
        assert may_set_goal(admin, level, ADMIN)
        assert not may_set_goal(ceo, level, CEO)  # managing everyone is not administration


def test_goals_and_key_results_are_edited_by_the_owner_and_above() -> None:
    r1_goal = Goal(owner_person_id=R1)
    team_goal = Goal(owner_person_id=None, owner_team_id=1)
    for who, allowed in ((r1, True), (mgr, True), (ceo, True), (peer, False), (admin, False)):
        assert may_edit_goal(who, r1_goal) is allowed
        assert may_edit_key_result(who, KeyResult(goal=r1_goal)) is allowed
    assert may_edit_goal(admin, team_goal) and not may_edit_goal(ceo, team_goal)


def test_a_goal_update_is_edited_by_its_author_only() -> None:
    update = GoalUpdate(author_id=R1, goal=Goal(owner_person_id=R1))
    assert may_edit_goal_update(r1, update)
    assert not may_edit_goal_update(mgr, update)  # may edit the goal, not r1's words


def test_feedback_is_given_as_oneself_to_active_people_and_edited_by_its_giver() -> None:
    assert may_give_feedback_as(r1, R1) and not may_give_feedback_as(r1, R2)
    assert not may_give_feedback_as(mgr, R1)  # a manager does not write in a report's name
    # Any active person, inside the chain or not: the rules do not depend on the visibility.
    assert may_give_feedback_to(r1, Person(id=PEER, active=True))
    assert may_give_feedback_to(r1, Person(id=CEO, active=True))
    assert not may_give_feedback_to(r1, Person(id=PEER, active=False))
    fb = Feedback(giver_id=R1, receiver_id=R2)
    assert may_edit_feedback(r1, fb)
    assert not may_edit_feedback(caller(R2), fb)  # the receiver
    assert not may_edit_feedback(mgr, fb)  # nor the giver's manager


def test_checkins_are_held_by_a_manager_with_someone_below_and_edited_by_that_manager() -> None:
    assert may_hold_checkin(mgr, MGR, R1) and may_hold_checkin(ceo, CEO, R1)  # skip-level
    assert not may_hold_checkin(mgr, MGR, PEER)  # outside the chain
    assert not may_hold_checkin(r1, R1, R2)  # no reports at all
    assert not may_hold_checkin(ceo, MGR, R1)  # not in someone else's name
    checkin = CheckIn(manager_id=MGR, employee_id=R1)
    assert may_edit_checkin(mgr, checkin)
    assert not may_edit_checkin(r1, checkin) and not may_edit_checkin(ceo, checkin)


def test_action_items_are_for_the_1on1s_people() -> None:
    checkin = CheckIn(manager_id=MGR, employee_id=R1)
    assert in_checkin(mgr, checkin) and in_checkin(r1, checkin)
    assert not in_checkin(ceo, checkin) and not in_checkin(caller(R2), checkin)
    owned_by_r1 = ActionItem(owner_id=R1, checkin=checkin)
    assert may_update_action(r1, owned_by_r1) and may_update_action(mgr, owned_by_r1)
    assert not may_update_action(ceo, owned_by_r1)
    # Owned by someone outside the 1:1 (an old reorg): the owner may still update it.
    assert may_update_action(peer, ActionItem(owner_id=PEER, checkin=checkin))


def test_the_command_line_operator_records_for_anyone() -> None:
    assert may_give_feedback_as(CLI_OPERATOR, R1)
    assert may_give_feedback_to(CLI_OPERATOR, Person(id=PEER, active=False))
    assert may_hold_checkin(CLI_OPERATOR, PEER, R1)
    assert in_checkin(CLI_OPERATOR, CheckIn(manager_id=MGR, employee_id=R1))
