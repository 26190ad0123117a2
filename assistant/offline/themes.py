"""The offline HR themes: for each theme across a group, what an HR partner can act on.

How many records and people it concerns (never who: a theme about fewer than ``k`` people is
not shown), the praise/criticism split, a paraphrase built from words that feedback about many
people shares (never a sentence of it), a trend of the theme's share of all feedback (so a
review season, when everything rises, does not read as a spike) and one action from the
playbook (assistant/tasks/playbook.yaml, ``hr``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from assistant.analysis.keywords import Doc, TermIndex
from assistant.offline.discovered import MAX_DISCOVERED, Claim, Discovery, discover
from assistant.offline.facts import of_type, plural
from assistant.offline.lexicon import Theme, theme_for
from assistant.offline.sentences import facets, kind_polarity, prime, quotable, readings, sign
from assistant.settings import MIN_ANONYMITY_K
from assistant.tasks.brief import Brief
from assistant.tasks.playbook import Lean, load_playbook
from assistant.tasks.schemas import MAX_CITATIONS, GroupTheme, Themes
from retrieval.types import ContextItem

MAX_THEMES = 6
# A theme rises when its share of what feedback is about grows by a quarter and by more than
# this many records over what its old share predicts (falls likewise): two records more in a
# small group is noise, not a trend.
TREND_RATIO = 1.25
TREND_MIN_RECORDS = 2
# A paraphrase never repeats this many words in a row of any record (the anonymity metric's
# quote length, evals/metrics/anonymity.py).
QUOTE_WORDS = 6
_WORDS = re.compile(r"\w+")


@dataclass
class ThemeStats:
    """One theme's records in the period and its mentions in the period before."""

    key: str
    label: str
    theme: Theme | None  # None for a discovered theme
    items: list[ContextItem] = field(default_factory=list)
    signs: dict[str, int] = field(default_factory=dict)  # citation -> +1 / -1 / 0
    # A discovered theme's own sentences by citation (a taxonomy theme's are its records').
    texts: dict[str, list[str]] = field(default_factory=dict)

    def add(self, item: ContextItem, sign: int) -> None:
        if item.citation not in self.signs:
            self.items.append(item)
            self.signs[item.citation] = sign
        elif self.signs[item.citation] != sign:
            self.signs[item.citation] = 0  # praise and an ask on one theme: mixed

    @property
    def people(self) -> set[int]:
        return {i.subject_id for i in self.items if i.subject_id is not None}

    @property
    def givers(self) -> set[int]:
        return {i.author_id for i in self.items if i.author_id is not None}

    @property
    def praise(self) -> int:
        return sum(1 for s in self.signs.values() if s > 0)

    @property
    def criticism(self) -> int:
        return sum(1 for s in self.signs.values() if s < 0)

    def lean(self) -> Lean:
        pos, neg = self.praise, self.criticism
        if pos >= 2 * max(neg, 1) or (pos and not neg):
            return "praise"
        if neg >= 2 * max(pos, 1) or (neg and not pos):
            return "criticism"
        return "mixed"


@dataclass(frozen=True)
class Trend:
    share: int  # percent of the period's feedback
    previous_share: int
    direction: str  # rising / steady / falling / unknown
    text: str


def windows(
    items: list[ContextItem], brief: Brief
) -> tuple[list[ContextItem], list[ContextItem], bool]:
    """(the period's feedback, the feedback before it, whether the second is the gathered
    window before ``since``). With no start date the period is everything on record, and its
    later half is compared with its earlier half."""
    if brief.since is not None:
        return items, list(brief.baseline), True
    dates = [i.date for i in items if i.date is not None]
    if not dates:
        return items, [], False
    lo, hi = min(dates), brief.until or max(dates)
    middle = lo + (hi - lo) / 2
    later = [i for i in items if i.date is not None and i.date > middle]
    earlier = [i for i in items if i.date is not None and i.date <= middle]
    return later, earlier, False


def trend(now: int, now_total: int, before: int, before_total: int, where: str = "") -> Trend:
    """A theme's ``now`` mentions of the period's ``now_total`` (every theme's mentions, the
    unthemed included) against ``before`` of ``before_total``: its share of what feedback is
    about, so that when feedback as a whole doubles (a review season, whose long reviews also
    touch more themes each) a theme that doubles with it is steady."""
    share = round(100 * now / now_total) if now_total else 0
    previous = round(100 * before / before_total) if before_total else 0
    if not before_total or not now_total:
        return Trend(share, previous, "unknown", "No earlier feedback to compare with.")
    p_now, p_before = now / now_total, before / before_total
    expected = p_before * now_total  # what the old share predicts at today's volume
    if p_now >= TREND_RATIO * p_before and now - expected > TREND_MIN_RECORDS:
        direction = "rising"
    elif p_before >= TREND_RATIO * p_now and expected - now > TREND_MIN_RECORDS:
        direction = "falling"
    else:
        direction = "steady"
    words = {"rising": "up from", "falling": "down from", "steady": "close to"}
    return Trend(
        share,
        previous,
        direction,
        f"{where}{share}% of what feedback is about, {words[direction]} {previous}% before.",
    )


# Records read per batch: well within the readings cache (assistant/offline/sentences.py).
CHUNK = 4096


@dataclass(frozen=True)
class Read:
    """One record as the themes need it, read once: its (theme, sign) facets, its sentences,
    the sentences that carry each of its themes, and whether its words may be repeated."""

    item: ContextItem
    facets: tuple[tuple[Theme, int], ...]
    sentences: tuple[str, ...]
    by_theme: dict[str, tuple[str, ...]]
    quotable: bool
    themes: tuple[str, ...] = ()  # each sentence's taxonomy key
    signs: tuple[int, ...] = ()  # each sentence's sign
    kind: int | None = None  # what the record's kind says (praise +1, an ask -1)
    loose: tuple[Claim, ...] = ()  # judged sentences that fit no taxonomy theme well

    def without(self, grouped: set[int]) -> tuple[tuple[Theme, int], ...]:
        """The facets left when the sentences ``grouped`` belong to discovered themes: a facet
        goes when every sentence that carries it does."""
        kept = []
        for theme, sign_ in self.facets:
            if self.kind is not None:
                support = {i for i, s in enumerate(self.signs) if s == self.kind}
            else:
                support = {
                    i
                    for i, (key, s) in enumerate(zip(self.themes, self.signs, strict=True))
                    if key == theme.key and s == sign_
                }
            if not support or not support <= grouped:
                kept.append((theme, sign_))
        return tuple(kept)


def read_all(items: Sequence[ContextItem]) -> list[Read]:
    """Every record read, in batches (the embedder is called once per batch)."""
    out: list[Read] = []
    for start in range(0, len(items), CHUNK):
        chunk = items[start : start + CHUNK]
        prime(chunk)
        for item in chunk:
            parts = readings(item.text)
            found = tuple(facets(item))
            keys = tuple(theme_for(r.theme).key for r in parts)
            signs = tuple(sign(r) for r in parts)
            ok = quotable(item)
            out.append(
                Read(
                    item=item,
                    facets=found,
                    sentences=tuple(r.text for r in parts) or (item.text,),
                    by_theme={t.key: _theme_sentences(item, t.key) for t, _ in found},
                    quotable=ok,
                    themes=keys,
                    signs=signs,
                    kind=kind_polarity(item),
                    loose=tuple(
                        Claim(item.citation, i, r.text, signs[i], item.subject_id)
                        for i, r in enumerate(parts)
                        if ok and signs[i] and (keys[i] == "general" or not r.cued)
                    ),
                )
            )
    return out


def collect(
    reads: Sequence[Read], grouped: dict[str, set[int]] | None = None
) -> dict[str, ThemeStats]:
    """Each taxonomy theme's records (one record counts once per theme, with its sign), less
    the claims ``grouped`` into discovered themes (citation -> sentence indices)."""
    out: dict[str, ThemeStats] = {}
    for read in reads:
        taken = (grouped or {}).get(read.item.citation)
        for theme, sign_ in read.without(taken) if taken else read.facets:
            stats = out.setdefault(theme.key, ThemeStats(theme.key, theme.label, theme))
            stats.add(read.item, sign_)
    return out


def _mentions(found: dict[str, ThemeStats], items: Sequence[ContextItem]) -> dict[str, int]:
    """How many of ``items`` each theme of ``found`` counts."""
    ids = {i.citation for i in items}
    return {key: sum(1 for i in s.items if i.citation in ids) for key, s in found.items()}


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


def _theme_sentences(item: ContextItem, key: str) -> tuple[str, ...]:
    """The sentences of ``item`` read as theme ``key``; failing that its judged sentences."""
    parts = readings(item.text)
    on_theme = [r.text for r in parts if theme_for(r.theme).key == key]
    return tuple(on_theme or [r.text for r in parts if sign(r)] or [item.text])


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


def draft_themes(
    items: list[ContextItem], brief: Brief, citable: frozenset[str] | None = None
) -> Themes:
    """The themes of ``items``; with ``citable``, each cites only those records (a theme with
    none of them is left out)."""
    feedback = of_type(items, "feedback")
    k = max(brief.anonymity_k, MIN_ANONYMITY_K)
    now, before, gathered = windows(feedback, brief)
    reads = read_all(feedback)
    period = Period(reads)
    discovery = discover([c for r in reads for c in r.loose], period.terms, k)
    found = collect(reads, _grouped(c for f in discovery.found for c in f.claims.values()))
    extra = _discovered(discovery, period)
    every = {**found, **{s.key: s for s in extra}}
    now_mentions = _mentions(every, now)
    before_mentions = _before(discovery, before) if gathered else _mentions(every, before)
    where = "" if gathered else "In the later half, "

    def theme_for_stats(stats: ThemeStats, origin: str) -> GroupTheme | None:
        moves = trend(
            now_mentions[stats.key],
            sum(now_mentions.values()),
            before_mentions.get(stats.key, 0),
            sum(before_mentions.values()),
            where,
        )
        theme = describe(stats, period, moves, k, origin, citable)
        return theme if theme.citations else None

    out: list[GroupTheme] = []
    for key, stats in found.items():
        # "General contribution" is what no taxonomy theme matched: a bucket, not a theme.
        if key != "general" and shown(stats, k) and (t := theme_for_stats(stats, "taxonomy")):
            out.append(t)
    out.sort(key=lambda t: (t.people, t.count), reverse=True)
    new = [t for s in extra if shown(s, k) and (t := theme_for_stats(s, "discovered"))]
    return Themes(themes=out[:MAX_THEMES] + new[:MAX_DISCOVERED])


def _grouped(claims: Iterable[list[Claim]]) -> dict[str, set[int]]:
    """Sentence indices by citation of the claims discovered themes hold."""
    out: dict[str, set[int]] = {}
    for group in claims:
        for claim in group:
            out.setdefault(claim.citation, set()).add(claim.index)
    return out


def _discovered(discovery: Discovery, period: Period) -> list[ThemeStats]:
    out = []
    for n, found in enumerate(discovery.found):
        stats = ThemeStats(f"discovered:{n}", found.label, None)
        for citation, claims in found.claims.items():
            signs = {c.sign for c in claims}
            stats.add(period.reads[citation].item, signs.pop() if len(signs) == 1 else 0)
            stats.texts[citation] = [c.text for c in claims]
        out.append(stats)
    return out


def _before(discovery: Discovery, before: Sequence[ContextItem]) -> dict[str, int]:
    """Each theme's mentions in the period before, its claims placed in the discovered themes
    found now (a claim there leaves its loose taxonomy theme, as now)."""
    reads = read_all(before)
    claims = [c for r in reads for c in r.loose]
    placed: dict[int, list[Claim]] = {}
    for claim, index in zip(claims, discovery.assign(claims), strict=True):
        if index is not None:
            placed.setdefault(index, []).append(claim)
    found = collect(reads, _grouped(placed.values()))
    counts = {key: len(s.items) for key, s in found.items()}
    for index, group in placed.items():
        counts[f"discovered:{index}"] = len({c.citation for c in group})
    return counts


def themes_facts(items: list[ContextItem], packed: list[ContextItem], brief: Brief) -> str:
    """The themes the analysis finds in all of ``items``, one block each, for a model's prompt:
    the same counts, lean, trend, paraphrase and action the offline drafter shows, each citing
    records of ``packed`` (what the model is given) only. So a small token budget still carries
    the whole period's figures."""
    found = draft_themes(items, brief, frozenset(i.citation for i in packed)).themes
    if not found:
        return f"(no theme concerns at least {max(brief.anonymity_k, MIN_ANONYMITY_K)} people)"
    return "\n".join(
        "\n".join(
            (
                f"- theme: {t.theme} ({t.origin})",
                f"  count: {t.count}; people: {t.people}; praise: {t.praise}; "
                f"criticism: {t.criticism}; sentiment: {t.sentiment}",
                f"  share: {t.share}; previous_share: {t.previous_share}; trend: {t.trend}",
                f"  paraphrase: {t.paraphrase}",
                f"  action: {t.action}",
                f"  citations: {', '.join(t.citations)}",
            )
        )
        for t in found
    )


__all__ = ["ThemeStats", "Trend", "draft_themes", "themes_facts", "trend"]
