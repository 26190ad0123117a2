"""``python -m assistant.cli`` is the ``cadence`` command."""

from __future__ import annotations

import subprocess
import sys


def test_python_m_assistant_cli_runs_the_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "--help"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Usage: python -m assistant.cli" in done.stdout
    assert "agenda" in done.stdout
