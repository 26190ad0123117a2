"""The ``cli`` fixture the CLI tests share: ``cadence ARGS`` run in-process, as the script does."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_runner import Cli, Ran

from assistant.cli import main
from assistant.settings import get_settings


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
    capsys: pytest.CaptureFixture[str],
) -> Iterator[Cli]:
    """Run ``cadence ARGS`` in-process through ``main()``, as the console script does."""
    monkeypatch.setenv("CADENCE_DATA_DIR", str(data_dir))
    # Commands work as of a fixed day, never the calendar's (a module may override it).
    monkeypatch.setenv("CADENCE_TODAY", "2026-11-30")
    for name, value in cli_env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("COLUMNS", "200")
    get_settings.cache_clear()

    def run(*args: str) -> Ran:
        monkeypatch.setattr(sys, "argv", ["cadence", *args])
        with pytest.raises(SystemExit) as exited:
            main()
        got = capsys.readouterr()
        return Ran(int(exited.value.code or 0), got.out, got.err)

    yield run
    get_settings.cache_clear()
