"""The deterministic offline drafter: the same structured outputs as a model, from rules.

It is the embedded default provider, what CI uses, and the fallback when a model fails.
"""

from __future__ import annotations

from collections.abc import Callable

from pydantic import BaseModel

from assistant.offline.agenda import draft_agenda
from assistant.offline.answer import draft_answer
from assistant.offline.coaching import draft_coaching
from assistant.offline.reflection import draft_reflection
from assistant.offline.summary import draft_summary
from assistant.offline.themes import draft_themes
from assistant.tasks.brief import Brief
from retrieval.types import ContextItem

__all__ = ["DRAFTER_VERSION", "draft"]

# Part of the draft cache key for offline drafts: bump it whenever a rule, the lexicon or a
# sentence template here changes, or `cadence` keeps serving drafts made by the old rules.
DRAFTER_VERSION = "offline@2"

_DRAFTERS: dict[str, Callable[[list[ContextItem], Brief], BaseModel]] = {
    "agenda": draft_agenda,
    "summary": draft_summary,
    "coaching": draft_coaching,
    "reflection": draft_reflection,
    "themes": draft_themes,
    "ask": draft_answer,
}


def draft(items: list[ContextItem], brief: Brief) -> BaseModel:
    """The task's output for ``brief.task`` built from ``items``."""
    return _DRAFTERS[brief.task](items, brief)
