"""The write services (assistant/writes.py) on a small organisation, on SQLite and PostgreSQL:
the rules the API, the web UI and the command line share, asserted where they now live.

    ceo ── mgr ── r1, r2        peer (no manager), admin, gone (inactive)
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant import writes
from assistant.access import Caller, load_caller
from assistant.db import transaction
from assistant.errors import AccessDenied, NotFound, Problem, ValidationFailed
from assistant.models import (
    ActionItem,
    ActionStatus,
    CheckIn,
    CompanyValue,
    Feedback,
    FeedbackKind,
    FeedbackVisibility,
    Goal,
    GoalLevel,
    GoalStatus,
    GoalVisibility,
    OutboxEntry,
    Person,
)
from assistant.runtime import Runtime
from assistant.write_policy import CLI_OPERATOR, Actor

TODAY = dt.date(2026, 3, 2)
PRAISE = FeedbackKind.PRAISE


@dataclass
class Org:
    ids: dict[str, int]
    goal: int  # r1's private goal
    checkin: int  # mgr's 1:1 with r1


@pytest.fixture
def org(runtime: Runtime) -> Org:
    ids: dict[str, int] = {}
    with transaction(runtime.sessions) as s:
        for name, manager, roles, active in (
            ("ceo", None, ["employee"], True),
            ("mgr", "ceo", ["employee"], True),
            ("r1", "mgr", ["employee"], True),
            ("r2", "mgr", ["employee"], True),
            ("peer", None, ["employee"], True),
            ("admin", None, ["employee", "admin"], True),
            ("gone", None, ["employee"], False),
        ):
            person = Person(
                external_id=f"p-{name}",
                name=name.title(),
                email=f"{name}@acme.test",
                manager_id=ids.get(manager or ""),
                roles=roles,
                active=active,
            )
            s.add(person)
            s.flush()
            ids[name] = person.id
        s.add(CompanyValue(external_id="v-own", name="Ownership"))
        s.add(CompanyValue(external_id="v-care", name="Candour"))
        goal = Goal(
            external_id="g-r1",
            title="Ship it",
            level=GoalLevel.INDIVIDUAL,
            owner_person_id=ids["r1"],
            visibility=GoalVisibility.PRIVATE,
        )
        checkin = CheckIn(
            external_id="ci-1", manager_id=ids["mgr"], employee_id=ids["r1"], date=TODAY
        )
        s.add_all([goal, checkin])
        s.flush()
        return Org(ids, goal.id, checkin.id)


@pytest.fixture
def session(runtime: Runtime) -> Iterator[Session]:
    with runtime.sessions() as s:
        yield s


def who(session: Session, org: Org, name: str) -> Caller:
    return load_caller(session, org.ids[name])


def problems(exc: pytest.ExceptionInfo[ValidationFailed]) -> list[tuple[str, str]]:
    return [(p.field, p.reason) for p in exc.value.problems]


def feedback(session: Session, actor: Actor, to: int, **extra: Any) -> Feedback:
    """Praise from ``actor`` to ``to``; ``extra`` as give_feedback takes it."""
    return writes.give_feedback(
        session,
        actor,
        receiver_id=to,
        kind=PRAISE,
        text="Thanks",
        today=TODAY,
        external_id=f"t-{uuid.uuid4().hex[:8]}",
        **extra,
    )


def hold(session: Session, actor: Actor, employee: int, manager: int | None = None) -> CheckIn:
    return writes.add_checkin(
        session, actor, employee_id=employee, manager_id=manager, today=TODAY,
        external_id=f"t-{uuid.uuid4()}",
    )  # fmt: skip


def action(session: Session, actor: Actor, checkin: int | CheckIn, owner: int) -> ActionItem:
    return writes.add_action_item(
        session, actor, checkin, owner_id=owner, text="Book it", external_id=f"t-{uuid.uuid4()}"
    )


# --- feedback --------------------------------------------------------------------------------


def test_an_employee_gives_feedback_of_any_visibility_to_anyone_active(
    session: Session, org: Org
) -> None:
    r1 = who(session, org, "r1")
    # Outside their chain and upwards alike: who may receive does not depend on the visibility.
    for to, visibility in (("peer", "manager_only"), ("ceo", "private"), ("r2", "shared")):
        fb = feedback(session, r1, org.ids[to], visibility=FeedbackVisibility(visibility))
        assert (fb.giver_id, fb.receiver_id, fb.date) == (r1.id, org.ids[to], TODAY)
    session.commit()


def test_feedback_problems_are_all_reported_in_the_apis_order(session: Session, org: Org) -> None:
    peer = who(session, org, "peer")
    with pytest.raises(ValidationFailed) as self_fb:
        # r1's private goal is outside the peer's view: named like a missing one.
        feedback(session, peer, peer.id, values=["Ownership", "Speed"], goal_id=org.goal)
    assert problems(self_fb) == [
        ("receiver_id", "feedback is for someone else"),
        ("values", "unknown value(s): Speed"),
        ("goal_id", "no such goal"),
    ]
    assert all(p.where == "body" for p in self_fb.value.problems)
    with pytest.raises(ValidationFailed) as gone:
        feedback(session, peer, org.ids["gone"])
    assert problems(gone) == [("receiver_id", "no active person with this id")]
    assert not session.new  # nothing was added on the way


def test_feedback_is_given_as_oneself(session: Session, org: Org) -> None:
    mgr = who(session, org, "mgr")
    with pytest.raises(AccessDenied, match="as yourself"):
        feedback(session, mgr, org.ids["peer"], giver_id=org.ids["r1"])


def test_the_operator_records_feedback_between_any_two_people(session: Session, org: Org) -> None:
    fb = feedback(
        session,
        CLI_OPERATOR,
        org.ids["gone"],
        giver_id=org.ids["peer"],
        values=["Ownership"],
        goal_id=org.goal,
    )
    assert [v.name for v in fb.values] == ["Ownership"] and fb.giver_id == org.ids["peer"]
    for names in (["Ownership", "Candour"], ["Candour", "Ownership"]):  # in the order given
        r2 = org.ids["r2"]
        tagged = feedback(session, CLI_OPERATOR, org.ids["r1"], giver_id=r2, values=names)
        assert [v.name for v in tagged.values] == names
    with pytest.raises(ValidationFailed) as same:
        feedback(session, CLI_OPERATOR, org.ids["r1"], giver_id=org.ids["r1"])
    assert problems(same) == [("receiver_id", "feedback needs two different people")]
    with pytest.raises(ValidationFailed) as nobody:
        feedback(session, CLI_OPERATOR, org.ids["r1"])  # the operator is nobody: must name a giver
    assert problems(nobody)[0][0] == "giver_id"


def test_only_the_giver_edits_feedback_and_required_fields_stay_set(
    session: Session, org: Org
) -> None:
    r1 = who(session, org, "r1")
    fb = feedback(session, r1, org.ids["r2"], visibility=FeedbackVisibility.SHARED)
    session.commit()
    with pytest.raises(AccessDenied, match="only the giver"):
        writes.edit_feedback(session, who(session, org, "r2"), fb.id, {"text": "Mine now"})
    with pytest.raises(NotFound):  # shared feedback between others is not the peer's to see
        writes.edit_feedback(session, who(session, org, "peer"), fb.id, {"text": "x"})
    with pytest.raises(ValidationFailed) as null:
        writes.edit_feedback(session, r1, fb.id, {"text": None})
    assert null.value.problems == [Problem("body", "text", "may not be null")]
    edited = writes.edit_feedback(session, r1, fb.id, {"kind": FeedbackKind.SUGGESTION})
    assert edited.kind is FeedbackKind.SUGGESTION


# --- goals -----------------------------------------------------------------------------------


def test_goals_are_set_down_the_reporting_line(session: Session, org: Org) -> None:
    fields = {"title": "Learn Rust", "level": GoalLevel.INDIVIDUAL}
    mine = writes.set_goal(
        session, who(session, org, "r1"), fields, owner_id=None, today=TODAY, external_id="t-g1"
    )
    assert mine.owner_person_id == org.ids["r1"] and mine.created_on == TODAY
    theirs = writes.set_goal(
        session,
        who(session, org, "ceo"),
        fields,
        owner_id=org.ids["r2"],
        today=TODAY,
        external_id="t-g2",
    )
    assert theirs.owner_person_id == org.ids["r2"]
    with pytest.raises(AccessDenied, match="yourself and your reports"):
        writes.set_goal(
            session,
            who(session, org, "r1"),
            fields,
            owner_id=org.ids["r2"],
            today=TODAY,
            external_id="t-g3",
        )
    team = {"title": "Ship", "level": GoalLevel.TEAM}
    with pytest.raises(AccessDenied, match="set by admins"):
        writes.set_goal(
            session, who(session, org, "ceo"), team, owner_id=None, today=TODAY, external_id="t-g4"
        )
    shared = writes.set_goal(
        session, who(session, org, "admin"), team, owner_id=None, today=TODAY, external_id="t-g5"
    )
    assert shared.owner_person_id is None
    with pytest.raises(ValidationFailed) as cycle:
        writes.set_goal(
            session,
            who(session, org, "r1"),
            {**fields, "cycle_id": 999},
            owner_id=None,
            today=TODAY,
            external_id="t-g6",
        )
    assert problems(cycle) == [("cycle_id", "no such cycle")]
    with pytest.raises(NotFound):  # a parent the caller cannot see
        writes.set_goal(
            session,
            who(session, org, "peer"),
            {**fields, "parent_id": org.goal},
            owner_id=None,
            today=TODAY,
            external_id="t-g7",
        )


def test_a_goal_update_moves_the_goal_and_only_its_author_edits_it(
    session: Session, org: Org
) -> None:
    mgr = who(session, org, "mgr")
    update = writes.post_goal_update(
        session,
        mgr,
        {"goal_id": org.goal, "progress": 70, "status": GoalStatus.AT_RISK},
        today=TODAY,
        external_id="t-u1",
    )
    session.commit()
    goal = session.get_one(Goal, org.goal)
    assert (goal.progress, goal.status, update.date) == (70, GoalStatus.AT_RISK, TODAY)
    with pytest.raises(AccessDenied, match="only the author"):
        writes.edit_goal_update(session, who(session, org, "r1"), update.id, {"note": "no"})
    with pytest.raises(NotFound):  # r1's private goal: the peer sees neither it nor its updates
        writes.post_goal_update(
            session,
            who(session, org, "peer"),
            {"goal_id": org.goal, "progress": 1, "status": GoalStatus.ON_TRACK},
            today=TODAY,
            external_id="t-u2",
        )
    assert writes.edit_goal_update(session, mgr, update.id, {"confidence": None}).confidence is None


def test_key_results_follow_the_goal(session: Session, org: Org) -> None:
    r1 = who(session, org, "r1")
    public = writes.set_goal(
        session,
        r1,
        {"title": "Open", "visibility": GoalVisibility.PUBLIC},
        owner_id=None,
        today=TODAY,
        external_id="t-g8",
    )
    session.flush()
    kr = writes.add_key_result(
        session,
        r1,
        {"goal_id": public.id, "title": "Tests", "target_value": 10.0},
        external_id="t-k1",
    )
    session.commit()
    assert (
        writes.update_key_result(
            session, who(session, org, "mgr"), kr.id, {"current_value": 4.0}
        ).current_value
        == 4.0
    )
    r2 = who(session, org, "r2")  # sees r1's public goal, may not change it
    with pytest.raises(AccessDenied, match="add key results"):
        writes.add_key_result(
            session,
            r2,
            {"goal_id": public.id, "title": "x", "target_value": 1.0},
            external_id="t-k2",
        )
    with pytest.raises(AccessDenied, match="edit this key result"):
        writes.update_key_result(session, r2, kr.id, {"title": "Mine"})
    with pytest.raises(NotFound):  # r1's private goal is not r2's to see at all
        writes.add_key_result(
            session,
            r2,
            {"goal_id": org.goal, "title": "x", "target_value": 1.0},
            external_id="t-k3",
        )


# --- check-ins and action items --------------------------------------------------------------


def test_a_checkin_is_held_with_someone_below(session: Session, org: Org) -> None:
    ceo = who(session, org, "ceo")
    skip = hold(session, ceo, org.ids["r1"])
    assert (skip.manager_id, skip.employee_id, skip.date) == (ceo.id, org.ids["r1"], TODAY)
    mgr = who(session, org, "mgr")
    for employee in ("peer", "mgr", "ceo"):  # outside the chain, oneself, above
        with pytest.raises(ValidationFailed) as refused:
            hold(session, mgr, org.ids[employee])
        assert problems(refused) == [("employee_id", "not someone you manage")]
    with pytest.raises(ValidationFailed):  # nor in another manager's name
        hold(session, ceo, org.ids["r1"], manager=mgr.id)


def test_the_operator_records_a_checkin_between_any_two_people(session: Session, org: Org) -> None:
    checkin = hold(session, CLI_OPERATOR, org.ids["r2"], manager=org.ids["peer"])
    item = action(session, CLI_OPERATOR, checkin, org.ids["r2"])  # not stored yet
    session.flush()
    assert item.checkin_id == checkin.id
    with pytest.raises(ValidationFailed) as same:
        hold(session, CLI_OPERATOR, org.ids["r1"], manager=org.ids["r1"])
    assert problems(same) == [("manager_id", "a check-in needs two different people")]
    assert action(session, CLI_OPERATOR, org.checkin, org.ids["mgr"]).owner_id == org.ids["mgr"]
    with pytest.raises(NotFound, match="no checkin 999"):
        action(session, CLI_OPERATOR, 999, org.ids["r1"])


def test_action_items_belong_to_the_1on1s_people(session: Session, org: Org) -> None:
    r1 = who(session, org, "r1")
    item = action(session, r1, org.checkin, org.ids["mgr"])
    session.commit()
    with pytest.raises(ValidationFailed) as owner:
        action(session, r1, org.checkin, org.ids["r2"])
    assert problems(owner) == [("owner_id", "must be one of the 1:1's people")]
    with pytest.raises(AccessDenied, match="participants"):  # the ceo sees the 1:1, was not in it
        action(session, who(session, org, "ceo"), org.checkin, org.ids["r1"])
    with pytest.raises(NotFound):
        action(session, who(session, org, "peer"), org.checkin, org.ids["r1"])
    with pytest.raises(AccessDenied, match="may not update"):
        writes.complete_action(session, who(session, org, "ceo"), item.id, TODAY)

    done = writes.complete_action(session, r1, item.id, TODAY)
    assert (done.status, done.completed_on) == (ActionStatus.DONE, TODAY)
    later = TODAY + dt.timedelta(days=3)
    reopened = writes.update_action_item(
        session, who(session, org, "mgr"), item.id, {"status": ActionStatus.OPEN}, later
    )
    assert (reopened.status, reopened.completed_on) == (ActionStatus.OPEN, None)
    # A change that leaves the status alone leaves its date alone too.
    writes.complete_action(session, r1, item.id, TODAY)
    assert (
        writes.update_action_item(session, r1, item.id, {"text": "Booked"}, later).completed_on
        == TODAY
    )


def test_a_committed_write_is_queued_for_the_index_in_the_same_transaction(
    runtime: Runtime, org: Org
) -> None:
    with runtime.sessions() as session:
        before = session.scalar(select(OutboxEntry.id).order_by(OutboxEntry.id.desc()))
        fb = feedback(session, who(session, org, "r1"), org.ids["r2"])
        session.commit()
        queued = session.execute(
            select(OutboxEntry.record_type, OutboxEntry.record_id).where(
                OutboxEntry.id > (before or 0)
            )
        ).all()
    assert queued == [("feedback", fb.id)]
