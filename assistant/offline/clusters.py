"""Grouping feedback into themes by polarity: the offline drafter's "light clustering"."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from assistant.offline.facts import text_fact
from assistant.offline.lexicon import Theme, classify, tone
from retrieval.types import ContextItem


def polarity(item: ContextItem) -> int:
    """+1 praise, -1 something to improve, 0 unclear."""
    kind = text_fact(item, "kind").lower()
    if kind == "praise":
        return 1
    if kind in ("constructive", "suggestion"):
        return -1
    return tone(item.text)


@dataclass
class Cluster:
    theme: Theme
    polarity: int
    items: list[ContextItem]

    @property
    def givers(self) -> set[int]:
        return {i.author_id for i in self.items if i.author_id is not None}

    @property
    def dates(self) -> list[dt.date]:
        return sorted(i.date for i in self.items if i.date is not None)

    @property
    def first(self) -> dt.date | None:
        return self.dates[0] if self.dates else None

    @property
    def last(self) -> dt.date | None:
        return self.dates[-1] if self.dates else None

    def spread(self) -> list[ContextItem]:
        """Items ordered to show the whole period: earliest, latest, then the middle."""
        ordered = sorted(self.items, key=lambda i: i.date or dt.date.min)
        if len(ordered) <= 2:
            return ordered
        middle = ordered[1:-1]
        return [ordered[0], ordered[-1], *middle]

    @property
    def weight(self) -> tuple[int, int, dt.date]:
        return (len(self.givers), len(self.items), self.last or dt.date.min)


def cluster(feedback: Iterable[ContextItem]) -> list[Cluster]:
    """Feedback grouped by (theme, polarity), biggest and broadest first."""
    groups: dict[tuple[str, int], Cluster] = {}
    by_key: dict[tuple[str, int], list[ContextItem]] = defaultdict(list)
    for item in feedback:
        theme = classify(item.text)
        key = (theme.key, polarity(item))
        by_key[key].append(item)
        groups.setdefault(key, Cluster(theme, key[1], []))
    for key, items in by_key.items():
        groups[key].items = sorted(items, key=lambda i: i.date or dt.date.min)
    # "General contribution" is what no lexicon theme matched: a bucket, not a theme. It only
    # counts when nothing else was found.
    ranked = sorted(groups.values(), key=lambda c: c.weight, reverse=True)
    specific = [c for c in ranked if c.theme.key != "general"]
    return specific or ranked


def split_halves(
    items: list[ContextItem], start: dt.date | None, end: dt.date | None
) -> tuple[int, int]:
    """How many items fall in the first and the second half of [start, end]."""
    dates = [i.date for i in items if i.date is not None]
    if not dates:
        return 0, 0
    lo = start or min(dates)
    hi = end or max(dates)
    middle = lo + (hi - lo) / 2
    first = sum(1 for d in dates if d <= middle)
    return first, len(dates) - first
