"""The offline self-reflection: first person, from what the employee may see only."""

from __future__ import annotations

import datetime as dt

from assistant.offline.agenda import _Goals
from assistant.offline.clusters import cluster, later_opposite
from assistant.offline.facts import cites, clause, day, fmt_num, of_type, plural, title
from assistant.record_facts import (
    ActionItemFacts,
    CheckInFacts,
    FeedbackFacts,
    GoalFacts,
    KeyResultFacts,
    facts_of,
)
from assistant.tasks.brief import Brief
from assistant.tasks.schemas import MAX_CITATIONS, Item, Reflection
from retrieval.types import ContextItem

PER_SECTION = 4


def employee_visible(items: list[ContextItem], employee_id: int) -> list[ContextItem]:
    """Belt and braces on top of the access policy: only shared feedback about me (or written by
    me), never private check-in notes."""
    return [item for item in items if not _kept_from_employee(item)]


def _kept_from_employee(item: ContextItem) -> bool:
    if item.record_type == "feedback":
        return facts_of(item, FeedbackFacts).get("visibility") not in ("shared", "", None)
    if item.record_type == "checkin":
        return facts_of(item, CheckInFacts).get("part") == "private"
    return False


def _closed_cycle_items(goals: _Goals) -> list[tuple[int, Item]]:
    """Last cycle's goals, said as last cycle's: what was finished, or how far it got."""
    out: list[tuple[int, Item]] = []
    for goal in goals.closed:
        facts = facts_of(goal, GoalFacts)
        state, pct = facts.get("status"), facts.get("progress")
        if state == "dropped" or not pct:
            continue
        cycle = facts.get("cycle") or "the last cycle"
        if state == "done":
            text = f"In {cycle} I completed “{title(goal)}”."
        else:
            text = f"In {cycle} I took “{title(goal)}” to {pct}% before the cycle closed."
        out.append((-(pct or 0), Item(text=text, citations=[goal.citation])))
    out.sort(key=lambda pair: pair[0])
    return out


def _accomplishments(goals: _Goals) -> list[Item]:
    out: list[tuple[int, Item]] = []
    krs_by_goal: dict[str, list[ContextItem]] = {}
    for kr in goals.krs:
        goal_citation = facts_of(kr, KeyResultFacts).get("goal_citation") or ""
        krs_by_goal.setdefault(goal_citation, []).append(kr)
    for goal in goals.goals:
        facts = facts_of(goal, GoalFacts)
        state, pct = facts.get("status") or "", facts.get("progress")
        if state == "dropped" or not pct:
            continue
        refs = [goal.citation]
        if state == "done":
            text = f"I completed “{title(goal)}”."
        elif goals.is_stale(goal):
            # A status nobody has confirmed for weeks is a claim, not a fact: say how old it is.
            last, update = goals.last_update(goal)
            since = f"since {last.isoformat()}" if last else "since it was set"
            text = (
                f"I moved “{title(goal)}” to {pct}%; it was last marked "
                f"{state.replace('_', ' ')} with no update {since}, so I need to refresh it."
            )
            refs += [update.citation] if update else []
        else:
            text = f"I moved “{title(goal)}” to {pct}% ({state.replace('_', ' ')})."
        for kr in krs_by_goal.get(goal.citation, [])[:2]:
            kr_facts = facts_of(kr, KeyResultFacts)
            start, current = kr_facts.get("start"), kr_facts.get("current")
            target = kr_facts.get("target")
            if current is None or target is None:
                continue
            unit = kr_facts.get("unit") or ""
            unit = unit if unit in ("%", "") else f" {unit}"
            if start is not None and start != current:
                progress_text = f"went from {fmt_num(start)}{unit} to {fmt_num(current)}{unit}"
            else:
                progress_text = f"am at {fmt_num(current)}{unit}"
            text += (
                f" On “{clause(kr.text, 12)}” I {progress_text} against a target of "
                f"{fmt_num(target)}{unit}."
            )
            refs.append(kr.citation)
        out.append((-(pct or 0), Item(text=text, citations=refs)))
    out.sort(key=lambda pair: pair[0])
    # The current cycle first, and one place for the last cycle's best result when there is one.
    earlier = _closed_cycle_items(goals)[:1]
    return [item for _, item in [*out[: PER_SECTION - len(earlier)], *earlier]]


def draft_reflection(items: list[ContextItem], brief: Brief) -> Reflection:
    items = employee_visible(items, brief.requester_id)
    goals = _Goals(items, brief.today)
    clusters = cluster(of_type(items, "feedback"))

    received: list[Item] = []
    praised = [c for c in clusters if c.polarity > 0]
    # The biggest themes, and always the one with the newest praise (it is what a reader
    # remembers from the period's end).
    chosen = praised[:2] + sorted(praised[2:], key=lambda c: c.last or dt.date.min)[-1:]
    newest = max(praised, key=lambda c: c.last or dt.date.min, default=None)
    if newest is not None and newest not in chosen:
        chosen[-1] = newest
    for whole in chosen:
        group = whole.recent(MAX_CITATIONS)
        latest = group.latest_quotable()
        example = f", for example on {day(latest.date)}: “{group.quote(latest)}”" if latest else ""
        later = later_opposite(whole, clusters)
        turn = ", though more recent feedback asks more of me here" if later else ""
        received.append(
            Item(
                text=f"Colleagues recognised my {group.theme.label} "
                f"({plural(len(group.items), 'piece')} of feedback from "
                f"{plural(len(group.givers), 'person', 'people')}){example}{turn}.",
                citations=cites(group.items),
            )
        )

    growth: list[Item] = []
    growth_clusters = [c for c in clusters if c.polarity < 0]
    for whole in growth_clusters[:3]:
        group = whole.recent(MAX_CITATIONS)
        growth.append(
            Item(
                text=f"I want to get better at {group.theme.growth}: feedback on "
                f"{group.theme.label} came up {plural(len(group.items), 'time')} "
                + (
                    f"on {day(group.first)}."
                    if group.first == group.last
                    else f"between {day(group.first)} and {day(group.last)}."
                ),
                citations=cites(group.items),
            )
        )

    intentions: list[Item] = []
    for goal in goals.goals:
        facts = facts_of(goal, GoalFacts)
        state = facts.get("status") or ""
        if state in ("off_track", "at_risk"):
            intentions.append(
                Item(
                    text=f"Get “{title(goal)}” back on track: it is "
                    f"{state.replace('_', ' ')} at {facts.get('progress') or 0}%, so I will agree "
                    "a re-plan and the support I need early in the quarter.",
                    citations=[goal.citation],
                )
            )
    if growth_clusters:
        top = growth_clusters[0]
        intentions.append(
            Item(
                text=f"Make {top.theme.growth} a habit, and ask for feedback on it at my 1:1s.",
                citations=cites(top.items[-2:]),
            )
        )
    open_actions = [
        a
        for a in of_type(items, "action_item")
        if facts_of(a, ActionItemFacts).get("status") == "open"
    ]
    for action in sorted(open_actions, key=lambda a: a.date or dt.date.min)[:1]:
        intentions.append(
            Item(
                text=f"Close out what I committed to in my 1:1: {clause(action.text, 20)}.",
                citations=[action.citation],
            )
        )
    return Reflection(
        accomplishments=_accomplishments(goals),
        feedback_received=received,
        growth_areas=growth,
        intentions=intentions[:PER_SECTION],
    )
