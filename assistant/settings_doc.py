"""The configuration reference, deploy/CONFIG.md, generated from :class:`Settings`' fields so it
cannot fall behind them: ``python -m assistant.settings_doc > deploy/CONFIG.md``. A unit test
fails when the file differs from what this prints, or when a field has no description.
"""

from __future__ import annotations

import datetime as dt
import types
from pathlib import Path
from typing import Any, Literal, Union, get_args, get_origin

from annotated_types import Ge, Gt, Le, Lt
from pydantic import AliasChoices
from pydantic.fields import FieldInfo

from assistant.settings import Settings

__all__ = ["env_names", "markdown"]

HEADER = """\
# Cadence configuration reference

Every setting is an environment variable, read by every Cadence process alike (`cadence serve`,
`cadence worker` and each CLI command) through `assistant/settings.py`. This file is generated
from that module — `python -m assistant.settings_doc > deploy/CONFIG.md` — and a unit test fails
when the two differ; edit the field's description there, not this file. deploy/README.md says
which settings each process of a server deployment needs.

| variable | type | default | meaning |
| --- | --- | --- | --- |
"""

_NAMES = {str: "text", int: "integer", float: "number", bool: "`true` or `false`",
          Path: "path", dt.date: "date (YYYY-MM-DD)"}  # fmt: skip


def env_names(name: str, field: FieldInfo) -> list[str]:
    """The variables that set a field: ``CADENCE_<NAME>``, or the field's explicit aliases."""
    alias = field.validation_alias
    if isinstance(alias, AliasChoices):
        return [str(choice) for choice in alias.choices]
    return [f"CADENCE_{name.upper()}"]


def _type(annotation: Any) -> str:
    if get_origin(annotation) is Literal:
        return "one of " + ", ".join(f"`{value}`" for value in get_args(annotation))
    if get_origin(annotation) in (Union, types.UnionType):
        kinds = [a for a in get_args(annotation) if a is not type(None)]
        return " or ".join(_type(a) for a in kinds) + ", optional"
    return _NAMES.get(annotation, getattr(annotation, "__name__", str(annotation)))


def _bounds(field: FieldInfo) -> str:
    marks = {Ge: "≥", Gt: ">", Le: "≤", Lt: "<"}
    found = []
    for item in field.metadata:
        for kind, sign in marks.items():
            if isinstance(item, kind):
                found.append(f"{sign} {getattr(item, kind.__name__.lower()):,}")
    return f" ({', '.join(found)})" if found else ""


def _default(field: FieldInfo) -> str:
    if field.default_factory is not None:
        return (field.default_factory.__doc__ or "computed").strip()
    value = field.default
    if value is None:
        return "unset"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    return f"`{value}`"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def markdown() -> str:
    rows = []
    for name, field in Settings.model_fields.items():
        variable = ", ".join(f"`{env}`" for env in env_names(name, field))
        cells = (variable, _type(field.annotation) + _bounds(field), _default(field),
                 field.description or "")  # fmt: skip
        rows.append("| " + " | ".join(_cell(c) for c in cells) + " |\n")
    return HEADER + "".join(rows)


if __name__ == "__main__":
    print(markdown(), end="")
