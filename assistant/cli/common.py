"""Helpers shared by the CLI command modules.

Command modules import only what building their options needs (typer, rich, the enums of
assistant.kinds); everything else is imported inside the command that uses it, so ``cadence
--help`` and argument errors stay fast (tests/unit/assistant/cli/test_startup.py)."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

if TYPE_CHECKING:
    from assistant.runtime import Runtime

out = Console(highlight=False, soft_wrap=True)

# Every command whose result depends on the date takes --today, so a run can be repeated exactly
# (and the demo can be read as of the day it was built). CADENCE_TODAY sets it for a whole shell.
Today = Annotated[
    str | None,
    typer.Option(
        "--today",
        help="Work as of this date (YYYY-MM-DD) instead of the real date; "
        "default CADENCE_TODAY, else today.",
        show_default=False,
    ),
]


class OutputFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"


def runtime(today: str | None = None) -> Runtime:
    """The runtime over the configured settings; ``today`` (a --today value) overrides the
    date everything in this command works as of."""
    # Imported here: the runtime brings SQLAlchemy and the model clients, which `--help` and
    # every command's argument parsing can do without.
    from assistant import clock
    from assistant.runtime import Runtime
    from assistant.settings import get_settings

    settings = get_settings()
    if today is not None:
        settings = settings.model_copy(update={"today": clock.parse_day(today)})
    return Runtime(settings)
