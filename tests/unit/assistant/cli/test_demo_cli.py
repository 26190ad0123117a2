"""``cadence demo`` end to end: builds the demo once, says so the second time, --force re-merges."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select

from assistant.demo import PLANTED
from assistant.models import Feedback, OutboxEntry, Person
from assistant.runtime import Runtime
from assistant.settings import Settings

Run = Callable[..., tuple[int, str, str]]

# What `cadence demo` prints as of 2026-11-30, the planted agenda included. Refactors must leave it
# unchanged byte for byte (issue 14); a deliberate change of the drafter rewrites it with
# CADENCE_UPDATE_GOLDEN=1 and shows up in review as a diff of this file.
GOLDEN = Path(__file__).with_name("demo_output.golden.txt")


def _without_timings(out: str) -> str:
    """The output minus its one line of wall-clock timings and the data directory's path."""
    return "".join(
        line for line in out.splitlines(keepends=True) if not line.startswith("Generated in")
    )


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def cadence(data_dir: Path, monkeypatch: pytest.MonkeyPatch, run_cadence: Run) -> Run:
    monkeypatch.setenv("CADENCE_DATA_DIR", str(data_dir))
    monkeypatch.setenv("CADENCE_TODAY", "2026-11-30")  # the demo is dated relative to it
    return run_cadence


def _counts(data_dir: Path) -> tuple[int, int, int]:
    rt = Runtime(Settings(data_dir=data_dir, environment="test"))
    try:
        with rt.sessions() as s:
            return (
                s.scalar(select(func.count()).select_from(Person)) or 0,
                s.scalar(select(func.count()).select_from(Feedback)) or 0,
                s.scalar(select(func.count()).select_from(OutboxEntry)) or 0,
            )
    finally:
        rt.close()


def test_demo_twice_is_idempotent(cadence: Run, data_dir: Path) -> None:
    code, out, _ = cadence("demo")
    assert code == 0
    assert PLANTED.manager in out and PLANTED.report in out
    if os.environ.get("CADENCE_UPDATE_GOLDEN") == "1":
        GOLDEN.write_text(_without_timings(out))
    assert _without_timings(out) == GOLDEN.read_text()
    assert "feedback" in out and f"cadence agenda --as {PLANTED.manager}" in out
    first = _counts(data_dir)
    assert first[0] == 60 and 1_300 <= first[1] <= 1_700
    assert first[2] == 0 and "indexed" in out  # the outbox was drained into the index

    code, out, _ = cadence(
        "search", "status update", "--as", PLANTED.manager, "--about", PLANTED.report, "-k", "10"
    )  # the planted feedback ranks 6th: goals' "Status:" lines match "status" too
    assert code == 0 and re.search(r"\bF\d+\b", out), out  # feedback hits, by citation id

    code, out, _ = cadence("demo")
    assert code == 0 and "already exists" in out and "--force" in out
    assert "1:1 agenda" in out  # the main job still shows its agenda
    assert _counts(data_dir) == first

    code, out, _ = cadence("demo", "--force")
    assert code == 0
    assert _counts(data_dir) == first  # same day, same seed: the merge changes nothing


def test_demo_without_index_leaves_the_outbox_for_cadence_index(
    cadence: Run, data_dir: Path
) -> None:
    code, out, _ = cadence("demo", "--no-index")
    assert code == 0 and "not indexed yet" in out
    assert _counts(data_dir)[2] > 0
    code, out, _ = cadence("index")
    assert code == 0 and _counts(data_dir)[2] == 0


def test_demo_rejects_too_few_people(cadence: Run, data_dir: Path) -> None:
    code, _, err = cadence("demo", "--people", "10")
    assert code == 2 and "10" in err
    assert not (data_dir / "cadence.db").exists() or _counts(data_dir)[0] == 0
