"""Commands that other installed packages add to ``cadence``: the entry point group
``cadence.commands``.

Each entry point names a callable that takes the Typer app and adds its commands to it; Cadence's
own pyproject.toml declares ``eval = "evals.cli:register"``. The product never imports such a
package (the layer contract in pyproject.toml forbids it); the CLI finds it here, at start-up,
through the installed packages' metadata. A plugin module is loaded for `cadence --help` too, so
it must import only what building its options needs.

A command the README documents (:data:`KNOWN`) whose plugin is missing still exists: it says in
one line how to get it, instead of click's "No such command".
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib import metadata

import typer

from assistant.errors import UserError

__all__ = ["GROUP", "KNOWN", "register"]

GROUP = "cadence.commands"

# Documented commands that come from plugins: name -> (help when missing, how to get it).
KNOWN: dict[str, tuple[str, str]] = {
    "eval": (
        "Run the eval suite (not installed: the evals package).",
        "`cadence eval` needs the evals package, which this installation does not have: "
        "install Cadence from its source checkout (pip install -e .) and run it there",
    ),
}


def register(app: typer.Typer, found: Iterable[metadata.EntryPoint] | None = None) -> list[str]:
    """Add every plugin's commands to ``app`` (``found`` defaults to the installed entry points)
    and a stub for each missing known one; returns the plugins loaded, by name.

    Idempotent: a name already on ``app`` (a built-in, or a plugin added by an earlier call) is
    left as it is, so a plugin can never replace a built-in command."""
    plugins = {
        ep.name: ep for ep in (metadata.entry_points(group=GROUP) if found is None else found)
    }
    taken = {command.name for command in app.registered_commands}
    loaded: list[str] = []
    for name in sorted(plugins.keys() | KNOWN.keys()):
        if name in taken:
            continue
        entry = plugins.get(name)
        if entry is not None:
            try:
                adder = entry.load()
            except ModuleNotFoundError:
                pass  # declared, but the package is not there: the stub says what to do
            else:
                adder(app)
                loaded.append(name)
                continue
        if name in KNOWN:
            _stub(app, name, *KNOWN[name])
    return loaded


def _stub(app: typer.Typer, name: str, help_text: str, how: str) -> None:
    # Any arguments and options (--help included) lead to the one line saying how to install.
    @app.command(
        name,
        help=help_text,
        add_help_option=False,
        context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
    )
    def missing() -> None:
        raise UserError(how)
