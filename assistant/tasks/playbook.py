"""The coaching playbook (playbook.yaml) as validated data."""

from __future__ import annotations

from functools import cache
from importlib import resources

import yaml
from pydantic import BaseModel, ConfigDict

from assistant.offline.lexicon import BY_KEY


class Move(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    move: str
    principle: str
    opener: str

    def fill(self, **values: str) -> Move:
        return Move(
            move=self.move.format(**values),
            principle=self.principle.format(**values),
            opener=self.opener.format(**values),
        )


class Playbook(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    version: int
    themes: dict[str, Move]
    situations: dict[str, Move]

    def for_theme(self, key: str) -> Move:
        return self.themes.get(key, self.themes["general"])

    def as_prompt_text(self) -> str:
        lines = []
        for key, move in {**self.themes, **self.situations}.items():
            lines.append(f"- {key}: {move.move} (why: {move.principle})")
        return "\n".join(lines)


REQUIRED_SITUATIONS = (
    "goal_at_risk",
    "goal_stale",
    "overdue_actions",
    "low_mood",
    "strength_stretch",
)


@cache
def load_playbook() -> Playbook:
    text = resources.files("assistant.tasks").joinpath("playbook.yaml").read_text("utf-8")
    book = Playbook.model_validate(yaml.safe_load(text))
    missing = [k for k in (*BY_KEY, *REQUIRED_SITUATIONS) if k not in book.themes | book.situations]
    if missing:
        raise ValueError(f"playbook.yaml lacks entries for: {', '.join(missing)}")
    return book
