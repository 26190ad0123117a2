"""The offline feedback summary: strengths and growth areas as themes with their evidence."""

from __future__ import annotations

from assistant.offline.clusters import Cluster, cluster, later_opposite
from assistant.offline.facts import cites, day, of_type, plural
from assistant.offline.focus import focus_items
from assistant.offline.sentences import quotable
from assistant.tasks.brief import Brief
from assistant.tasks.schemas import MAX_CITATIONS, Item, Summary, Theme
from retrieval.types import ContextItem

MAX_THEMES = 4


def _examples(group: Cluster) -> str:
    """One or two short quotes from opposite ends of the period: the summary is balanced. Each
    quote is the sentence that made its record evidence for this theme in this tone."""
    spread = [i for i in group.spread() if quotable(i)]
    if not spread:
        return ""
    first = spread[0]
    text = f", e.g. “{group.quote(first, 16)}” ({day(first.date)})"
    if len(spread) > 1:
        last = spread[1]
        text += f" and “{group.quote(last, 16)}” ({day(last.date)})"
    return text


def _theme(group: Cluster, clusters: list[Cluster], brief: Brief) -> Theme:
    label = group.theme.label
    name = brief.subject_first
    n, g = len(group.items), len(group.givers)
    span = (
        f"on {day(group.first)}"
        if group.first == group.last
        else f"between {day(group.first)} and {day(group.last)}"
    )
    # A theme can be praised early and criticised late (or the reverse): say which way it moved
    # rather than calling it both a strength and a growth area without comment.
    moved = later_opposite(group, clusters) is not None
    if group.polarity > 0:
        lead = f"{name} is valued for {group.theme.strength}."
        if moved:
            lead = (
                f"{name} was valued for {group.theme.strength} earlier in the period; "
                "more recent feedback points the other way (see growth areas)."
            )
    else:
        lead = f"Feedback suggests {name} could grow by {group.theme.growth}."
        if moved:
            lead += " More recent praise suggests this is already improving (see strengths)."
    text = (
        f"{lead} {plural(n, 'piece')} of feedback from {plural(g, 'person', 'people')} {span}"
        f"{_examples(group)}."
    )
    return Theme(
        theme=label[:1].upper() + label[1:],
        text=text,
        feedback_count=n,
        giver_count=g,
        citations=cites(group.spread()[:MAX_CITATIONS]),
    )


def _overview(
    strengths: list[Cluster], growth: list[Cluster], clusters: list[Cluster], brief: Brief
) -> list[Item]:
    if not (strengths or growth):
        return []
    steady = [c for c in strengths if later_opposite(c, clusters) is None]
    parts = [f"Across the feedback {brief.period}:"]
    if steady:
        names = " and ".join(c.theme.label for c in steady[:2])
        parts.append(f"the clearest strengths are {names}.")
    if growth:
        main = growth[0]
        lead = "The" if steady else "the"
        parts.append(f"{lead} main growth area is {main.theme.label}")
        earlier = [c for c in strengths if later_opposite(c, clusters) is main]
        if earlier:
            parts[-1] += (
                ": it was a strength earlier in the period, and recent feedback points "
                "the other way."
            )
        else:
            parts[-1] += "."
        if not steady and not earlier and strengths:
            parts.append(f"Earlier praise centred on {strengths[0].theme.label}.")
    shown = [*steady[:2], *growth[:1], *[c for c in strengths if c not in steady][:1]]
    evidence = [c for group in shown for c in cites(group.spread()[:4])]
    return [Item(text=" ".join(parts), citations=list(dict.fromkeys(evidence))[:MAX_CITATIONS])]


def draft_summary(items: list[ContextItem], brief: Brief) -> Summary:
    clusters = cluster(of_type(items, "feedback"))
    strengths = [c for c in clusters if c.polarity > 0][:MAX_THEMES]
    growth = [c for c in clusters if c.polarity < 0][:MAX_THEMES]
    return Summary(
        on_focus=focus_items(items, brief),
        overview=_overview(strengths, growth, clusters, brief),
        strengths=[_theme(c, clusters, brief) for c in strengths],
        growth_areas=[_theme(c, clusters, brief) for c in growth],
    )
