"""The self-reflection's *What I heard*: praise and criticism both when both exist (the heaviest
theme of each always in), each counted and quoting the sentence that carries the claim; a theme
heard both ways is one line that says which way it moved."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from assistant.offline.clusters import Cluster
from assistant.offline.coach_evidence import ask_of
from assistant.offline.facts import cites, day, giver, plural
from assistant.offline.reflect_lines import PER_SECTION
from assistant.offline.sentences import quotable
from assistant.tasks.brief import Brief
from assistant.tasks.schemas import MAX_CITATIONS, Item
from assistant.tasks.windows import HEARD_RECENTLY
from retrieval.types import ContextItem


@dataclass
class HeardTheme:
    """One theme's feedback: its praise, its criticism, or both."""

    praise: Cluster | None = None
    criticism: Cluster | None = None

    @property
    def weight(self) -> tuple[int, int, dt.date]:
        parts = [c for c in (self.praise, self.criticism) if c is not None]
        return max(c.weight for c in parts)


def heard_themes(clusters: list[Cluster]) -> list[HeardTheme]:
    by_key: dict[str, HeardTheme] = {}
    for group in clusters:
        if group.polarity == 0:
            continue
        theme = by_key.setdefault(group.theme.key, HeardTheme())
        if group.polarity > 0:
            theme.praise = theme.praise or group
        else:
            theme.criticism = theme.criticism or group
    for theme in by_key.values():
        # A line cites what it counts: a theme heard both ways shares the citations between
        # its two sides, so the newest of each side are kept.
        half = MAX_CITATIONS // 2 if theme.praise and theme.criticism else MAX_CITATIONS
        theme.praise = theme.praise.recent(half) if theme.praise else None
        theme.criticism = theme.criticism.recent(half) if theme.criticism else None
    return sorted(by_key.values(), key=lambda t: t.weight, reverse=True)


def _balanced(themes: list[HeardTheme], today: dt.date) -> list[HeardTheme]:
    """The heaviest themes, with the heaviest praised and the heaviest criticised one always in
    when they exist (a reflection that hears only one side is not honest), then the themes
    praised within HEARD_RECENTLY (newest first), then the rest by weight; PER_SECTION in all."""
    balance = [
        t
        for t in (
            next((t for t in themes if t.praise), None),
            next((t for t in themes if t.criticism), None),
        )
        if t is not None
    ]
    praised = {id(t): t.praise.last for t in themes if t.praise and t.praise.last}
    # The newest praise first: a review season praises many themes in the same fortnight.
    recent = sorted(
        (t for t in themes if today - praised.get(id(t), dt.date.min) <= HEARD_RECENTLY),
        key=lambda t: praised[id(t)],
        reverse=True,
    )
    picked: list[HeardTheme] = []
    for theme in [*balance, *recent, *themes]:
        if len(picked) >= PER_SECTION:
            break
        if not any(theme is p for p in picked):
            picked.append(theme)
    return sorted(picked, key=themes.index)


def _who(items: list[ContextItem], brief: Brief) -> str:
    names = list(dict.fromkeys(giver(i, brief) for i in reversed(items)))
    if len(names) == 1:
        return names[0]
    return f"{names[0]} and {names[1]}" if len(names) == 2 else ""


def _said(group: Cluster, words: int = 16, skip: ContextItem | None = None) -> tuple[str, str]:
    """The newest quotable claim of ``group`` that is not ``skip``'s (the growth line quotes
    that one: two colleagues can use the same words), and its date; ("", "") when none."""
    taken = group.quote(skip, 40) if skip is not None else None
    for item in reversed(group.items):
        if quotable(item) and item is not skip and group.quote(item, 40) != taken:
            return f"“{group.quote(item, words)}”", day(item.date)
    return "", ""


def _span(group: Cluster) -> str:
    if group.first == group.last:
        return f"on {day(group.first)}"
    return f"between {day(group.first)} and {day(group.last)}"


@dataclass(frozen=True)
class _Side:
    """How a line about one side of a theme's feedback reads: a single note, then the lead of
    the theme most heard of on that side (``lead``) or of another (``again``), the count, and
    the quote that closes it."""

    single: str
    lead: str
    again: str
    count: Callable[[int], str]
    latest: str


_PRAISE = _Side(
    single="{people} praised my {label} on {when}",
    lead="Most of the praise I received was for my {label}",
    again="My {label} was praised too",
    count=lambda n: plural(n, "note"),
    latest="the latest",
)
_CRITICISM = _Side(
    single="{people} told me on {when} that my {label} fell short",
    lead="The criticism I heard most was about my {label}",
    again="I was also criticised on {label}",
    count=lambda n: f"{plural(n, 'piece')} of feedback",
    latest="most recently",
)


def _one_side(group: Cluster, first_of_kind: bool, brief: Brief) -> str:
    side = _PRAISE if group.polarity > 0 else _CRITICISM
    label = group.theme.label
    # The growth line quotes a colleague's proposal; this line quotes another record if it can.
    asked = ask_of(group) if group.polarity < 0 and len(group.items) > 1 else None
    said, when = _said(group, skip=asked)
    n, people = len(group.items), _who(group.items, brief)
    if n == 1:
        line = side.single.format(people=people, label=label, when=when or day(group.last))
        return line + (f": {said}." if said else ".")
    source = people or plural(len(group.givers), "person", "people")
    lead = (side.lead if first_of_kind else side.again).format(label=label)
    # The newest record may be the growth line's quote: then this one is not the latest.
    latest = side.latest if when == day(group.last) else f"among them on {when}"
    return f"{lead}: {side.count(n)} from {source} {_span(group)}" + (
        f", {latest} {said}." if said else "."
    )


def _both_sides(theme: HeardTheme) -> str:
    """A theme praised and criticised: one line that says which way it moved."""
    praise, criticism = theme.praise, theme.criticism
    assert praise is not None and criticism is not None
    label = praise.theme.label
    # A mixed review can sit on both sides: it is one piece of feedback.
    total = len(cites(praise.items, criticism.items))
    good, good_day = _said(praise, 12)
    bad, bad_day = _said(criticism, 12)
    # A side with nothing quotable still says when it was heard.
    good = f" ({good}, {good_day})" if good else f" ({_span(praise)})"
    bad = f" ({bad}, {bad_day})" if bad else f" ({_span(criticism)})"
    p_last, c_last = praise.last or dt.date.min, criticism.last or dt.date.min
    if c_last > p_last:
        return (
            f"My {label} has slipped, over {plural(total, 'piece')} of feedback: "
            f"praise earlier{good}, criticism more recently{bad}."
        )
    if p_last > c_last:
        return (
            f"My {label} turned around ({plural(total, 'piece')} of feedback): "
            f"criticism earlier{bad}, more recently praise{good}."
        )
    return (
        f"On my {label} I heard both ways in the same weeks ({plural(total, 'piece')} of "
        f"feedback): praise{good} and criticism{bad}; it has not settled either way yet."
    )


def heard(clusters: list[Cluster], brief: Brief) -> list[Item]:
    out: list[Item] = []
    seen_praise = seen_criticism = False
    for theme in _balanced(heard_themes(clusters), brief.today):
        if theme.praise and theme.criticism:
            text = _both_sides(theme)
            items = [*theme.praise.items, *theme.criticism.items]
        else:
            group = theme.praise or theme.criticism
            assert group is not None
            first = not (seen_praise if group.polarity > 0 else seen_criticism)
            text = _one_side(group, first, brief)
            items = group.items
        seen_praise |= theme.praise is not None
        seen_criticism |= theme.criticism is not None
        out.append(Item(text=text, citations=cites(items)))
    return out
