"""Importing bundles: validation before any write, merge semantics, idempotence, the outbox."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from assistant.bundle import Bundle
from assistant.bundle_files import load_bundle, read_bundle
from assistant.errors import Problem, ValidationFailed
from assistant.exporter import export_bundle
from assistant.importer import import_bundle
from assistant.models import Feedback, Goal, OutboxEntry, Person, Team
from assistant.runtime import Runtime

MakeBundle = Callable[..., Bundle]


def _outbox(rt: Runtime) -> list[tuple[str, int]]:
    with rt.sessions() as s:
        rows = s.execute(select(OutboxEntry.record_type, OutboxEntry.record_id))
        return sorted(rows.all())


def _snapshot(rt: Runtime) -> tuple[str, list[tuple[str, int]]]:
    return export_bundle(rt.sessions).model_dump_json(), _outbox(rt)


def test_import_creates_everything_then_reimport_writes_nothing(
    runtime: Runtime, make_bundle: MakeBundle
) -> None:
    bundle = make_bundle(extra_people=2)
    first = import_bundle(runtime.sessions, bundle, migration=True)
    assert first.sections["people"].created == 6
    assert first.sections["goals"].created == 5
    assert first.writes == sum(len(getattr(bundle, s)) for s in first.sections)
    indexed = 5 + 1 + 3 + 5 + 3 + 4  # goals, key results, updates, feedback, check-ins, actions
    assert first.outbox_rows == indexed == len(_outbox(runtime))

    again = import_bundle(runtime.sessions, bundle, migration=True)
    assert again.writes == 0 and again.outbox_rows == 0
    assert all(c.unchanged == len(getattr(bundle, s)) for s, c in again.sections.items())
    assert len(_outbox(runtime)) == indexed

    with runtime.sessions() as s:
        dana = s.scalars(select(Person).where(Person.external_id == "p-dana")).one()
        assert dana.manager is not None and dana.manager.email == "sam@acme.test"
        goal = s.scalars(select(Goal).where(Goal.external_id == "g-dana")).one()
        assert goal.parent is not None and goal.parent.external_id == "g-eng"
        assert sorted(v.name for v in goal.values) == ["Candour with care", "Ownership"]


def test_changed_records_are_updated_and_enqueued(
    runtime: Runtime, sample_doc: dict[str, Any]
) -> None:
    import_bundle(runtime.sessions, Bundle.model_validate(sample_doc), migration=True)
    before = _outbox(runtime)
    sample_doc["feedback"][0]["text"] = "Great migration plan, and a calm rollout."
    sample_doc["goals"][2]["values"] = ["v-kind"]  # only the tags change
    sample_doc["people"][2]["manager"] = "p-ceo"  # a self-reference moves
    sample_doc["teams"][2]["parent"] = "t-eng"
    report = import_bundle(runtime.sessions, Bundle.model_validate(sample_doc), migration=True)

    assert report.sections["feedback"].updated == 1
    assert report.sections["goals"].updated == 1
    assert report.sections["people"].updated == 1
    assert report.sections["teams"].updated == 1
    assert report.sections["checkins"].updated == 0
    with runtime.sessions() as s:
        fb = s.scalars(select(Feedback).where(Feedback.external_id == "f-1")).one()
        goal = s.scalars(select(Goal).where(Goal.external_id == "g-dana")).one()
        dana = s.scalars(select(Person).where(Person.external_id == "p-dana")).one()
        sales = s.scalars(select(Team).where(Team.external_id == "t-sales")).one()
        assert fb.text.endswith("calm rollout.")
        assert [v.external_id for v in goal.values] == ["v-kind"]
        assert dana.manager is not None and dana.manager.external_id == "p-ceo"
        assert sales.parent is not None and sales.parent.external_id == "t-eng"
    # Two new outbox rows: the updated feedback and goal (people and teams are not indexed).
    assert len(_outbox(runtime)) == len(before) + 2
    with runtime.sessions() as s:
        last = s.execute(
            select(OutboxEntry.record_type, OutboxEntry.record_id).order_by(OutboxEntry.id.desc())
        )
        assert sorted(last.all()[:2]) == [("feedback", fb.id), ("goal", goal.id)]


def test_import_is_a_merge_and_refs_may_point_into_the_database(
    runtime: Runtime, make_bundle: MakeBundle
) -> None:
    import_bundle(runtime.sessions, make_bundle(), migration=True)
    # A later bundle with just one new feedback item, naming people by email and a DB value.
    extra = Bundle.model_validate(
        {"feedback": [{"id": "f-new", "giver": "ADA@acme.test", "receiver": "p-mgr",
                       "date": "2026-03-01", "kind": "praise", "text": "Steady hand.",
                       "values": ["v-kind"]}]}
    )  # fmt: skip
    report = import_bundle(runtime.sessions, extra, migration=True)
    assert report.sections["feedback"].created == 1 and report.writes == 1
    exported = export_bundle(runtime.sessions)
    assert len(exported.people) == 4 and len(exported.feedback) == 4  # nothing was removed
    new = next(f for f in exported.feedback if f.id == "f-new")
    assert (new.giver, new.receiver, new.values) == ("p-ceo", "p-mgr", ["v-kind"])


def test_dry_run_counts_but_writes_nothing(runtime: Runtime, make_bundle: MakeBundle) -> None:
    seen: list[tuple[str, int, int]] = []
    report = import_bundle(
        runtime.sessions,
        make_bundle(),
        dry_run=True,
        progress=lambda *a: seen.append(a),
        migration=True,
    )
    assert report.dry_run and report.sections["people"].created == 4
    assert export_bundle(runtime.sessions).people == [] and _outbox(runtime) == []
    assert ("people", 4, 4) in seen and ("action_items", 2, 2) in seen


def _malformed(doc: dict[str, Any]) -> dict[str, Any]:
    """The sample bundle with one of each fault planted (fourteen-odd kinds)."""
    doc["teams"][0]["parent"] = "t-sales"  # team tree loop: t-co → t-sales → t-co
    doc["people"][0]["manager"] = "dana@acme.test"  # reporting loop ceo → dana → sam → ceo
    doc["people"].append({"id": "p-dana", "name": "Dup", "email": "dup@acme.test"})
    doc["people"].append({"id": "p-new", "name": "Twin", "email": "dana@acme.test"})
    doc["people"].append({"id": "p-bad", "name": "Bad", "email": "not-an-email",
                          "team": "t-nope", "colour": "blue"})  # fmt: skip
    doc["people"].append({"id": "p-lost", "name": "Lost", "email": "lost@acme.test",
                          "manager": "ghost@acme.test"})  # fmt: skip
    doc["cycles"][1]["end_date"] = "2026-03-01"  # before its start
    doc["goals"][0]["parent"] = "g-dana"  # goal tree loop
    doc["goals"][1]["progress"] = 140
    doc["goals"][2]["title"] = "x" * 301
    doc["feedback"][0]["date"] = "2026-13-40"
    doc["feedback"][1]["text"] = "y" * 5001
    doc["feedback"][2]["kind"] = "shoutout"
    doc["feedback"].append({"id": "f-9", "giver": "p-mgr", "receiver": "p-dana",
                            "date": "2026-02-01", "kind": "praise", "text": "ok",
                            "values": ["v-nope"]})  # fmt: skip
    doc["checkins"][0]["mood"] = 9
    doc["checkins"].append({"id": "ci-2", "employee": "p-mgr", "manager": "sam@acme.test",
                            "date": "2026-02-02"})  # fmt: skip
    doc["action_items"][0]["checkin"] = "ci-nope"
    doc["action_items"][1]["status"] = "open"  # completed_on set on an open item
    doc["goal_updates"][0]["note"] = "bad\x00byte"
    return doc


def _expected(name: str) -> set[tuple[str, str, str]]:
    """(where, field, a fragment of the reason) for every planted fault."""
    return {
        (f"{name}:teams[0]", "parent", "team tree loops"),
        (f"{name}:people[0]", "manager", "reporting line loops"),
        (f"{name}:people[4]", "id", "duplicate id 'p-dana'"),
        (f"{name}:people[5]", "email", "duplicate email 'dana@acme.test'"),
        (f"{name}:people[6]", "email", "not a valid email"),
        (f"{name}:people[6]", "colour", "unknown field"),
        (f"{name}:people[7]", "manager", "unknown person 'ghost@acme.test'"),
        (f"{name}:cycles[1]", "end_date", "before start_date"),
        (f"{name}:goals[0]", "parent", "goal alignment loops"),
        (f"{name}:goals[1]", "progress", "out of range: 140 (at most 100)"),
        (f"{name}:goals[2]", "title", "the cap is 300"),
        (f"{name}:goal_updates[0]", "note", "control character (U+0000)"),
        (f"{name}:feedback[0]", "date", "not a date: '2026-13-40'"),
        (f"{name}:feedback[1]", "text", "5001 characters, the cap is 5000"),
        (f"{name}:feedback[2]", "kind", "'shoutout' is not one of"),
        (f"{name}:feedback[3]", "values[0]", "unknown value 'v-nope'"),
        (f"{name}:checkins[0]", "mood", "out of range: 9 (at most 5)"),
        (f"{name}:checkins[1]", "manager", "two different people"),
        (f"{name}:action_items[0]", "checkin", "unknown check-in 'ci-nope'"),
        (f"{name}:action_items[1]", "completed_on", "status is 'open'"),
    }


def _matches(problems: list[Problem], expected: set[tuple[str, str, str]]) -> set[Any]:
    return {
        exp for exp in expected
        if any(p.where == exp[0] and p.field == exp[1] and exp[2] in p.reason for p in problems)
    }  # fmt: skip


def test_malformed_bundle_reports_every_fault_and_changes_nothing(
    runtime: Runtime, make_bundle: MakeBundle, sample_doc: dict[str, Any], tmp_path: Path
) -> None:
    import_bundle(runtime.sessions, make_bundle(), migration=True)
    before = _snapshot(runtime)
    path = tmp_path / "b.json"
    path.write_text(json.dumps(_malformed(sample_doc)))

    loaded = read_bundle(path)
    with pytest.raises(ValidationFailed) as caught:
        import_bundle(runtime.sessions, loaded.bundle, source=loaded, migration=True)
    problems = caught.value.problems
    expected = _expected("b.json")
    assert _matches(problems, expected) == expected, "\n".join(map(str, problems))
    # Nothing else: no duplicate reports, and references *to* a record that failed validation
    # are not called unknown (p-bad's own references are not checked: its record is dropped).
    assert len(problems) == len(expected)
    assert _snapshot(runtime) == before

    with pytest.raises(ValidationFailed):
        load_bundle(path)


def test_problems_are_located_by_csv_line(tmp_path: Path) -> None:
    (tmp_path / "people.csv").write_text(
        'id,name,email,roles\np-1,"Ann\nMultiline",ann@x.test,employee\np-2,Bob,bob,employe\n'
    )
    (tmp_path / "teams.csv").write_text("id,name,nickname\nt-1,Core,x\n")
    (tmp_path / "people2.csv").write_text("id\n")
    loaded = read_bundle(tmp_path)
    got = {(p.where, p.field) for p in loaded.problems}
    assert got == {
        ("people.csv:4", "email"),
        ("people.csv:4", "roles[0]"),
        ("teams.csv:1", "header"),
        ("people2.csv", "file"),
    }
    assert [p.name for p in loaded.bundle.people] == ["Ann\nMultiline"]


def test_self_manager_is_a_loop_of_one(runtime: Runtime, sample_doc: dict[str, Any]) -> None:
    sample_doc["people"][1]["manager"] = "sam@acme.test"
    with pytest.raises(ValidationFailed) as caught:
        import_bundle(runtime.sessions, Bundle.model_validate(sample_doc), migration=True)
    assert [str(p) for p in caught.value.problems] == [
        "people[1]: manager: the reporting line loops: p-mgr → p-mgr"
    ]


def test_unique_names_are_checked_against_the_database(
    runtime: Runtime, make_bundle: MakeBundle
) -> None:
    import_bundle(runtime.sessions, make_bundle(), migration=True)
    clash = Bundle.model_validate(
        {"values": [{"id": "v-other", "name": "Ownership"}],
         "people": [{"id": "p-other", "name": "Other", "email": "dana@acme.test"}]}
    )  # fmt: skip
    with pytest.raises(ValidationFailed) as caught:
        import_bundle(runtime.sessions, clash, migration=True)
    assert {(p.where, p.field) for p in caught.value.problems} == {
        ("values[0]", "name"),
        ("people[0]", "email"),
    }
    with runtime.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Person)) == 4


def test_the_documented_example_imports(tmp_path: Path, runtime: Runtime) -> None:
    doc = (Path(__file__).parents[3] / "assistant" / "BUNDLE.md").read_text()
    example = doc.split("```json\n", 1)[1].split("```", 1)[0]
    people_csv = doc.split("(`people.csv`):\n\n```\n", 1)[1].split("```", 1)[0]
    report = import_bundle(runtime.sessions, Bundle.model_validate_json(example), migration=True)
    assert report.writes == 11 and report.outbox_rows == 6
    (tmp_path / "people.csv").write_text(people_csv)
    from_csv = import_bundle(runtime.sessions, load_bundle(tmp_path), migration=True)
    assert from_csv.sections["people"].updated == 1  # Dana gained the hr role and pronouns


def test_import_refuses_feedback_to_oneself_as_the_api_does(
    runtime: Runtime, sample_doc: dict[str, Any]
) -> None:
    sample_doc["feedback"][1]["receiver"] = "ada@acme.test"  # f-2 is given by p-ceo, Ada
    with pytest.raises(ValidationFailed) as caught:
        import_bundle(runtime.sessions, Bundle.model_validate(sample_doc), migration=True)
    assert [str(p) for p in caught.value.problems] == [
        "feedback[1]: receiver: feedback is for someone else"
    ]


def test_the_report_counts_records_whose_invisible_text_was_removed(
    runtime: Runtime, sample_doc: dict[str, Any], tmp_path: Path
) -> None:
    sample_doc["feedback"][0]["text"] = "Great\u200b plan\U000e0041\U000e0042."
    sample_doc["goals"][0]["title"] = "\u202eGrow revenue 20%"
    sample_doc["people"][1]["name"] = "Sam\u2060 Lead"
    path = tmp_path / "b.json"
    path.write_text(json.dumps(sample_doc))
    loaded = read_bundle(path)
    report = import_bundle(runtime.sessions, loaded.bundle, source=loaded, migration=True)
    assert report.cleaned == 3
    with runtime.sessions() as s:
        fb = s.scalars(select(Feedback).where(Feedback.external_id == "f-1")).one()
        assert fb.text == "Great plan."
