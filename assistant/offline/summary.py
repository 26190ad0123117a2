"""The offline feedback summary: strengths and growth areas as themes with their evidence."""

from __future__ import annotations

from assistant.offline.clusters import Cluster, cluster
from assistant.offline.facts import cites, clause, day, of_type, plural
from assistant.tasks.brief import Brief
from assistant.tasks.schemas import MAX_CITATIONS, Item, Summary, Theme
from retrieval.types import ContextItem

MAX_THEMES = 4


def _examples(group: Cluster) -> str:
    """One or two short quotes from opposite ends of the period: the summary is balanced."""
    spread = group.spread()
    first = spread[0]
    text = f"e.g. “{clause(first.text, 16)}” ({day(first.date)})"
    if len(spread) > 1:
        last = spread[1]
        text += f" and “{clause(last.text, 16)}” ({day(last.date)})"
    return text


def _theme(group: Cluster, brief: Brief, *, strength: bool) -> Theme:
    label = group.theme.label
    n, g = len(group.items), len(group.givers)
    span = (
        f"on {day(group.first)}"
        if group.first == group.last
        else f"between {day(group.first)} and {day(group.last)}"
    )
    if strength:
        lead = f"{brief.subject_first} is valued for {group.theme.strength}."
    else:
        lead = f"Feedback suggests {brief.subject_first} could grow by {group.theme.growth}."
    text = (
        f"{lead} {plural(n, 'piece')} of feedback from {plural(g, 'person', 'people')} {span}, "
        f"{_examples(group)}."
    )
    return Theme(
        theme=label[:1].upper() + label[1:],
        text=text,
        feedback_count=n,
        giver_count=g,
        citations=cites(group.spread()[:MAX_CITATIONS]),
    )


def draft_summary(items: list[ContextItem], brief: Brief) -> Summary:
    feedback = of_type(items, "feedback")
    clusters = cluster(feedback)
    strengths = [_theme(c, brief, strength=True) for c in clusters if c.polarity > 0]
    growth = [_theme(c, brief, strength=False) for c in clusters if c.polarity < 0]
    strengths, growth = strengths[:MAX_THEMES], growth[:MAX_THEMES]
    overview: list[Item] = []
    if strengths or growth:
        parts = [f"Across the feedback {brief.period}:"]
        if strengths:
            names = " and ".join(t.theme.lower() for t in strengths[:2])
            parts.append(f"the clearest strengths are {names}.")
        if growth:
            lead = "The" if strengths else "the"
            parts.append(f"{lead} main growth area is {growth[0].theme.lower()}.")
        evidence = [c for t in (*strengths[:2], *growth[:1]) for c in t.citations[:4]]
        overview.append(
            Item(text=" ".join(parts), citations=list(dict.fromkeys(evidence))[:MAX_CITATIONS])
        )
    return Summary(overview=overview, strengths=strengths, growth_areas=growth)
