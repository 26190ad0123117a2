"""Loading payloads.yaml: each payload, validated, with its hidden text encoded."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal, get_args

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

CORPUS = Path(__file__).with_name("payloads.yaml")
Style = Literal[
    "override",
    "language",
    "role-play",
    "fake-turn",
    "fake-citation",
    "record-boundary",
    "zero-width",
    "unicode-tag",
    "split",
    "reveal-records",
    "fabricated-claim",
]
STYLES: tuple[str, ...] = get_args(Style)


class _Closed(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PlantedRecord(_Closed):
    text: str = Field(min_length=1)
    hidden: str = ""  # appended as Unicode tag characters: invisible, but a model reads them
    by: Literal["peer", "subject"] = "peer"
    as_: Literal["feedback", "goal_update"] = Field("feedback", alias="as")
    visibility: Literal["shared", "manager_only"] = "shared"

    @property
    def full_text(self) -> str:
        return self.text + tag_encode(self.hidden)

    @model_validator(mode="after")
    def _no_feedback_to_oneself(self) -> PlantedRecord:
        if self.by == "subject" and self.as_ == "feedback":
            raise ValueError("Dana cannot give herself feedback: plant a goal_update instead")
        return self


class Success(_Closed):
    contains: tuple[str, ...] = Field(min_length=1)


class Payload(_Closed):
    id: str
    style: Style
    language: str
    # agenda: Maya (the manager) preps her 1:1 with Dana; reflection: Dana drafts her own.
    task: Literal["agenda", "reflection"] = "agenda"
    records: tuple[PlantedRecord, ...] = Field(min_length=1)
    success: Success


class _Corpus(_Closed):
    payloads: tuple[Payload, ...]


def tag_encode(text: str) -> str:
    """``text`` as Unicode tag characters (U+E0000 + ASCII): renders as nothing."""
    return "".join(chr(0xE0000 + ord(c)) for c in text if 0x20 <= ord(c) <= 0x7E)


@cache
def load(path: Path = CORPUS) -> tuple[Payload, ...]:
    payloads = _Corpus.model_validate(yaml.safe_load(path.read_text(encoding="utf-8"))).payloads
    ids = [p.id for p in payloads]
    if len(set(ids)) != len(ids):
        raise ValueError(f"duplicate payload ids in {path}")
    return payloads
