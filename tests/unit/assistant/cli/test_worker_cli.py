"""`cadence worker`: drains the outbox once or until SIGTERM/SIGINT, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from cli_runner import Cli

from assistant.db import transaction
from assistant.models import Feedback, FeedbackKind, FeedbackVisibility, Person
from assistant.runtime import Runtime
from assistant.settings import Settings


@pytest.fixture
def cli_env(db_url: str) -> dict[str, str]:
    return {"CADENCE_DATABASE_URL": db_url}


@pytest.fixture
def queued(tmp_path: Path, db_url: str) -> None:
    """Two pieces of feedback, committed and queued for the index, not indexed."""
    rt = Runtime(Settings(data_dir=tmp_path / "data", database_url=db_url))
    with transaction(rt.sessions) as s:
        maya = Person(external_id="p1", name="Maya", email="maya@example.com")
        dana = Person(external_id="p2", name="Dana", email="dana@example.com")
        s.add_all([maya, dana])
        s.flush()
        for i in range(2):
            s.add(
                Feedback(
                    external_id=f"f{i}", giver_id=maya.id, receiver_id=dana.id,
                    date=dt.date(2026, 11, 2), kind=FeedbackKind.PRAISE,
                    visibility=FeedbackVisibility.SHARED, text=f"ledger review {i}",
                )
            )  # fmt: skip
    rt.close()


def test_worker_once_drains_what_is_pending_and_index_check_agrees(cli: Cli, queued: None) -> None:
    assert "waiting in the outbox" in cli("index", "--check").out
    ran = cli("worker", "--once")
    assert ran.code == 0, ran.err
    assert "stopped after 2 changes (2 documents written, 0 removed" in ran.out
    check = cli("index", "--check")
    assert check.code == 0 and "No drift" in check.out and "outbox" not in check.out


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_worker_stops_gracefully_on_a_signal(
    queued: None, tmp_path: Path, db_url: str, sig: signal.Signals
) -> None:
    env = {**os.environ, "CADENCE_DATA_DIR": str(tmp_path / "data"),
           "CADENCE_DATABASE_URL": db_url, "CADENCE_EMBEDDER": "bundled"}  # fmt: skip
    proc = subprocess.Popen(
        [sys.executable, "-c", "from assistant.cli import main; main()", "worker",
         "--interval", "0.1"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    assert proc.stdout is not None
    lines: list[str] = []
    for line in proc.stdout:  # wait until it has indexed what was queued
        lines.append(line)
        if "indexed 2 changes" in line:
            break
    proc.send_signal(sig)
    rest, _ = proc.communicate(timeout=60)
    output = "".join(lines) + rest
    assert proc.returncode == 0, output
    assert f"{sig.name}: finishing the batch in hand" in output
    assert "stopped after 2 changes" in output
