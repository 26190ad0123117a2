"""The README's commands are runnable as they stand: every `cadence ...` line in its shell blocks
names a real command with options that parse."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import typer

from assistant.cli import _register, app

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
