"""Helpers shared by the CLI command modules."""

from __future__ import annotations

from enum import StrEnum

from rich.console import Console

from assistant.runtime import Runtime

out = Console(highlight=False, soft_wrap=True)


class OutputFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"


def runtime() -> Runtime:
    return Runtime()
