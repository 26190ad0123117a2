"""The ``cadence`` command line. Sub-modules register their commands on :data:`app`.

User mistakes (:class:`~assistant.errors.UserError`) print one line and exit 2; nothing a user can
do by mistake shows a traceback.
"""

from __future__ import annotations

import importlib
import sys

import typer
from rich.console import Console

from assistant.errors import UserError, ValidationFailed

app = typer.Typer(
    name="cadence",
    help="Cadence: an AI coaching assistant for continuous performance management.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True)


# Command modules, in the order `cadence --help` lists them; each adds its commands to `app`.
_COMMAND_MODULES = (
    "demo",
    "tasks",
    "data",
    "records",
    "retrieval",
    "privacy",
    "eval",
    "tokens",
    "serve",
)


def _register() -> None:
    for name in _COMMAND_MODULES:
        importlib.import_module(f"assistant.cli.{name}")


def main() -> None:
    _register()
    try:
        app()
    except ValidationFailed as exc:
        for problem in exc.problems:
            err.print(f"[red]error[/red] {problem}", markup=True, highlight=False, soft_wrap=True)
        err.print(f"cadence: {exc}", highlight=False)
        sys.exit(2)
    except UserError as exc:
        err.print(f"cadence: {exc}", highlight=False, soft_wrap=True)
        sys.exit(2)
