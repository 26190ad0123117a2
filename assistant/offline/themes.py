"""The offline HR themes: anonymous counts, sentiment and trend per theme over a group."""

from __future__ import annotations

from collections import defaultdict

from assistant.offline.clusters import split_halves
from assistant.offline.facts import cites, of_type, plural
from assistant.offline.lexicon import BY_KEY
from assistant.offline.sentences import facets
from assistant.settings import MIN_ANONYMITY_K
from assistant.tasks.brief import Brief
from assistant.tasks.schemas import MAX_CITATIONS, GroupTheme, Themes
from retrieval.types import ContextItem

MAX_THEMES = 6


def _sample(group: list[ContextItem]) -> list[ContextItem]:
    """Up to MAX_CITATIONS records spread evenly over the period, as evidence for the count."""
    ordered = sorted(group, key=lambda i: (i.date is None, i.date, i.citation))
    if len(ordered) <= MAX_CITATIONS:
        return ordered
    step = len(ordered) / MAX_CITATIONS
    return [ordered[int(k * step)] for k in range(MAX_CITATIONS)]


def draft_themes(items: list[ContextItem], brief: Brief) -> Themes:
    by_theme: dict[str, list[ContextItem]] = defaultdict(list)
    signs_by_theme: dict[str, list[int]] = defaultdict(list)
    for item in of_type(items, "feedback"):
        # A review that praises one theme and asks for more on another counts for both.
        for theme, sign in facets(item):
            if not by_theme[theme.key] or by_theme[theme.key][-1] is not item:
                by_theme[theme.key].append(item)
            signs_by_theme[theme.key].append(sign)
    out: list[GroupTheme] = []
    for key, group in by_theme.items():
        if key == "general" and len(by_theme) > 1:
            continue
        givers = {i.author_id for i in group if i.author_id is not None}
        receivers = {i.subject_id for i in group if i.subject_id is not None}
        # A theme carried by one or two people could point at them: leave it out.
        if len(givers) < MIN_ANONYMITY_K or len(receivers) < MIN_ANONYMITY_K:
            continue
        theme = BY_KEY[key]
        signs = signs_by_theme[key]
        pos, neg = signs.count(1), signs.count(-1)
        if pos >= 2 * max(neg, 1) or (pos and not neg):
            sentiment, gist = "positive", f"people value {theme.strength}"
        elif neg >= 2 * max(pos, 1) or (neg and not pos):
            sentiment, gist = "negative", f"the feedback points to {theme.growth}"
        else:
            sentiment = "mixed"
            gist = f"people value {theme.strength}, while others point to {theme.growth}"
        first, second = split_halves(group, brief.since, brief.until)
        if second >= first * 1.25 + 1:
            trend, trend_text = "rising", "Mentions are rising over the period."
        elif first >= second * 1.25 + 1:
            trend, trend_text = "falling", "Mentions are falling over the period."
        else:
            trend, trend_text = "steady", "Mentions are steady over the period."
        label = theme.label[:1].upper() + theme.label[1:]
        out.append(
            GroupTheme(
                theme=label,
                text=f"{label} comes up in {plural(len(group), 'piece')} of feedback; "
                f"{gist}. {trend_text}",
                count=len(group),
                sentiment=sentiment,
                trend=trend,
                citations=cites(_sample(group)),
            )
        )
    out.sort(key=lambda t: t.count, reverse=True)
    return Themes(themes=out[:MAX_THEMES])
