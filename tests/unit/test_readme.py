"""The README's commands are runnable as they stand: every `cadence ...` line in its shell blocks
names a real command with options that parse, and the tour, run in order on a fresh demo, prints
what the README says it prints — on more than one date, because the demo is dated relative to
"today" and a date-sensitive bug (a closed quarter pushing the planted facts out) once made the
tour find nothing it promised."""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import typer
from sqlalchemy import select

from assistant.cli import _register, app
from assistant.demo import PLANTED
from assistant.models import ActionItem, Feedback
from assistant.runtime import Runtime
from assistant.settings import Settings

README = Path(__file__).resolve().parents[2] / "README.md"


def _readme_commands() -> list[list[str]]:
    blocks = re.findall(r"```sh\n(.*?)```", README.read_text(), flags=re.S)
    commands = []
    for block in blocks:
        for line in block.splitlines():
            line = line.split("#", 1)[0].strip()
            line = re.sub(r"^\.venv/bin/", "", line)
            if line.startswith("cadence ") and "--help" not in line:
                commands.append(shlex.split(line)[1:])
    return commands


def test_the_readme_names_the_two_commands() -> None:
    text = README.read_text()
    assert "make demo" in text and "make test" in text
    assert len(_readme_commands()) >= 8


@pytest.mark.parametrize("args", _readme_commands(), ids=lambda a: " ".join(a[:2]))
def test_readme_command_parses(args: list[str]) -> None:
    _register()
    command: Any = typer.main.get_command(app)
    ctx = command.make_context("cadence", list(args))
    # Walk down the groups to the leaf command, parsing its options as click would (typer ships
    # its own copy of click, so go by behaviour rather than class); a bad name or option raises.
    while hasattr(command, "resolve_command"):
        pending = [*getattr(ctx, "_protected_args", []), *ctx.args]
        name, command, rest = command.resolve_command(ctx, pending)
        ctx = command.make_context(name or "", rest, parent=ctx)
    assert ctx.command is command


Run = Callable[..., tuple[int, str, str]]
# A quarter's last day and a day just after a year boundary: the hard cases for "what is current".
DATES = ("2026-03-31", "2027-01-04")
CITATION = re.compile(r"\[[GKUFCA]\d+")
# Long-running, interactive or destructive, each covered elsewhere: `serve` by
# tests/integration/test_serve.py, `eval` by tests/unit/evals (the whole suite, on several dates),
# `erase` (asks before erasing) and `retention` by tests/unit/assistant/cli/test_privacy_cli.py.
NOT_RUN_HERE = ("serve", "eval", "erase", "retention")


@pytest.fixture(params=DATES)
def cadence(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    run_cadence: Run,
) -> Run:
    monkeypatch.setenv("CADENCE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("CADENCE_TODAY", request.param)
    return run_cadence


def _planted_ids() -> tuple[set[str], str]:
    rt = Runtime(Settings(environment="test"))
    try:
        with rt.sessions() as s:
            theme = {
                f"F{i}"
                for i in s.scalars(
                    select(Feedback.id).where(Feedback.external_id.in_(PLANTED.theme_feedback))
                )
            }
            overdue = s.scalar(
                select(ActionItem.id).where(ActionItem.external_id == PLANTED.overdue_action_item)
            )
            return theme, f"A{overdue}"
    finally:
        rt.close()


def test_the_tour_prints_what_the_readme_promises(cadence: Run) -> None:
    code, out, err = cadence("demo")
    assert code == 0, err
    assert "1:1 agenda" in out and CITATION.search(out)
    promises = ("Roll out payment retries", "Write the on-call runbook", "status update")
    for promised in promises:
        assert promised in out, f"the demo's agenda misses {promised!r}:\n{out}"

    theme_ids, overdue_id = _planted_ids()
    ran = []
    for args in _readme_commands():
        if args[0] in NOT_RUN_HERE:
            continue
        code, out, err = cadence(*args)
        assert code == 0, (args, err)
        ran.append(args[0])
        what = args[0]
        if what == "summary":
            assert "Strengths" in out and "Growth areas" in out and CITATION.search(out), out
        elif what == "coach":
            assert out.count("Opener:") >= 3, out
        elif what == "reflect":
            assert "What I accomplished" in out and re.search(r"\bI\b", out), out
            assert out.lstrip().startswith("#"), "markdown was asked for"
        elif what == "themes":
            assert "Themes" in out
            assert "Dana" not in out and "Maya" not in out, "HR themes never name anyone"
        elif what == "search":
            found = set(re.findall(r"\b[FA]\d+\b", out))
            assert overdue_id in found, out
            assert found & theme_ids, f"no feedback about status updates in:\n{out}"
        elif what == "ask":
            found = set(re.findall(r"\b[FA]\d+\b", out))
            assert found & theme_ids and "status update" in out, out
        elif what == "agenda":  # the README's focused agenda: the retries rollout leads
            assert out.split("\n\n")[1].startswith("On “the retries rollout”"), out
            assert "Also on record about it: feedback from Hannah Brooks" in out, out
        elif what == "token":
            assert re.search(r"\S{20,}", out.splitlines()[-1]), out
    assert {"agenda", "summary", "coach", "reflect", "themes", "search", "ask", "token"} <= set(ran)
