"""The ``cli`` fixture the CLI tests share: tests/conftest.py's ``run_cadence`` (``cadence ARGS``
in-process, as the script runs it) over a private data dir and a pinned day, answering a ``Ran``."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_runner import CadenceRun, Cli, Ran


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def cli_env() -> dict[str, str]:
    """Environment ``cli`` sets besides the data dir; a test module overrides it to add more."""
    return {}


@pytest.fixture
def cli(
    data_dir: Path,
    cli_env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    run_cadence: CadenceRun,
) -> Cli:
    """Run ``cadence ARGS`` in-process through ``main()``, as the console script does."""
    monkeypatch.setenv("CADENCE_DATA_DIR", str(data_dir))
    # Commands work as of a fixed day, never the calendar's (a module may override it).
    monkeypatch.setenv("CADENCE_TODAY", "2026-11-30")
    for name, value in cli_env.items():
        monkeypatch.setenv(name, value)

    def run(*args: str) -> Ran:
        return Ran(*run_cadence(*args))

    return run
