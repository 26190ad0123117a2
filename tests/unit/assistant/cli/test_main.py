"""`main()`: whatever goes wrong inside a command, the user reads one line, never a traceback."""

from __future__ import annotations

import pytest
from cli_runner import Cli

import assistant.cli.retrieval as commands
from assistant.errors import ConfigError, ModelError
from assistant.runtime import Runtime


def _fail_with(exc: Exception, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> Runtime:
        raise exc

    monkeypatch.setattr(commands, "runtime", broken)


def test_a_runtime_failure_is_one_line_and_exit_1(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fail_with(ModelError("the model timed out\nafter 30 s"), monkeypatch)
    ran = cli("index")
    assert ran.code == 1 and "Traceback" not in ran.err
    assert ran.err.strip().splitlines() == ["cadence: the model timed out after 30 s"]


def test_an_unexpected_error_is_one_line_with_a_hint(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fail_with(OSError("disk [full]"), monkeypatch)
    ran = cli("index")
    assert ran.code == 1 and "Traceback" not in ran.err
    assert ran.err.strip().splitlines() == [
        "cadence: unexpected error: OSError: disk [full] (set CADENCE_DEBUG=1 to see the traceback)"
    ]


def test_cadence_debug_lets_the_traceback_through(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fail_with(OSError("disk full"), monkeypatch)
    monkeypatch.setenv("CADENCE_DEBUG", "1")
    with pytest.raises(OSError, match="disk full"):
        cli("index")


def test_user_mistakes_still_exit_2(cli: Cli) -> None:
    ran = cli("index", "--rebuild", "--check")
    assert ran.code == 2 and ran.err.strip().splitlines() == [
        "cadence: --rebuild and --check are exclusive: rebuild, then check"
    ]


@pytest.mark.parametrize("debug", ["", "1"])
def test_a_config_error_is_one_line_and_exit_2_even_when_debugging(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, debug: str
) -> None:
    # At a terminal the user is the operator: their settings, their one-line message to act on.
    _fail_with(ConfigError("CADENCE_CHROMA_URL is not a URL:\nnope"), monkeypatch)
    monkeypatch.setenv("CADENCE_DEBUG", debug)
    ran = cli("index")
    assert ran.code == 2 and "Traceback" not in ran.err
    assert ran.err.strip().splitlines() == ["cadence: CADENCE_CHROMA_URL is not a URL: nope"]
