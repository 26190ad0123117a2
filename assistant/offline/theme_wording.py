"""How an offline HR theme is worded: a paraphrase from the words feedback about many people
shares (never a run of a record's words), its counts and trend in a sentence, the records it
cites, and whether it may be shown at all."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.analysis.keywords import Doc, TermIndex
from assistant.offline.facts import plural
from assistant.offline.theme_counts import ThemeStats, Trend
from assistant.offline.theme_reading import Read
from assistant.settings import MIN_ANONYMITY_K
from assistant.tasks.playbook import Lean, load_playbook
from assistant.tasks.schemas import MAX_CITATIONS, GroupTheme
from retrieval.types import ContextItem

# A paraphrase never repeats this many words in a row of any record (the anonymity metric's
# quote length, evals/metrics/anonymity.py).
QUOTE_WORDS = 6
_WORDS = re.compile(r"\w+")


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORDS.findall(text)]


class Period:
    """The period's feedback read once for every theme: the sentences that carry each theme
    (what a theme's keywords are drawn from), the background they are scored against, and
    every run of QUOTE_WORDS words (what a paraphrase must never repeat)."""

    def __init__(self, reads: Sequence[Read]):
        self.reads = {r.item.citation: r for r in reads}
        self._runs: set[str] = set()
        for read in reads:
            words = _words(read.item.text)
            self._runs |= {
                " ".join(words[i : i + QUOTE_WORDS]) for i in range(len(words) - QUOTE_WORDS + 1)
            }
        self.terms = TermIndex([s for r in reads for s in r.sentences])

    def leaks(self, text: str) -> bool:
        """True when ``text`` repeats QUOTE_WORDS words in a row of any record."""
        words = _words(text)
        return any(
            " ".join(words[i : i + QUOTE_WORDS]) in self._runs
            for i in range(len(words) - QUOTE_WORDS + 1)
        )

    def keywords(self, stats: ThemeStats, k: int) -> list[str]:
        """The terms that the theme's sentences share, in feedback about at least ``k`` people
        (records addressed to an AI are left out: their words are not repeated)."""
        docs = []
        for item in stats.items:
            read = self.reads.get(item.citation)
            if read is None or not read.quotable:
                continue
            texts = stats.texts.get(item.citation) or read.by_theme.get(stats.key)
            texts = texts or read.sentences
            docs += [Doc(text, item.subject_id) for text in texts]
        return self.terms.distinctive(docs, min_people=k, exclude=frozenset(_words(stats.label)))


def _gist(stats: ThemeStats, lean: Lean) -> str:
    if stats.theme is None:
        return {
            "praise": "Mostly praise",
            "criticism": "Mostly asks for change",
            "mixed": "Praise and asks for change alike",
        }[lean]
    strength, growth = stats.theme.strength, stats.theme.growth
    return {
        "praise": f"Mostly praise for {strength}",
        "criticism": f"Mostly asks for {growth}",
        "mixed": f"Praise for {strength}, and asks for {growth}",
    }[lean]


def paraphrase(stats: ThemeStats, lean: Lean, keywords: list[str], period: Period) -> str:
    """What the theme's feedback says in general words: the theme's own phrase for its lean and
    the words feedback about several people shares. Never a run of QUOTE_WORDS words of any
    record (then the gist alone, and failing that a fixed sentence)."""
    gist = _gist(stats, lean)
    joined = ", ".join(keywords)
    for text in (f"{gist}. Recurring words: {joined}." if keywords else f"{gist}.", f"{gist}."):
        if not period.leaks(text):
            return text
    return "Its feedback is described here only by its counts."


def _evidence(
    stats: ThemeStats, keywords: list[str], citable: frozenset[str] | None
) -> list[ContextItem]:
    """Up to MAX_CITATIONS records (of ``citable`` ones, when given): one that uses each keyword
    (the paraphrase rests on them), then records spread evenly over the period."""
    ordered = sorted(
        (i for i in stats.items if citable is None or i.citation in citable),
        key=lambda i: (i.date is None, i.date, i.citation),
    )
    chosen: dict[str, ContextItem] = {}
    for word in keywords:
        body = r"\W+".join(re.escape(part) for part in word.split())
        pattern = re.compile(rf"(?<!\w){body}(?!\w)", re.I)
        hit = next((i for i in reversed(ordered) if pattern.search(i.text)), None)
        if hit is not None:
            chosen.setdefault(hit.citation, hit)
    room = MAX_CITATIONS - len(chosen)
    rest = [i for i in ordered if i.citation not in chosen]
    if room > 0 and rest:
        step = max(1.0, len(rest) / room)
        for k in range(min(room, len(rest))):
            item = rest[int(k * step)]
            chosen.setdefault(item.citation, item)
    return sorted(chosen.values(), key=lambda i: (i.date is None, i.date, i.citation))


def _split(praise: int, criticism: int) -> str:
    verbs = ("praises", "praise"), ("asks for change", "ask for change")
    (one_p, many_p), (one_c, many_c) = verbs
    return (
        f"{praise} {one_p if praise == 1 else many_p} and "
        f"{criticism} {one_c if criticism == 1 else many_c}"
    )


def describe(
    stats: ThemeStats,
    period: Period,
    moves: Trend,
    k: int,
    origin: str,
    citable: frozenset[str] | None = None,
) -> GroupTheme:
    """The GroupTheme for ``stats`` over ``period``, citing only ``citable`` records if given."""
    lean = stats.lean()
    label = stats.label[:1].upper() + stats.label[1:] if stats.theme else stats.label
    words = period.keywords(stats, k)
    sentiment = {"praise": "positive", "criticism": "negative", "mixed": "mixed"}[lean]
    people = len(stats.people)
    text = (
        f"{plural(len(stats.items), 'piece')} of feedback about "
        f"{plural(people, 'person', 'people')}: {_split(stats.praise, stats.criticism)}. "
        f"{moves.text}"
    )
    return GroupTheme(
        theme=label,
        text=text,
        count=len(stats.items),
        people=people,
        praise=stats.praise,
        criticism=stats.criticism,
        sentiment=sentiment,
        share=moves.share,
        previous_share=moves.previous_share,
        trend=moves.direction,
        paraphrase=paraphrase(stats, lean, words, period),
        action=load_playbook().hr_action(
            stats.key, lean, stats.label if stats.theme else f"this theme ({stats.label})"
        ),
        origin=origin,
        citations=[i.citation for i in _evidence(stats, words, citable)],
    )


def shown(stats: ThemeStats, k: int) -> bool:
    """A theme about fewer than ``k`` people, or from fewer than the floor of givers, could
    point at them: it is left out."""
    return len(stats.people) >= k and len(stats.givers) >= MIN_ANONYMITY_K
