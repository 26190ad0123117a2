"""`cadence index` and `cadence search` end to end, in-process, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from chroma_limits import LimitedChroma
from cli_runner import Cli
from sqlalchemy.orm import Session

from assistant.db import transaction
from assistant.models import CheckIn, Feedback, FeedbackKind, FeedbackVisibility, Person
from assistant.retrieval_config import chroma_config
from assistant.runtime import Runtime
from assistant.settings import Settings
from retrieval.index import make_chroma_client


@pytest.fixture
def cli_env(db_url: str) -> dict[str, str]:
    return {"CADENCE_DATABASE_URL": db_url}


def _maya_and_dana(s: Session) -> tuple[Person, Person]:
    """Maya manages Dana."""
    maya = Person(external_id="p1", name="Maya", email="maya@example.com")
    s.add(maya)
    s.flush()
    dana = Person(external_id="p2", name="Dana", email="dana@example.com", manager_id=maya.id)
    s.add(dana)
    s.flush()
    return maya, dana


@pytest.fixture
def org(cli: Cli, tmp_path: Path, db_url: str) -> None:
    rt = Runtime(Settings(data_dir=tmp_path / "data", database_url=db_url))
    with transaction(rt.sessions) as s:
        maya, dana = _maya_and_dana(s)
        s.add(Person(external_id="p3", name="Omar", email="omar@example.com"))
        s.add_all(
            [
                Feedback(
                    external_id="f1",
                    giver_id=maya.id,
                    receiver_id=dana.id,
                    date=dt.date(2026, 11, 2),
                    kind=FeedbackKind.PRAISE,
                    visibility=FeedbackVisibility.SHARED,
                    text="Dana ran a calm incident review for the ledger outage",
                ),
                Feedback(
                    external_id="f2",
                    giver_id=maya.id,
                    receiver_id=dana.id,
                    date=dt.date(2026, 11, 3),
                    kind=FeedbackKind.CONSTRUCTIVE,
                    visibility=FeedbackVisibility.MANAGER_ONLY,
                    text="ledger outage follow-ups slipped",
                ),
                CheckIn(
                    external_id="c1",
                    employee_id=dana.id,
                    manager_id=maya.id,
                    date=dt.date(2026, 11, 4),
                    shared_notes="ledger outage retro",
                    private_notes="ledger outage stress",
                ),
            ]
        )
    rt.close()


def test_index_sync_check_and_rebuild(cli: Cli, org: None) -> None:
    ran = cli("index")
    assert ran.code == 0 and "Synced 3 changes" in ran.out
    assert "up to date" in cli("index").out
    ran = cli("index", "--check")
    assert ran.code == 0 and "No drift" in ran.out
    ran = cli("index", "--rebuild")
    assert ran.code == 0 and "Rebuilt: 4 documents from 3 records" in ran.out
    assert cli("index", "--rebuild", "--check").code == 2


def test_search_shows_what_the_caller_may_see_with_ids_and_snippets(cli: Cli, org: None) -> None:
    ran = cli("search", "ledger outage", "--as", "maya@example.com", "--about", "dana@example.com")
    assert ran.code == 0, ran.err
    assert "F1" in ran.out and "F2" in ran.out and "C1" in ran.out
    assert "calm incident review" in ran.out  # the snippet, read from the database
    ran = cli("search", "ledger outage", "--as", "dana@example.com")
    assert ran.code == 0 and "F1" in ran.out and "F2" not in ran.out
    assert "stress" not in ran.out and "slipped" not in ran.out
    ran = cli("search", "ledger outage", "--as", "omar@example.com")
    assert ran.code == 0 and "No matching records" in ran.out
    ran = cli("search", "ledger", "--as", "maya@example.com", "--type", "checkin", "-k", "1")
    assert ran.code == 0 and "C1" in ran.out and "F1" not in ran.out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--as", "nobody@example.com"), "no active person"),
        (("--as", "maya@example.com", "--about", "x@example.com"), "no person"),
        (("--as", "maya@example.com", "--since", "yesterday"), "--since"),
    ],
)
def test_search_mistakes_are_one_line_errors(
    cli: Cli, org: None, args: tuple[str, ...], message: str
) -> None:
    ran = cli("search", "ledger", *args)
    assert ran.code == 2 and message in ran.err and "Traceback" not in ran.err


@pytest.fixture
def many(cli: Cli, tmp_path: Path, db_url: str) -> int:
    """More feedback than one drain batch (500 outbox rows) takes; returns how many."""
    rt = Runtime(Settings(data_dir=tmp_path / "data", database_url=db_url))
    with transaction(rt.sessions) as s:
        maya, dana = _maya_and_dana(s)
        s.add_all(
            Feedback(
                external_id=f"f{n}",
                giver_id=maya.id,
                receiver_id=dana.id,
                date=dt.date(2026, 11, 2),
                kind=FeedbackKind.PRAISE,
                visibility=FeedbackVisibility.SHARED,
                text=f"note {n} on the ledger migration",
            )
            for n in range(620)
        )
    rt.close()
    return 620


def test_a_failing_index_is_one_line_and_a_rerun_resumes(
    cli: Cli, many: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    import assistant.cli.retrieval as commands

    chroma: list[LimitedChroma] = []

    def flaky_runtime() -> Runtime:
        rt = Runtime()
        # 100 ids a write: the first drain batch (500 rows) takes five; the seventh write fails.
        chroma.append(
            LimitedChroma(make_chroma_client(chroma_config(rt.settings)), 100, fail_on_write=7)
        )
        return rt.provide(chroma=chroma[-1])

    monkeypatch.setattr(commands, "runtime", flaky_runtime)
    ran = cli("index")
    assert ran.code == 1 and "Traceback" not in ran.out + ran.err
    assert ran.err.strip().splitlines() == [
        "cadence: index sync failed after 500 of 620 changes: ConnectionError: chroma went away "
        "mid-sync (what was synced is kept; run `cadence index` again to resume)"
    ]
    assert [n for _, n in chroma[0].writes] == [100, 100, 100, 100, 100, 100]
    monkeypatch.setattr(commands, "runtime", Runtime)  # Chroma is back
    ran = cli("index")
    assert ran.code == 0 and f"Synced {many - 500} changes" in ran.out, ran.err
    ran = cli("index", "--check")
    assert ran.code == 0 and "No drift" in ran.out
