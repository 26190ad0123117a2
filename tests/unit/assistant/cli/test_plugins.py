"""Plugin commands (entry point group ``cadence.commands``): `cadence eval` comes from the evals
package this way, so the product never imports evals; a missing one says how to get it."""

from __future__ import annotations

import os
import subprocess
import sys
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest
import typer
from cli_runner import Cli
from typer.testing import CliRunner

from assistant.cli.plugins import GROUP, KNOWN, register
from assistant.errors import UserError

# `cadence` with the installed entry points hidden: an installation without the evals package.
_WITHOUT_PLUGINS = """
import sys
from importlib import metadata
metadata.entry_points = lambda **kw: metadata.EntryPoints(())
from assistant.cli import main
sys.argv = ["cadence", *sys.argv[1:]]
main()
"""


def _app() -> typer.Typer:
    app = typer.Typer(add_completion=False)

    @app.command("demo")
    def demo() -> None:
        """A built-in."""

    return app


def _entry(name: str, value: str) -> EntryPoint:
    return EntryPoint(name=name, value=value, group=GROUP)


def test_help_lists_eval_with_its_help_text(cli: Cli) -> None:
    ran = cli("--help")
    assert ran.code == 0
    line = next(line for line in ran.out.splitlines() if " eval " in line)
    assert "Run eval cases over the demo organisation" in line


def test_eval_help_shows_its_options(cli: Cli) -> None:
    ran = cli("eval", "--help")
    assert ran.code == 0
    assert "--update-baseline" in ran.out and "--baseline-dir" in ran.out


def test_the_installed_entry_point_names_evals() -> None:
    app = _app()
    assert register(app) == ["eval"]
    assert register(app) == []  # idempotent: `main()` registers on every call
    assert [c.name for c in app.registered_commands] == ["demo", "eval"]


def test_a_declared_plugin_whose_package_is_missing_gets_the_stub() -> None:
    app = _app()
    assert register(app, [_entry("eval", "no_such_package.cli:register")]) == []
    for args in (["eval", "--suite", "x"], ["eval", "--help"]):
        ran = CliRunner().invoke(app, args)
        assert isinstance(ran.exception, UserError), ran.output
        assert str(ran.exception) == KNOWN["eval"][1]


def test_a_plugin_never_replaces_a_built_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "rogue_plugin.py").write_text(
        "def register(app):\n    raise AssertionError('loaded a plugin over a built-in')\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    app = _app()
    assert register(app, [_entry("demo", "rogue_plugin:register")]) == []


def test_another_packages_plugin_is_loaded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "hello_plugin.py").write_text(
        "def register(app):\n"
        "    @app.command('hello')\n"
        "    def hello() -> None:\n"
        "        print('hello from a plugin')\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    app = _app()
    assert register(app, [_entry("hello", "hello_plugin:register")]) == ["hello"]
    assert CliRunner().invoke(app, ["hello"]).output == "hello from a plugin\n"


def _without_plugins(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CADENCE_DATA_DIR": str(data_dir), "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-c", _WITHOUT_PLUGINS, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_without_evals_cadence_eval_says_how_to_install_it(tmp_path: Path) -> None:
    ran = _without_plugins("eval", "--suite", "safety_smoke", data_dir=tmp_path)
    assert ran.returncode == 2
    assert ran.stderr.strip().splitlines() == [f"cadence: {KNOWN['eval'][1]}"]
    assert "pip install -e ." in ran.stderr and "Traceback" not in ran.stderr + ran.stdout
    listed = _without_plugins("--help", data_dir=tmp_path)
    assert listed.returncode == 0 and "not installed: the evals package" in listed.stdout
