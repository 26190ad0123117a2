"""The ``cadence`` command line. Sub-modules register their commands on :data:`app`.

No command shows the user a traceback. User mistakes (:class:`~assistant.errors.UserError`)
and settings that cannot work (:class:`~assistant.errors.ConfigError`: at a terminal the user is
the operator, so the message is theirs to act on) print one line and exit 2; failures outside
the user's control (:class:`~assistant.errors.RuntimeFailure`) print one line and exit 1;
anything unexpected prints one line with a hint and exits 1. ``CADENCE_DEBUG=1`` lets an
unexpected error raise with its traceback, for a bug report.
"""

from __future__ import annotations

import importlib
import os
import sys

import typer
from rich.console import Console

from assistant.errors import ConfigError, RuntimeFailure, UserError, ValidationFailed
from assistant.retrieval_config import cadence_errors

app = typer.Typer(
    name="cadence",
    help="Cadence: an AI coaching assistant for continuous performance management.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True)


# Command modules, in the order `cadence --help` lists them; each adds its commands to `app`.
# "plugins" adds the commands of other installed packages (assistant/cli/plugins.py): `cadence
# eval` is the evals package's, which nothing in the product imports.
_COMMAND_MODULES = (
    "demo",
    "tasks",
    "data",
    "records",
    "retrieval",
    "worker",
    "privacy",
    "plugins",
    "tokens",
    "serve",
)


def _register() -> None:
    from assistant.cli import plugins

    for name in _COMMAND_MODULES:
        if name == "plugins":
            plugins.register(app)
        else:
            importlib.import_module(f"assistant.cli.{name}")


def _one_line(exc: BaseException) -> str:
    """The message on one line: library errors (Chroma's among them) can span several."""
    return " ".join(str(exc).split()) or type(exc).__name__


def _debug() -> bool:
    # Read from the environment, not Settings: the error being reported may be Settings failing.
    return os.environ.get("CADENCE_DEBUG", "").strip().lower() in ("1", "true", "yes")


def _say(message: str) -> None:
    err.print(f"cadence: {message}", markup=False, highlight=False, soft_wrap=True)


def main() -> None:
    _register()
    try:
        with cadence_errors():  # a retrieval error no boundary mapped still gets one line
            app()
    except ValidationFailed as exc:
        for problem in exc.problems:
            err.print(f"[red]error[/red] {problem}", markup=True, highlight=False, soft_wrap=True)
        _say(str(exc))
        sys.exit(2)
    except (UserError, ConfigError) as exc:
        _say(_one_line(exc))
        sys.exit(2)
    except RuntimeFailure as exc:
        _say(_one_line(exc))
        sys.exit(1)
    except Exception as exc:
        if _debug():
            raise
        _say(
            f"unexpected error: {type(exc).__name__}: {_one_line(exc)} "
            "(set CADENCE_DEBUG=1 to see the traceback)"
        )
        sys.exit(1)
