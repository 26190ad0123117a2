"""What every part of the offline self-reflection (assistant/offline/reflection.py) shares: how
many lines a part holds, and how a goal's state and a clause that follows other words read."""

from __future__ import annotations

from assistant.record_facts import GoalFacts, facts_of
from retrieval.types import ContextItem

PER_SECTION = 4


def lowered(text: str) -> str:
    """``text`` fit to follow other words: a capital that only starts a sentence goes."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def goal_state(goal: ContextItem) -> str:
    return (facts_of(goal, GoalFacts).get("status") or "").replace("_", " ")
