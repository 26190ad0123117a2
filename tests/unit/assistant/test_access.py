"""The access policy on a hand-built organisation (access_org.py), on SQLite and PostgreSQL.

Every caller's view is computed two ways — the SQL predicates over the tables and the metadata
scope over the rendered documents — and both must equal the answer written out by hand.
"""

from __future__ import annotations

import pytest
from sqlalchemy import event, func, insert, select
from sqlalchemy.orm import Session

from assistant import access
from assistant.access import (
    Caller,
    hr_group_ok,
    load_caller,
    require_below,
    require_hr_group,
    scope_for,
    subject_scope,
    team_member_ids,
    visible,
)
from assistant.db import transaction
from assistant.errors import AccessDenied, GroupTooSmall, NotFound
from assistant.models import ActionItem, CheckIn, Feedback, Goal, GoalUpdate, KeyResult, Person
from assistant.records import RECORD_TYPES, render_documents
from assistant.runtime import Runtime
from retrieval.filters import matches
from retrieval.types import Document
from tests.orgs.access_org import EXPECTED, PRIVATE_NOTES, Org, build_org, move

MODELS = (
    ("G", Goal),
    ("K", KeyResult),
    ("U", GoalUpdate),
    ("F", Feedback),
    ("C", CheckIn),
    ("A", ActionItem),
)


@pytest.fixture
def org(runtime: Runtime) -> Org:
    return build_org(runtime)


def sql_view(session: Session, caller: Caller) -> set[str]:
    """Document ids of every row the SQL predicates let ``caller`` read."""
    seen: set[str] = set()
    for prefix, model in MODELS:
        ids = session.scalars(select(model.id).where(visible(model, caller)))
        seen |= {f"{prefix}{i}" for i in ids}
    private = session.scalars(
        select(CheckIn.id).where(
            visible(CheckIn, caller, part="private"), CheckIn.private_notes != ""
        )
    )
    return seen | {f"C{i}:private" for i in private}


def all_documents(session: Session) -> list[Document]:
    docs: list[Document] = []
    for rtype in RECORD_TYPES:
        model = dict(MODELS)[
            {
                "goal": "G",
                "key_result": "K",
                "goal_update": "U",
                "feedback": "F",
                "checkin": "C",
                "action_item": "A",
            }[rtype]
        ]
        docs += render_documents(session, rtype, session.scalars(select(model.id)))
    return docs


def scope_view(docs: list[Document], caller: Caller) -> set[str]:
    scope = scope_for(caller)
    return {d.doc_id for d in docs if matches(scope, d)}


def test_each_person_sees_exactly_what_the_policy_says(runtime: Runtime, org: Org) -> None:
    with runtime.sessions() as s:
        docs = all_documents(s)
        assert len(docs) == len(org.doc)  # every record (and private part) became a document
        for who, names in EXPECTED.items():
            caller = load_caller(s, org.email(who))
            expected = org.docs(*names)
            assert sql_view(s, caller) == expected, who
            assert scope_view(docs, caller) == expected, who


def test_another_authors_private_notes_are_never_visible(runtime: Runtime, org: Org) -> None:
    with runtime.sessions() as s:
        docs = all_documents(s)
        for who in org.people:
            caller = load_caller(s, org.people[who])
            views = sql_view(s, caller) | scope_view(docs, caller)
            for note, author in PRIVATE_NOTES.items():
                assert (org.doc[note] in views) == (who == author), (who, note)


def test_a_manager_change_rescopes_at_once(runtime: Runtime, org: Org) -> None:
    move(runtime, org, "r1", "omgr")
    r1_world = {"g_r1_priv", "k_r1_priv", "u_r1_priv", "f_r2_r1_sh", "f_peer_r1_mo", "a_r1_own"}
    with runtime.sessions() as s:
        docs = all_documents(s)
        mgr, omgr, skip = (load_caller(s, org.email(w)) for w in ("mgr", "omgr", "skip"))
        assert org.people["r1"] not in mgr.below | skip.below
        assert org.people["r1"] in omgr.direct_reports
        # The old manager keeps what they wrote or held (their feedback, the 1:1 they ran and
        # its private notes, the item they own), and loses everything else about r1.
        mgr_now = EXPECTED["mgr"] - r1_world
        assert sql_view(s, mgr) == scope_view(docs, mgr) == org.docs(*mgr_now)
        omgr_now = EXPECTED["omgr"] | r1_world | {"f_mgr_r1_mo", "c_r1", "a_r1_mgr", "g_team_eng"}
        assert sql_view(s, omgr) == scope_view(docs, omgr) == org.docs(*omgr_now)
        assert "c_r1_private" not in omgr_now  # the new manager never sees the old one's notes
        skip_now = EXPECTED["skip"] - r1_world - {"f_mgr_r1_mo", "c_r1", "a_r1_mgr"}
        assert sql_view(s, skip) == scope_view(docs, skip) == org.docs(*skip_now)


def test_load_caller(runtime: Runtime, org: Org) -> None:
    P = org.people
    with runtime.sessions() as s:
        ceo = load_caller(s, "  CEO@Acme.test ")
        assert ceo.id == P["ceo"] and ceo.is_admin and not ceo.is_hr and ceo.is_manager
        assert ceo.below == frozenset(P.values()) - {P["ceo"]}
        assert ceo.direct_reports == {P["skip"], P["hr"], P["omgr"]}
        skip = load_caller(s, P["skip"])
        assert skip.below == {P["mgr"], P["r1"], P["r2"]} and skip.direct_reports == {P["mgr"]}
        hr = load_caller(s, org.email("hr"))
        assert hr.is_hr and not hr.is_manager and hr.below == frozenset()
        assert load_caller(s, org.email("r1")).team_ids == {org.teams["eng"]}
        assert load_caller(s, org.email("omgr")).team_ids == {org.teams["sales"]}
        with pytest.raises(NotFound):
            load_caller(s, "nobody@acme.test")
        with pytest.raises(NotFound):
            load_caller(s, 999_999)
    with transaction(runtime.sessions) as s:
        s.get_one(Person, P["r2"]).active = False
    with runtime.sessions() as s:
        with pytest.raises(NotFound):
            load_caller(s, org.email("r2"))
        assert P["r2"] in load_caller(s, org.email("mgr")).below  # their history stays visible


def test_subject_scope_is_the_full_scope_narrowed_to_one_person(runtime: Runtime, org: Org) -> None:
    with runtime.sessions() as s:
        docs = all_documents(s)
        for who in org.people:
            caller = load_caller(s, org.email(who))
            full = scope_for(caller)
            for subject in org.people.values():
                narrow = subject_scope(caller, subject)
                for d in docs:
                    assert matches(narrow, d) == (matches(full, d) and d.subject_id == subject), (
                        who,
                        subject,
                        d.doc_id,
                    )
        with pytest.raises(NotFound):
            subject_scope(load_caller(s, org.email("mgr")), 999_999)


def test_require_below(runtime: Runtime, org: Org) -> None:
    with runtime.sessions() as s:
        mgr = load_caller(s, org.email("mgr"))
    require_below(mgr, org.people["r1"])
    for other in ("mgr", "skip", "peer"):
        with pytest.raises(NotFound):
            require_below(mgr, org.people[other])


def test_large_subtrees_use_a_recursive_query_with_the_same_answer(
    runtime: Runtime, org: Org, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(access, "_LITERAL_LIMIT", 0)
    with runtime.sessions() as s:
        for who in ("ceo", "skip", "mgr", "omgr", "r1"):
            caller = load_caller(s, org.email(who))
            assert sql_view(s, caller) == org.docs(*EXPECTED[who]), who


def test_hr_groups(runtime: Runtime, org: Org) -> None:
    P = org.people
    with runtime.sessions() as s:
        eng = team_member_ids(s, org.teams["eng"])
        assert eng == {P["skip"], P["mgr"], P["r1"], P["r2"]}
        assert team_member_ids(s, org.teams["co"], include_subteams=False) == {P["ceo"], P["hr"]}
        assert len(team_member_ids(s, org.teams["co"])) == len(P)
        assert hr_group_ok(s, eng, 4)
        assert not hr_group_ok(s, eng, 5)
        assert not hr_group_ok(s, [P["r1"], P["r1"], P["r2"], 999_999], 2)  # distinct, real, k>=3
        assert hr_group_ok(s, [P["r1"], P["r2"], P["mgr"]], 1)
        hr, mgr = load_caller(s, org.email("hr")), load_caller(s, org.email("mgr"))
        assert require_hr_group(s, hr, eng, 4) == eng
        with pytest.raises(GroupTooSmall):
            require_hr_group(s, hr, eng, 5)
        with pytest.raises(AccessDenied):
            require_hr_group(s, mgr, eng, 3)
        # HR has no individual scope beyond an employee's: public records only.
        assert sql_view(s, hr) == org.docs(*EXPECTED["hr"])


def test_load_caller_over_ten_thousand_people(runtime: Runtime) -> None:
    n = 10_000
    with transaction(runtime.sessions) as s:
        s.execute(
            insert(Person),
            [
                {
                    "id": 1,
                    "external_id": "p1",
                    "name": "Root",
                    "email": "p1@x.test",
                    "roles": ["employee"],
                    "active": True,
                }
            ],
        )
        rows = [
            {
                "id": i,
                "external_id": f"p{i}",
                "name": f"P{i}",
                "email": f"p{i}@x.test",
                "manager_id": i // 10 or 1,
                "roles": ["employee"],
                "active": True,
            }
            for i in range(2, n + 1)
        ]
        s.execute(insert(Person), rows)
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    event.listen(runtime.engine, "before_cursor_execute", count)
    with runtime.sessions() as s:
        root = load_caller(s, "p1@x.test")
        # One walk of the reporting tree, not a query per person (timings live in benchmarks/).
        assert len(statements) <= 3, statements
        event.remove(runtime.engine, "before_cursor_execute", count)
        assert len(root.below) == n - 1
        assert load_caller(s, 10).below == set(range(100, 110)) | set(range(1000, 1100)) | {10_000}
        # Past the literal limit the predicate binds no ids: the database walks the tree itself.
        predicate = access._in_people(Person.id, root)
        assert s.scalar(select(func.count()).where(predicate)) == n
