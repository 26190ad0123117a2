"""Grouping feedback into themes by polarity: the offline drafter's "light clustering"."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from assistant.offline import sentences
from assistant.offline.lexicon import Theme
from assistant.offline.sentences import evidence, facets, primary, quotable, quote
from retrieval.types import ContextItem


def polarity(item: ContextItem) -> int:
    """+1 praise, -1 something to improve, 0 unclear: the record's main point."""
    return primary(item)[1]


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

    def quote(self, item: ContextItem, max_words: int = 18) -> str:
        """The sentence of ``item`` that made it evidence for this cluster."""
        return quote(item, self.theme, self.polarity, max_words)

    def sure(self, item: ContextItem, at_least: float) -> bool:
        """Whether ``item`` is surely in this cluster's tone: its kind says so, or the sentence
        it is quoted with was read so with at least ``at_least`` confidence (a thank-you needs
        praise that was read as praise)."""
        if sentences.kind_polarity(item) == self.polarity:
            return True  # the giver filed it as praise (or as criticism): no reading needed
        read = evidence(item, self.theme, self.polarity)
        return (
            read is not None
            and sentences.sign(read) == self.polarity
            and read.confidence >= at_least
        )

    def latest_quotable(self) -> ContextItem | None:
        """The newest item that may be quoted (records aimed at an AI are cited, not quoted)."""
        return next((i for i in reversed(self.items) if quotable(i)), None)

    def recent(self, count: int) -> Cluster:
        """The same cluster cut to its ``count`` latest items."""
        return Cluster(self.theme, self.polarity, self.items[-count:])

    @property
    def weight(self) -> tuple[int, int, dt.date]:
        return (len(self.givers), len(self.items), self.last or dt.date.min)


def cluster(feedback: Iterable[ContextItem]) -> list[Cluster]:
    """Feedback grouped by (theme, polarity), biggest and broadest first."""
    groups: dict[tuple[str, int], Cluster] = {}
    by_key: dict[tuple[str, int], list[ContextItem]] = defaultdict(list)
    for item in feedback:
        for theme, sign in facets(item):
            key = (theme.key, sign)
            by_key[key].append(item)
            groups.setdefault(key, Cluster(theme, sign, []))
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


def _opposite(group: Cluster, clusters: list[Cluster]) -> list[Cluster]:
    """The clusters on ``group``'s theme with the opposite polarity that have dates."""
    return [
        c
        for c in clusters
        if c.theme.key == group.theme.key and c.polarity == -group.polarity and c.last
    ]


def later_opposite(group: Cluster, clusters: list[Cluster]) -> Cluster | None:
    """The cluster on ``group``'s theme with the opposite polarity whose feedback is more
    recent: a strength that recent feedback contradicts, or a growth area recent praise says
    has improved. None when there is none."""
    end = group.last
    return next((c for c in _opposite(group, clusters) if end and c.last and c.last > end), None)


def earlier_opposite(group: Cluster, clusters: list[Cluster]) -> Cluster | None:
    """The cluster on ``group``'s theme with the opposite polarity whose feedback all came
    before ``group``'s: criticism that later praise says has improved, or a strength that later
    criticism calls into question. None when there is none."""
    start = group.first
    return next(
        (c for c in _opposite(group, clusters) if start and c.last and c.last < start), None
    )
