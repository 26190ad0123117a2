"""The drafter's themes: the analysis stage's taxonomy (assistant/analysis/taxonomy.yaml) with the
phrases a draft uses to name each one as a strength or a growth area.

Which theme and which sign a sentence carries is decided by the analysis stage
(``assistant.analysis``), not here: this module only names themes.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.analysis.themes import OTHER, load_taxonomy


@dataclass(frozen=True)
class Theme:
    key: str
    label: str  # "meeting facilitation"
    strength: str  # completes "... is valued for {strength}"
    growth: str  # completes "... could grow by {growth}"


def _themes() -> tuple[Theme, ...]:
    specs = load_taxonomy().themes
    return tuple(
        Theme(key, spec.label, spec.strength, spec.growth)
        for key, spec in specs.items()
        if key != OTHER
    )


THEMES: tuple[Theme, ...] = _themes()
# What no theme fits: a bucket, not a theme (the taxonomy's "other").
GENERAL = Theme(
    "general",
    "general contribution",
    "consistent, dependable contribution",
    "agreeing clearer expectations",
)
BY_KEY: dict[str, Theme] = {t.key: t for t in (*THEMES, GENERAL)}


def theme_for(key: str) -> Theme:
    """The drafter's theme for an analysis theme key ("other" is GENERAL)."""
    return BY_KEY.get(key, GENERAL)
