"""The offline feedback summary: strengths and growth areas as themes with their evidence."""

from __future__ import annotations

import datetime as dt

from assistant.offline.clusters import Cluster, cluster, later_opposite, polarity
from assistant.offline.facts import cites, day, of_type, plural
from assistant.offline.focus import focus_items
from assistant.offline.lexicon import theme_for
from assistant.offline.sentences import quotable, quote
from assistant.tasks.brief import Brief
from assistant.tasks.schemas import MAX_CITATIONS, MAX_ITEMS, Item, Summary, Theme
from retrieval.types import ContextItem

MAX_THEMES = 4  # per side when the evidence is even; the two sides share twice this


def _examples(group: Cluster) -> str:
    """One or two short quotes from opposite ends of the period: the summary is balanced. Each
    quote is the sentence that made its record evidence for this theme in this tone."""
    spread = _quoted(group)
    if not spread:
        return ""
    first = spread[0]
    text = f", e.g. “{group.quote(first, 16)}” ({day(first.date)})"
    if len(spread) > 1:
        last = spread[1]
        text += f" and “{group.quote(last, 16)}” ({day(last.date)})"
    return text


def _differ_note(other: Cluster) -> str:
    n = len(other.items)
    if other.polarity > 0:
        what = "praises it" if n == 1 else "praise it"
    else:
        what = "asks for change here" if n == 1 else "ask for change here"
    # One record is "another": its count is no number grounding could find in what the item
    # cites (it counts the note's records, a part of them), and grounding dropped the theme.
    pieces = "another piece" if n == 1 else plural(n, "other piece")
    quoted = other.latest_quotable()
    example = f", e.g. “{other.quote(quoted, 16)}” ({day(quoted.date)})" if quoted else ""
    return f" Views differ: {pieces} of feedback {what}{example}."


def _theme(
    group: Cluster,
    clusters: list[Cluster],
    brief: Brief,
    differ: Cluster | None = None,
    shown: list[Cluster] | None = None,
) -> Theme:
    """``shown``: the clusters the summary lists (a pointer to the other section names a theme
    only when that section shows it)."""
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
    moved = later_opposite(group, clusters)
    listed = moved is not None and any(moved is c for c in (shown or clusters))
    # The later records are cited with the claim; the other section is named only if it shows
    # them (a pointer to a theme it leaves out was fact-check item 57).
    where = (" (see growth areas)" if group.polarity > 0 else " (see strengths)") if listed else ""
    if group.polarity > 0:
        lead = f"{name} is valued for {group.theme.strength}."
        if moved:
            lead = (
                f"{name} was valued for {group.theme.strength} earlier in the period; "
                f"more recent feedback points the other way{where}."
            )
    else:
        lead = f"Feedback suggests {name} could grow by {group.theme.growth}."
        if moved:
            lead += f" More recent praise suggests this is already improving{where}."
    text = (
        f"{lead} {plural(n, 'piece')} of feedback from {plural(g, 'person', 'people')} {span}"
        f"{_examples(group)}."
    )
    evidence = group.spread()[:MAX_CITATIONS]
    if differ is not None:
        text += _differ_note(differ)
        evidence = evidence[: MAX_CITATIONS // 2] + differ.items[::-1]
    elif moved is not None and not listed:
        evidence = evidence[: MAX_CITATIONS - 1] + moved.items[-1:]
    return Theme(
        theme=label[:1].upper() + label[1:],
        text=text,
        feedback_count=n,
        giver_count=g,
        citations=cites(evidence)[:MAX_CITATIONS],
    )


def _overview(
    strengths: list[Cluster], growth: list[Cluster], clusters: list[Cluster], brief: Brief
) -> list[Item]:
    if not (strengths or growth):
        return []
    main_key = growth[0].theme.key if growth else None
    # A theme that is also the main growth area is no "clearest strength" in the same breath.
    steady = [
        c for c in strengths if later_opposite(c, clusters) is None and c.theme.key != main_key
    ]
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
        elif later_opposite(main, clusters) is not None:
            parts[-1] += ", though more recent praise suggests it is improving."
        else:
            parts[-1] += "."
        if not steady and not earlier and strengths:
            parts.append(f"Earlier praise centred on {strengths[0].theme.label}.")
    shown = [*steady[:2], *growth[:1], *[c for c in strengths if c not in steady][:1]]
    evidence = [c for group in shown for c in cites(group.spread()[:4])]
    return [Item(text=" ".join(parts), citations=list(dict.fromkeys(evidence))[:MAX_CITATIONS])]


def _also_on_record(feedback: list[ContextItem], shown: list[Theme]) -> list[Item]:
    """An overview line for the feedback no theme cites: what fell outside the named themes, or
    beyond how many a summary shows, is still part of the record, and a manager reading the
    summary should not miss it. It stays out of the strengths and growth lists because no theme
    claimed it (measured on the wild suite: these records' tone is misread more often than the
    themed ones'). The newest of each side is quoted."""
    cited = {c for theme in shown for c in theme.citations}
    rest = [i for i in feedback if i.citation not in cited]
    rest.sort(key=lambda i: i.date or dt.date.min, reverse=True)
    good = [i for i in rest if polarity(i) > 0]
    bad = [i for i in rest if polarity(i) < 0]
    if not (good or bad):
        return []
    # Counts grounding can check: the line cites every record it counts, or says "more than"
    # the newest it cites (the schema caps an item's citations; sub-counts per side would be
    # numbers no citation backs, and grounding dropped such a line).
    half = MAX_CITATIONS // 2
    shown_good = good[: max(half, MAX_CITATIONS - len(bad))]
    shown_bad = bad[: MAX_CITATIONS - len(shown_good)]
    cited_records = sorted(
        shown_good + shown_bad, key=lambda i: i.date or dt.date.min, reverse=True
    )
    n = len(good) + len(bad)
    what = " and ".join(part for part, some in (("praise", good), ("asks for change", bad)) if some)
    count = (
        f"{plural(n, 'more piece')} of feedback"
        if n <= MAX_CITATIONS
        else f"more than {MAX_CITATIONS} pieces of feedback ({MAX_CITATIONS} of them cited)"
    )
    other = theme_for("other")
    quotes = [f"“{quote(i, other, polarity(i), 16)}” ({day(i.date)})"
              for i in (good[:1] + bad[:1]) if quotable(i)]  # fmt: skip
    text = f"Also on record, outside the themes below: {count}, {what}"
    text += f", e.g. {' and '.join(quotes)}." if quotes else "."
    return [Item(text=text, citations=cites(cited_records))]


def _quoted(group: Cluster) -> list[ContextItem]:
    """The records a theme's text quotes (:func:`_examples`)."""
    return [i for i in group.spread() if quotable(i)][:2]


def _newest_quoted(group: Cluster) -> list[ContextItem]:
    """The record a "views differ" note quotes (:func:`_differ_note`)."""
    found = group.latest_quotable()
    return [found] if found else []


def _one_side_each(shown: list[tuple[Cluster, int, list[ContextItem]]]) -> dict[int, Cluster]:
    """Each record's side, decided before any text is written. ``shown``: every cluster a
    theme draws on, with the side it is listed on and the records its text quotes.

    A mixed review (praise of one thing, an ask about another) can back a strength and a
    growth area; held by both without being quoted on both, it reads as one record said both
    ways. It stays where it is quoted, else on the side of its overall tone, and leaves the
    other clusters, unless it is all a cluster holds. The themes are then written from what is
    left, so their dates, counts and quotes are those of the records they cite (trimming the
    citations after the text was written left a date no citation backed, and grounding dropped
    the whole theme). Returns the trimmed clusters by the id of the original."""
    holders: dict[str, list[tuple[Cluster, int, list[ContextItem]]]] = {}
    records: dict[str, ContextItem] = {}
    for unit in shown:
        for item in unit[0].items:
            holders.setdefault(item.citation, []).append(unit)
            records[item.citation] = item
    gone: dict[int, set[str]] = {}
    for citation, units in holders.items():
        if len({side for _, side, _ in units}) < 2:
            continue
        quoted = [u for u in units if any(i.citation == citation for i in u[2])]
        if len({side for _, side, _ in quoted}) == 2:
            continue  # one claim quoted each way: both stand
        tone = 1 if polarity(records[citation]) > 0 else -1
        keep = quoted or [u for u in units if u[1] == tone]
        for group, _, _ in units:
            if not any(group is k[0] for k in keep):
                gone.setdefault(id(group), set()).add(citation)
    trimmed: dict[int, Cluster] = {}
    for group, _, _ in shown:
        left = [i for i in group.items if i.citation not in gone.get(id(group), set())]
        if left and len(left) < len(group.items):
            trimmed[id(group)] = Cluster(group.theme, group.polarity, left)
    return trimmed


def _shares(good: list[Cluster], bad: list[Cluster]) -> tuple[int, int]:
    """How many strengths and growth areas to show: the two sides share ``2 * MAX_THEMES``
    in proportion to the records behind each (a record counts once per side, however many of
    its themes it backs), each side with evidence keeps at least one, no side passes the
    schema's MAX_ITEMS, and what one side cannot fill goes to the other. With a fixed cap per
    side, seven criticisms over seven themes and two praises showed as four growth areas and
    two strengths: the summary leaned less than its evidence (measured on the wild suite)."""
    total = 2 * MAX_THEMES
    n_good = len({i.citation for c in good for i in c.items})
    n_bad = len({i.citation for c in bad for i in c.items})
    if not (n_good and n_bad):
        return min(len(good), MAX_THEMES), min(len(bad), MAX_THEMES)
    want = round(total * n_good / (n_good + n_bad))
    first = min(len(good), MAX_ITEMS, max(1, min(want, total - 1)))
    second = min(len(bad), MAX_ITEMS, total - first)
    first = min(len(good), MAX_ITEMS, total - second)
    return first, second


def draft_summary(items: list[ContextItem], brief: Brief) -> Summary:
    feedback = of_type(items, "feedback")
    clusters = cluster(feedback)
    strengths = [c for c in clusters if c.polarity > 0]
    growth = [c for c in clusters if c.polarity < 0]
    n_good, n_bad = _shares(strengths, growth)
    strengths, growth = strengths[:n_good], growth[:n_bad]
    # A theme praised and criticised up to the same day is one item, on the side with more
    # weight (praise on a tie), saying that views differ: listed on both sides it would read as
    # a contradiction. Clusters are per (theme, tone), so a theme has at most one such pair.
    differ: dict[int, Cluster] = {}
    for praised in strengths:
        for asked in growth:
            if praised.theme.key == asked.theme.key and praised.last == asked.last:
                kept, other = (
                    (praised, asked) if praised.weight >= asked.weight else (asked, praised)
                )
                differ[id(kept)] = other
    dropped = {id(c) for c in differ.values()}
    strengths = [c for c in strengths if id(c) not in dropped]
    growth = [c for c in growth if id(c) not in dropped]
    pairs = [(c, differ.get(id(c))) for c in strengths + growth]
    shown = [(c, c.polarity, _quoted(c)) for c in strengths + growth]
    shown += [(o, c.polarity, _newest_quoted(o)) for c, o in pairs if o is not None]
    trimmed = _one_side_each(shown)

    def side(c: Cluster) -> Cluster:
        return trimmed.get(id(c), c)

    clusters = [side(c) for c in clusters]
    strengths, growth = [side(c) for c in strengths], [side(c) for c in growth]
    against = {id(side(c)): side(o) for c, o in pairs if o is not None}
    listed = strengths + growth
    good = [_theme(c, clusters, brief, against.get(id(c)), listed) for c in strengths]
    bad = [_theme(c, clusters, brief, against.get(id(c)), listed) for c in growth]
    overview = _overview(strengths, growth, clusters, brief)
    return Summary(
        on_focus=focus_items(items, brief),
        overview=overview + _also_on_record(feedback, good + bad) if overview else [],
        strengths=good,
        growth_areas=bad,
    )
