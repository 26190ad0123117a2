"""The data commands end to end: import/export, listing and adding records, one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from cli_runner import Cli
from sqlalchemy import select

from assistant.models import AuditEvent, OutboxEntry, Person
from assistant.runtime import Runtime
from assistant.settings import Settings
from retrieval.lexical import documents as lexical_documents


@pytest.fixture
def bundle_file(tmp_path: Path, sample_doc: dict[str, Any]) -> Path:
    path = tmp_path / "org.json"
    path.write_text(json.dumps(sample_doc))
    return path


def _outbox(data_dir: Path) -> list[tuple[str, int]]:
    rt = Runtime(Settings(data_dir=data_dir, environment="test"))
    with rt.sessions() as s:
        rows = s.execute(select(OutboxEntry.record_type, OutboxEntry.record_id)).all()
    rt.close()
    return [(t, i) for t, i in rows]


def _indexed(data_dir: Path) -> set[str]:
    rt = Runtime(Settings(data_dir=data_dir, environment="test"))
    with rt.sessions() as s:
        ids = set(s.scalars(select(lexical_documents.c.doc_id)))
    rt.close()
    return ids


def test_import_export_and_reimport(cli: Cli, bundle_file: Path, tmp_path: Path) -> None:
    dry = cli("import", str(bundle_file), "--dry-run", "--migration")
    assert dry.code == 0 and "Dry run" in dry.out and "would queue 11" in dry.out
    first = cli("import", str(bundle_file), "--migration")
    assert first.code == 0, first.err
    assert "22 record(s) written, queued 11 for the index" in first.out
    assert "│ people       │ 4 " in first.out
    again = cli("import", str(bundle_file))
    assert "0 record(s) written, queued 0" in again.out

    assert cli("export", str(tmp_path / "out.json")).code == 0
    assert cli("export", str(tmp_path / "csv")).code == 0
    assert (tmp_path / "csv" / "feedback.csv").exists()
    from_csv = cli("import", str(tmp_path / "csv"))
    assert from_csv.code == 0 and "0 record(s) written" in from_csv.out


def _malformed(doc: dict[str, Any]) -> dict[str, Any]:
    doc["people"][0]["manager"] = "p-dana"
    doc["people"][1]["email"] = "sam at acme"
    doc["goals"][0]["progress"] = -5
    doc["feedback"][0]["text"] = "z" * 6000
    doc["feedback"][1]["date"] = "yesterday"
    doc["action_items"][0]["owner"] = "nobody@acme.test"
    return doc


def test_malformed_import_prints_every_problem_one_per_line(
    bundle_file: Path, sample_doc: dict[str, Any], tmp_path: Path, data_dir: Path
) -> None:
    env = {**os.environ, "CADENCE_DATA_DIR": str(data_dir), "COLUMNS": "60"}
    cmd = [sys.executable, "-c", "from assistant.cli import main; main()", "import"]
    ok = subprocess.run(
        [*cmd, str(bundle_file), "--migration"], env=env, capture_output=True, text=True
    )
    assert ok.returncode == 0, ok.stderr
    before = _outbox(data_dir)

    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(_malformed(sample_doc)))
    run = subprocess.run([*cmd, str(bad)], env=env, capture_output=True, text=True)
    assert run.returncode == 2
    assert "Traceback" not in run.stderr and run.stdout == ""
    lines = run.stderr.strip().splitlines()
    assert lines[-1] == "cadence: 6 problem(s) found; nothing was written"
    assert lines[:-1] == [
        "error bad.json:people[1]: email: not a valid email address: 'sam at acme'",
        "error bad.json:goals[0]: progress: out of range: -5 (at least 0)",
        "error bad.json:feedback[0]: text: too long: 6000 characters, the cap is 5000",
        "error bad.json:feedback[1]: date: not a date: 'yesterday' (expected YYYY-MM-DD)",
        "error bad.json:action_items[0]: owner: unknown person 'nobody@acme.test'",
        "error bad.json:people[0]: manager: "
        "the reporting line loops: p-ceo → p-dana → p-mgr → p-ceo",
    ]
    assert _outbox(data_dir) == before


def test_people_and_goals_lists(cli: Cli, bundle_file: Path) -> None:
    cli("import", str(bundle_file), "--migration")
    eng = cli("people", "list", "--team", "Engineering")
    assert "dana@acme.test" in eng.out and "Ada Chief" not in eng.out
    assert "Hana Ruiz (inactive)" in cli("people", "list").out
    goals = cli("goals", "list", "--person", "Dana@Acme.test")
    assert "G3" in goals.out and "Migrate invoices" in goals.out and "at_risk" in goals.out

    missing = cli("goals", "list", "--person", "nobody@acme.test")
    assert missing.code == 2 and missing.err == "cadence: no person with email 'nobody@acme.test'\n"
    no_team = cli("people", "list", "--team", "Marketing")
    assert no_team.code == 2 and no_team.err == "cadence: no team named 'Marketing'\n"


def test_feedback_add_and_list(cli: Cli, bundle_file: Path, data_dir: Path) -> None:
    cli("import", str(bundle_file), "--migration")
    added = cli(
        "feedback", "add", "--from", "ada@acme.test", "--to", "sam@acme.test", "--kind", "praise",
        "--visibility", "manager_only", "--text", "Calm under pressure.", "--value", "ownership",
        "--date", "2026-03-02",
    )  # fmt: skip
    assert added.code == 0, added.err
    assert added.out.startswith("added feedback F4 from ada@acme.test to sam@acme.test")
    # The ORM hook queued it and the command drained the queue into the index right after.
    assert _outbox(data_dir) == []
    indexed = _indexed(data_dir)
    assert "F4" in indexed
    listed = cli("feedback", "list", "--about", "sam@acme.test")
    assert "F4" in listed.out and "Ownership" in listed.out and "manager_only" in listed.out

    too_long = cli("feedback", "add", "--from", "ada@acme.test", "--to", "sam@acme.test",
                   "--kind", "praise", "--text", "w" * 5001)  # fmt: skip
    assert too_long.code == 2
    assert too_long.err == "cadence: --text: too long: 5001 characters, the cap is 5000\n"
    no_value = cli("feedback", "add", "--from", "ada@acme.test", "--to", "sam@acme.test",
                   "--kind", "praise", "--text", "Nice", "--value", "Speed")  # fmt: skip
    assert (no_value.code, no_value.err) == (2, "cadence: no company value named 'Speed'\n")
    assert _outbox(data_dir) == [] and _indexed(data_dir) == indexed  # the failures wrote nothing


def test_checkin_add_and_action_items(cli: Cli, bundle_file: Path) -> None:
    cli("import", str(bundle_file), "--migration")
    added = cli(
        "checkin", "add", "--employee", "dana@acme.test", "--manager", "sam@acme.test",
        "--notes", "Roadmap", "--mood", "4", "--date", "2026-03-03",
        "--action", "Draft the RFC", "--action", "Pair with Hana",
    )  # fmt: skip
    assert added.code == 0, added.err
    assert added.out.startswith("added check-in C2, A3, A4 for dana@acme.test with sam@acme.test")
    open_items = cli("action-items", "list", "--person", "dana@acme.test", "--status", "open")
    assert "Draft the RFC" in open_items.out and "Pair with Hana" in open_items.out
    assert "Write the rollback plan" in open_items.out and "(overdue)" in open_items.out
    done = cli("action-items", "list", "--person", "sam@acme.test", "--status", "done")
    assert "Unblock the API access" in done.out

    self_1on1 = cli("checkin", "add", "--employee", "sam@acme.test", "--manager", "sam@acme.test")
    assert self_1on1.code == 2 and self_1on1.err.count("\n") == 1
    bad_mood = cli("checkin", "add", "--employee", "dana@acme.test", "--manager",
                   "sam@acme.test", "--mood", "7")  # fmt: skip
    assert (bad_mood.code, bad_mood.err) == (2, "cadence: --mood: out of range: 7 (at most 5)\n")


def _audit(data_dir: Path) -> list[tuple[int, str, int | None, str]]:
    rt = Runtime(Settings(data_dir=data_dir, environment="test"))
    with rt.sessions() as s:
        rows = [
            (e.actor_id, e.action, e.subject_id, e.detail) for e in s.scalars(select(AuditEvent))
        ]
        ids = {p.external_id: p.id for p in s.scalars(select(Person))}
    rt.close()
    return [(a, act, sub, d.replace(str(ids.get("p-ceo")), "ADA")) for a, act, sub, d in rows]


def test_import_names_its_operator_and_needs_migration_for_others_feedback(
    cli: Cli, bundle_file: Path, sample_doc: dict[str, Any], tmp_path: Path, data_dir: Path
) -> None:
    refused = cli("import", str(bundle_file))
    assert refused.code == 2 and "Traceback" not in refused.err
    assert "org.json:feedback[0]: giver: given by someone other than the importer" in refused.err
    assert cli("import", str(bundle_file), "--migration").code == 0
    events = _audit(data_dir)
    # No person ran it: every row says so, and none is a person's own act.
    assert events and all(d.endswith(" [cli]") and a == s for a, _, s, d in events)
    assert sorted(act for _, act, _, _ in events) == [
        "feedback.migrate",
        "feedback.migrate",
        *["person.create"] * 4,
    ]

    sample_doc["people"][2]["manager"] = "p-ceo"  # Dana now reports to Ada
    moved = tmp_path / "moved.json"
    moved.write_text(json.dumps(sample_doc))
    not_admin = cli("import", str(moved), "--as", "sam@acme.test")
    assert (not_admin.code, not_admin.err) == (
        2,
        "cadence: --as: 'sam@acme.test' is not an active admin\n",
    )
    done = cli("import", str(moved), "--as", "Ada@acme.test")
    assert done.code == 0 and "wrote 1 audit log event(s)" in done.out
    (actor, action, subject, detail) = _audit(data_dir)[-1]
    assert action == "person.manager" and detail.endswith("-> ADA") and actor != subject


def test_import_refuses_self_feedback_and_reports_cleaned_text(
    cli: Cli, sample_doc: dict[str, Any], tmp_path: Path
) -> None:
    sample_doc["feedback"][0]["receiver"] = "sam@acme.test"  # f-1 is given by p-mgr, Sam
    sample_doc["feedback"][1]["text"] = "Say it early\u200b\U000e0069\U000e0067\u202e."
    path = tmp_path / "b.json"
    path.write_text(json.dumps(sample_doc))
    self_fb = cli("import", str(path), "--migration")
    assert self_fb.code == 2
    assert "b.json:feedback[0]: receiver: feedback is for someone else" in self_fb.err
    sample_doc["feedback"][0]["receiver"] = "p-dana"
    path.write_text(json.dumps(sample_doc))
    ok = cli("import", str(path), "--migration")
    assert ok.code == 0 and "1 record(s) had invisible characters" in ok.out
    listed = cli("feedback", "list", "--about", "dana@acme.test")
    assert "Say it early." in listed.out


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b'{"people": [' * 100_000, "nested too deeply"),
        (
            b'{"values": [{"id": "v", "name": "caf\xe9"}]}',
            "not UTF-8 text (the byte at offset 36 is invalid)",
        ),
        (b'{"values": [], "values": [{"id": "v", "name": "V"}]}', "the key 'values' appears twice"),
    ],
)
def test_unreadable_bundle_is_one_clear_error(
    cli: Cli, tmp_path: Path, content: bytes, reason: str
) -> None:
    path = tmp_path / "b.json"
    path.write_bytes(content)
    ran = cli("import", str(path))
    assert ran.code == 2 and reason in ran.err and "Traceback" not in ran.err
