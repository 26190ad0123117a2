"""``cadence erase`` and ``cadence retention purge`` end to end."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest
from cli_runner import Cli
from sqlalchemy import func, select

from assistant.models import Feedback, Person
from assistant.runtime import Runtime
from assistant.settings import Settings, get_settings
from retrieval.index import VectorIndex


@pytest.fixture
def imported(cli: Cli, tmp_path: Path, sample_doc: dict[str, Any]) -> Cli:
    path = tmp_path / "org.json"
    path.write_text(json.dumps(sample_doc))
    assert cli("import", str(path), "--migration").code == 0
    assert cli("index").code == 0
    return cli


def _count(data_dir: Path, stmt: Any) -> int:
    rt = Runtime(Settings(data_dir=data_dir, environment="test"))
    with rt.sessions() as s:
        n = int(s.scalar(stmt) or 0)
    rt.close()
    return n


def _people(data_dir: Path, email: str) -> int:
    return _count(data_dir, select(func.count()).where(Person.email == email))


def test_erase_shows_what_it_removes_and_asks_first(
    imported: Cli, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("n\n"))
    ran = imported("erase", "--person", "dana@acme.test")
    assert ran.code == 1 and "nothing was erased" in ran.err
    assert "Erasing Dana Diaz <dana@acme.test>" in ran.out
    assert "delete feedback" in ran.out and "Erase this person?" in ran.out
    assert _people(data_dir, "dana@acme.test") == 1

    monkeypatch.setattr(sys, "stdin", io.StringIO("y\n"))
    ran = imported("erase", "--person", "dana@acme.test")
    assert ran.code == 0, ran.err
    assert "erased dana@acme.test" in ran.out and "SQLite vacuumed" in ran.out
    assert _people(data_dir, "dana@acme.test") == 0


def test_erase_with_yes_does_not_ask_and_unknown_people_are_a_user_error(
    imported: Cli, data_dir: Path
) -> None:
    ran = imported("erase", "--person", "sam@acme.test", "--yes")
    assert ran.code == 0 and "Erase this person?" not in ran.out
    assert _people(data_dir, "sam@acme.test") == 0
    ran = imported("erase", "--person", "nobody@acme.test", "--yes")
    assert ran.code == 2 and "no person" in ran.err and "Traceback" not in ran.err


def test_retention_purge_needs_a_period(imported: Cli) -> None:
    ran = imported("retention", "purge")
    assert ran.code == 2 and "CADENCE_RETENTION_DAYS" in ran.err


def test_retention_purge_dry_run_then_purge(
    imported: Cli, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CADENCE_RETENTION_DAYS", "30")
    get_settings.cache_clear()
    total = _count(data_dir, select(func.count()).select_from(Feedback))
    # As of 2026-03-10 the cut-off is 2026-02-08: f-1 (02-03) goes, f-2 and f-3 stay.
    ran = imported("retention", "purge", "--dry-run", "--today", "2026-03-10")
    assert ran.code == 0, ran.err
    assert "Would purge everything dated before 2026-02-08" in ran.out
    assert _count(data_dir, select(func.count()).select_from(Feedback)) == total
    ran = imported("retention", "purge", "--today", "2026-03-10")
    assert ran.code == 0, ran.err
    assert "Purged everything dated before 2026-02-08" in ran.out
    assert _count(data_dir, select(func.count()).select_from(Feedback)) == total - 1
    assert "nothing to purge" in imported("retention", "purge", "--today", "2026-03-10").out


def test_when_reclaiming_fails_the_erasure_says_so_and_reclaim_finishes_it(
    imported: Cli, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: VectorIndex, page: int = 2000) -> int:
        raise RuntimeError("chroma is down")

    with monkeypatch.context() as patched:
        patched.setattr(VectorIndex, "compact", broken)
        ran = imported("erase", "--person", "dana@acme.test", "--yes")
    assert ran.code == 1 and "Traceback" not in ran.err
    assert "the records are deleted" in ran.err and "cadence reclaim" in ran.err
    assert _people(data_dir, "dana@acme.test") == 0
    ran = imported("reclaim")
    assert ran.code == 0 and "index rebuilt with" in ran.out
