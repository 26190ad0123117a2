"""The focus section of a draft that centres on a topic the caller named: the records about it,
each quoted and cited, in date order (assistant/tasks/evidence.py found them, best first).

No record about the focus leaves the section empty; the draft then says nothing on record is
about it (assistant/tasks/render.py), rather than stretching another record to fit.
"""

from __future__ import annotations

import datetime as dt

from assistant.offline.answer import sentence
from assistant.record_facts import CheckInFacts, facts_of
from assistant.tasks.brief import Brief
from assistant.tasks.relevance import THRESHOLD, Topic, score, topic
from assistant.tasks.schemas import MAX_ITEMS, Item
from retrieval.types import ContextItem

__all__ = ["focus_items", "focus_topic"]


def focus_topic(brief: Brief) -> Topic:
    """The focus's topic words, less the names of the people the draft is about."""
    names = [n for n in (brief.subject_name, brief.requester_name, *brief.names.values()) if n]
    return topic(brief.focus, names)


def focus_items(items: list[ContextItem], brief: Brief) -> list[Item]:
    """Up to :data:`MAX_ITEMS` records about the focus, most relevant chosen, shown by date."""
    if not brief.focus or not brief.focus_citations:
        return []
    rank = {c: n for n, c in enumerate(brief.focus_citations)}
    about = focus_topic(brief)
    seen: set[str] = set()
    chosen: list[ContextItem] = []
    for item in sorted((i for i in items if i.citation in rank), key=lambda i: rank[i.citation]):
        part = facts_of(item, CheckInFacts).get("part") if item.record_type == "checkin" else None
        key = f"{item.citation}:{part or ''}"
        # A check-in's shared and private notes are one citation: quote the part that is about it.
        if key in seen or score(item, about) < THRESHOLD:
            continue
        seen.add(key)
        chosen.append(item)
    chosen = sorted(chosen[:MAX_ITEMS], key=lambda i: (i.date or dt.date.min, i.citation))
    return [Item(text=sentence(i, brief, about), citations=[i.citation]) for i in chosen]
