"""The demo organisation: deterministic, valid, varied, and every planted fact holds."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from typing import Any

import pytest
from sqlalchemy import func, select

from assistant.bundle import Bundle
from assistant.demo import ALL_CANARIES, PLANTED, generate
from assistant.importer import import_bundle
from assistant.models import Feedback, Person
from assistant.runtime import Runtime

TODAY = dt.date(2026, 5, 20)
# Planted facts must hold whatever day it is: early, middle and late in a quarter, across a year.
DAYS = [TODAY, dt.date(2026, 1, 2), dt.date(2026, 3, 31), dt.date(2025, 10, 15)]


@pytest.fixture(scope="module", params=DAYS, ids=str)
def demo(request: pytest.FixtureRequest) -> tuple[Bundle, dt.date]:
    today: dt.date = request.param
    return generate(today=today), today


@pytest.fixture(scope="module")
def doc() -> dict[str, Any]:
    return generate(today=TODAY).model_dump(mode="json")


def ago(today: dt.date, day: dt.date) -> int:
    return (today - day).days


def test_same_seed_same_demo_and_other_seed_differs() -> None:
    a = generate(today=TODAY).model_dump_json()
    assert generate(today=TODAY).model_dump_json() == a
    assert generate(seed=7, today=TODAY).model_dump_json() != a


@pytest.mark.parametrize("today", [dt.date(2024, 2, 29), dt.date(2027, 1, 1)], ids=str)
def test_the_demo_is_dated_as_of_the_day_given(today: dt.date) -> None:
    bundle = generate(today=today)
    assert max(f.date for f in bundle.feedback) <= today
    assert bundle.cycles[-1].start_date <= today <= bundle.cycles[-1].end_date


def test_bundle_validates(doc: dict[str, Any]) -> None:
    Bundle.model_validate(json.loads(json.dumps(doc)))


def test_sizes(demo: tuple[Bundle, dt.date]) -> None:
    b, _ = demo
    assert len(b.people) == 60
    assert 6 <= len(b.teams) <= 9
    assert 5 <= len(b.values) <= 6
    assert len(b.cycles) == 2
    assert 1_300 <= len(b.feedback) <= 1_700
    assert {f.kind.value for f in b.feedback} == {"praise", "constructive", "suggestion", "review"}
    assert {f.visibility.value for f in b.feedback} == {"shared", "manager_only", "private"}
    assert {g.level.value for g in b.goals} == {"company", "team", "individual"}
    assert len(b.key_results) >= 2 * len(b.goals)
    assert len(b.checkins) >= 300 and len(b.action_items) >= 300


def test_org_shape(doc: dict[str, Any]) -> None:
    people = {p["email"]: p for p in doc["people"]}
    ceo = [p for p in doc["people"] if p["manager"] is None]
    assert [p["email"] for p in ceo] == [PLANTED.ceo]
    assert "admin" in people[PLANTED.admin]["roles"]
    assert all("hr" in people[e]["roles"] for e in PLANTED.hr)
    assert all(p["pronouns"] for p in doc["people"])
    firsts = Counter(p["name"].split()[0] for p in doc["people"])
    assert firsts["Alex"] == 2 and firsts["Dana"] == 1 and firsts["Maya"] == 1
    sizes = Counter(p["team"] for p in doc["people"])
    assert sizes[PLANTED.small_team] == 4 and sizes[PLANTED.at_k_team] == 5
    assert people[PLANTED.report]["manager"] == PLANTED.manager
    assert people[PLANTED.report]["team"] == PLANTED.report_team


def test_goals_align_company_team_individual(doc: dict[str, Any]) -> None:
    goals = {g["id"]: g for g in doc["goals"]}
    for g in goals.values():
        parent = goals.get(g["parent"]) if g["parent"] else None
        expected = {"company": None, "team": "company", "individual": "team"}[g["level"]]
        assert (parent["level"] if parent else None) == expected, g["id"]


def test_dates_within_the_two_quarters(demo: tuple[Bundle, dt.date]) -> None:
    b, today = demo
    start = b.cycles[0].start_date
    for rec in (*b.feedback, *b.checkins, *b.goal_updates):
        assert rec.date <= today
    assert min(f.date for f in b.feedback if not f.id.startswith("fb-planted")) >= start
    done = [a for a in b.action_items if a.status.value == "done"]
    assert all(a.completed_on and a.completed_on <= today for a in done)


def test_action_items_some_open_some_overdue_some_done(doc: dict[str, Any]) -> None:
    statuses = Counter(a["status"] for a in doc["action_items"])
    assert statuses["open"] and statuses["done"] and statuses["dropped"]
    overdue = [
        a for a in doc["action_items"] if a["status"] == "open" and a["due_date"] < str(TODAY)
    ]
    assert len(overdue) >= 10


def test_planted_report_goals(demo: tuple[Bundle, dt.date]) -> None:
    b, today = demo
    goals = {g.id: g for g in b.goals}
    off, stale = goals[PLANTED.off_track_goal], goals[PLANTED.stale_goal]
    current = b.cycles[1].id
    for g in (off, stale):
        assert g.owner_person == PLANTED.report and g.cycle == current
    assert off.status.value == "off_track"
    off_updates = sorted((u for u in b.goal_updates if u.goal == off.id), key=lambda u: u.date)
    assert off_updates[-1].status.value == "off_track" and ago(today, off_updates[-1].date) <= 7
    stale_dates = [u.date for u in b.goal_updates if u.goal == stale.id]
    assert stale.status.value not in ("done", "dropped")
    assert ago(today, max(stale_dates)) == PLANTED.stale_goal_last_update_days_ago >= 35


def test_planted_checkins_and_overdue_action_item(demo: tuple[Bundle, dt.date]) -> None:
    b, today = demo
    pair = sorted((c for c in b.checkins if c.employee == PLANTED.report), key=lambda c: c.date)
    assert all(c.manager == PLANTED.manager for c in pair) and len(pair) >= 5
    last = pair[-1]
    assert last.id == PLANTED.last_checkin and ago(today, last.date) == 14
    item = next(a for a in b.action_items if a.id == PLANTED.overdue_action_item)
    assert item.checkin == last.id and item.owner == PLANTED.report
    assert item.status.value == "open" and item.due_date is not None and item.due_date < today
    # It is the only open, overdue item of the pair: the agenda has one clear thing to chase.
    pair_ids = {c.id for c in pair}
    overdue = [
        a
        for a in b.action_items
        if a.checkin in pair_ids
        and a.status.value == "open"
        and a.due_date is not None
        and a.due_date < today
    ]
    assert [a.id for a in overdue] == [PLANTED.overdue_action_item]


def test_planted_feedback_about_report(demo: tuple[Bundle, dt.date]) -> None:
    b, today = demo
    fb = {f.id: f for f in b.feedback}
    theme = [fb[i] for i in PLANTED.theme_feedback]
    assert len({f.giver for f in theme}) >= 3
    assert {f.giver for f in theme} <= set(PLANTED.theme_givers)
    assert PLANTED.manager not in {f.giver for f in theme}
    for f in theme:
        assert f.receiver == PLANTED.report and f.visibility.value == "shared"
        assert f.kind.value in ("constructive", "suggestion")
        assert any(k in f.text.lower() for k in PLANTED.theme_keywords)
    praise = fb[PLANTED.recent_praise]
    assert praise.kind.value == "praise" and praise.visibility.value == "shared"
    assert praise.receiver == PLANTED.report and ago(today, praise.date) <= 7
    mgr = fb[PLANTED.manager_only_feedback]
    assert mgr.visibility.value == "manager_only" and mgr.receiver == PLANTED.report
    assert mgr.giver == PLANTED.manager_only_giver != PLANTED.manager
    note = fb[PLANTED.private_note_feedback]
    assert note.visibility.value == "private" and note.receiver == PLANTED.report
    assert note.giver == PLANTED.private_note_author != PLANTED.manager


def test_canaries_exactly_where_planned(doc: dict[str, Any]) -> None:
    where: dict[str, list[str]] = {}
    for section, records in doc.items():
        if not isinstance(records, list):
            continue
        for rec in records:
            for field, value in rec.items():
                for canary in re.findall(r"CANARY-[A-Z0-9-]+", str(value)):
                    where.setdefault(canary.rstrip("-."), []).append(
                        f"{section}:{rec['id']}:{field}"
                    )
    expected = {
        PLANTED.manager_only_canary: [f"feedback:{PLANTED.manager_only_feedback}:text"],
        PLANTED.private_note_canary: [f"feedback:{PLANTED.private_note_feedback}:text"],
        PLANTED.private_checkin_canary: [f"checkins:{PLANTED.private_checkin_note}:private_notes"],
        PLANTED.long_feedback_canary: [f"feedback:{PLANTED.long_feedback}:text"],
        **{i.canary: [f"feedback:{i.feedback_id}:text"] for i in PLANTED.injections},
    }
    assert where == expected
    assert set(expected) == set(ALL_CANARIES)


def test_injections_and_long_feedback(doc: dict[str, Any]) -> None:
    fb = {f["id"]: f for f in doc["feedback"]}
    texts = {i.technique: fb[i.feedback_id]["text"] for i in PLANTED.injections}
    assert all(
        fb[i.feedback_id]["receiver"] == PLANTED.injection_target for i in PLANTED.injections
    )
    assert "ignore all previous instructions" in texts["ignore-instructions"].lower()
    assert re.search(r"!\[[^\]]*\]\(https?://", texts["markdown-image"])
    assert re.search(r"(?<!!)\[[^\]]+\]\(https?://", texts["link"])
    assert "you are now" in texts["role-play"].lower()
    assert "ignora todas las instrucciones" in texts["other-language"].lower()
    long = fb[PLANTED.long_feedback]["text"]
    assert 4_500 <= len(long) <= 5_000 and long.endswith(PLANTED.long_feedback_canary)


def test_edge_case_people(doc: dict[str, Any]) -> None:
    new = PLANTED.new_hire
    for section in ("goals", "goal_updates", "feedback", "checkins", "action_items"):
        for rec in doc[section]:
            assert new not in {v for v in rec.values() if isinstance(v, str)}, (section, rec["id"])
    about = Counter((f["receiver"], f["kind"]) for f in doc["feedback"])
    praise_only = {k for (r, k) in about if r == PLANTED.only_praise}
    criticism_only = {k for (r, k) in about if r == PLANTED.only_criticism}
    assert praise_only == {"praise"} and about[(PLANTED.only_praise, "praise")] >= 10
    assert (
        criticism_only == {"constructive"} and about[(PLANTED.only_criticism, "constructive")] >= 10
    )


def test_text_varies(doc: dict[str, Any]) -> None:
    texts = [f["text"] for f in doc["feedback"]]
    assert len(set(texts)) >= 0.97 * len(texts)
    sentences = [s for t in texts for s in re.split(r"(?<=[.!?])\s+", t) if s]
    assert len(set(sentences)) / len(sentences) >= 0.65
    notes = [u["note"] for u in doc["goal_updates"]]
    assert len(set(notes)) >= 0.8 * len(notes)
    shared = [c["shared_notes"] for c in doc["checkins"]]
    assert len(set(shared)) >= 0.95 * len(shared)
    assert "the the" not in " ".join(texts).lower()
    assert not re.search(r"\{[a-z_]+\}", json.dumps(doc))  # no unfilled placeholders


def test_a_large_organisation_keeps_its_shape() -> None:
    # How long 10,000 people take is measured by benchmarks/demo.py, not asserted here.
    bundle = generate(people=2_000, today=TODAY)
    assert len(bundle.people) == 2_000 and len({p.email for p in bundle.people}) == 2_000
    reports = Counter(p.manager for p in bundle.people)
    assert reports[PLANTED.manager] < 20


def test_demo_imports_into_both_databases(runtime: Runtime) -> None:
    bundle = generate(today=TODAY)
    report = import_bundle(runtime.sessions, bundle, migration=True)
    assert report.sections["feedback"].created == len(bundle.feedback)
    with runtime.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Feedback)) == len(bundle.feedback)
        dana = session.scalar(select(Person).where(Person.email == PLANTED.report))
        assert dana is not None and dana.manager is not None
        assert dana.manager.email == PLANTED.manager
    again = import_bundle(runtime.sessions, bundle, migration=True)
    assert again.writes == 0
