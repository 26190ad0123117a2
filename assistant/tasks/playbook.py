"""The coaching playbook (playbook.yaml) as validated data."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Literal

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


Lean = Literal["praise", "criticism", "mixed"]


class HrActions(BaseModel):
    """What an HR partner could do about one theme, by which way its feedback leans."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    praise: str | None = None
    criticism: str | None = None
    mixed: str | None = None


class Playbook(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    version: int
    themes: dict[str, Move]
    situations: dict[str, Move]
    hr: dict[str, HrActions]

    def for_theme(self, key: str) -> Move:
        return self.themes.get(key, self.themes["general"])

    def hr_action(self, key: str, lean: Lean, label: str) -> str:
        """The HR action for theme ``key`` (a discovered theme has none of its own: ``general``)
        leaning ``lean``, with ``label`` the theme's name."""
        own = getattr(self.hr.get(key, HrActions()), lean)
        text = own or getattr(self.hr["general"], lean)
        return str(text).format(label=label)

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
    general = book.hr.get("general")
    if general is None or not (general.praise and general.criticism and general.mixed):
        missing.append("hr.general (praise, criticism and mixed)")
    unknown = [k for k in book.hr if k not in BY_KEY]
    if missing or unknown:
        raise ValueError(
            f"playbook.yaml lacks entries for: {', '.join(missing) or '-'}; "
            f"names unknown themes: {', '.join(unknown) or '-'}"
        )
    return book
