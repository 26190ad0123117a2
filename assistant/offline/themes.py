"""The offline HR themes: for each theme across a group, what an HR partner can act on.

How many records and people it concerns (never who: a theme about fewer than ``k`` people is
not shown), the praise/criticism split, a paraphrase built from words that feedback about many
people shares (never a sentence of it), a trend of the theme's share of all feedback (so a
review season, when everything rises, does not read as a spike) and one action from the
playbook (assistant/tasks/playbook.yaml, ``hr``).

What a theme counts is in theme_counts.py, how feedback is read for it in theme_reading.py, how
it is worded in theme_wording.py; this module puts them together.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from assistant.offline.discovered import MAX_DISCOVERED, Claim, Discovery, discover
from assistant.offline.facts import of_type
from assistant.offline.theme_counts import ThemeStats, trend, windows
from assistant.offline.theme_reading import collect, read_all
from assistant.offline.theme_wording import Period, describe, shown
from assistant.settings import MIN_ANONYMITY_K
from assistant.tasks.brief import Brief
from assistant.tasks.schemas import GroupTheme, Themes
from retrieval.types import ContextItem

MAX_THEMES = 6


def _mentions(found: dict[str, ThemeStats], items: Sequence[ContextItem]) -> dict[str, int]:
    """How many of ``items`` each theme of ``found`` counts."""
    ids = {i.citation for i in items}
    return {key: sum(1 for i in s.items if i.citation in ids) for key, s in found.items()}


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


__all__ = ["draft_themes", "themes_facts"]
