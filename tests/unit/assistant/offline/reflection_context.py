"""The offline self-reflection as Dana sees it: her reflection drafted from a context, the check
that every line of it is grounded, and records to add to her context."""

from __future__ import annotations

import datetime as dt

from dana_context import DANA, NAMES, brief_for, dana_context, item

from assistant.grounding import Grounding, check
from assistant.tasks.registry import draft_offline
from assistant.tasks.schemas import Reflection
from retrieval.types import ContextItem

D = dt.date


def reflection(context: list[ContextItem]) -> Reflection:
    out = draft_offline(context, brief_for("reflection", requester=DANA))
    assert isinstance(out, Reflection)
    return out


def grounded(out: Reflection, context: list[ContextItem]) -> None:
    grounding = Grounding(
        context=context,
        allowed_names={"Maya Chen", "Dana Okafor", "Maya", "Dana"},
        people=set(NAMES.values()),
        allowed_dates={"2026-11-20"},
    )
    assert check(out, grounding) == []


def shared_context() -> list[ContextItem]:
    return [c for c in dana_context() if c.citation != "F56"]  # manager-only: never Dana's


def closed_goal(citation: str, title: str, status: str, progress: int) -> ContextItem:
    return item(
        citation,
        "goal",
        D(2026, 7, 1),
        DANA,
        title,
        title=title,
        status=status,
        progress=progress,
        cycle="2026-Q3",
        cycle_state="closed",
    )


def promise(citation: str, day: dt.date, text: str, due: str) -> ContextItem:
    """An open action item of Dana's, agreed at the 1:1 on ``day``."""
    return item(
        citation, "action_item", day, DANA, text, status="open", owner="Dana Okafor", due_date=due
    )
