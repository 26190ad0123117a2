"""The offline coaching drafter: detected situations and feedback themes → playbook moves."""

from __future__ import annotations

import datetime as dt

from assistant.offline.agenda import _Goals
from assistant.offline.clusters import Cluster, cluster, later_opposite
from assistant.offline.facts import cites, day, of_type, plural, title
from assistant.offline.focus import focus_items
from assistant.record_facts import ActionItemFacts, CheckInFacts, GoalFacts, facts_of
from assistant.tasks.brief import Brief
from assistant.tasks.playbook import Move, load_playbook
from assistant.tasks.schemas import MAX_CITATIONS, Coaching, Suggestion
from assistant.tasks.windows import (
    COACH_FALLBACK,
    COACH_FEEDBACK_THEME,
    COACH_FEEDBACK_THEMES,
    COACH_GOAL_AT_RISK,
    COACH_LOW_MOOD,
    COACH_OVERDUE_ACTIONS,
    COACH_STALE_GOAL,
    COACH_STRENGTH_STRETCH,
    LOW_MOOD,
    LOW_MOOD_RECENT,
    MOOD_UNKNOWN,
)
from retrieval.types import ContextItem

MAX_SUGGESTIONS = 5
MIN_SUGGESTIONS = 3


def _due(action: ContextItem) -> str:
    return facts_of(action, ActionItemFacts).get("due_date") or ""


def _suggest(move: Move, evidence: str, refs: list[str]) -> Suggestion:
    return Suggestion(
        text=move.move, why=f"{evidence} {move.principle}", opener=move.opener, citations=refs
    )


def draft_coaching(items: list[ContextItem], brief: Brief) -> Coaching:
    book = load_playbook()
    name = brief.subject_first
    ranked: list[tuple[int, Suggestion]] = []
    clusters = cluster(of_type(items, "feedback"))

    for rank, group in enumerate(c for c in clusters if c.polarity < 0):
        if rank >= COACH_FEEDBACK_THEMES:
            break
        group = Cluster(group.theme, group.polarity, group.items[-MAX_CITATIONS:])
        move = book.for_theme(group.theme.key).fill(name=name, label=group.theme.label)
        evidence = (
            f"{plural(len(group.items), 'piece')} of feedback from "
            f"{plural(len(group.givers), 'person', 'people')} about {group.theme.label}, "
            f"most recently on {day(group.last)}."
        )
        ranked.append((COACH_FEEDBACK_THEME + rank, _suggest(move, evidence, cites(group.items))))

    goals = _Goals(items, brief.today)
    risky = [
        g for g in goals.goals if facts_of(g, GoalFacts).get("status") in ("off_track", "at_risk")
    ]
    risky.sort(
        key=lambda g: (
            facts_of(g, GoalFacts).get("status") != "off_track",
            facts_of(g, GoalFacts).get("progress") or 0,
        )
    )
    if risky:
        goal = risky[0]
        move = book.situations["goal_at_risk"].fill(name=name, goal=title(goal))
        pct = facts_of(goal, GoalFacts).get("progress")
        state = (facts_of(goal, GoalFacts).get("status") or "").replace("_", " ")
        evidence = f"“{title(goal)}” is {state}" + (f" at {pct}%." if pct is not None else ".")
        _, update = goals.last_update(goal)
        refs = [goal.citation] + ([update.citation] if update else [])
        ranked.append((COACH_GOAL_AT_RISK, _suggest(move, evidence, refs)))

    stale = [g for g in goals.goals if goals.is_stale(g) and g not in risky]
    if stale:
        goal = stale[0]
        last, update = goals.last_update(goal)
        move = book.situations["goal_stale"].fill(name=name, goal=title(goal))
        since = f"since {last.isoformat()}" if last else "since it was set"
        refs = [goal.citation] + ([update.citation] if update else [])
        ranked.append(
            (COACH_STALE_GOAL, _suggest(move, f"“{title(goal)}” has had no update {since}.", refs))
        )

    overdue = [  # the oldest first, as many as one item may cite
        a
        for a in of_type(items, "action_item")
        if facts_of(a, ActionItemFacts).get("status") == "open"
        and (facts_of(a, ActionItemFacts).get("days_overdue") or 0) > 0
    ]
    overdue = sorted(overdue, key=_due)[:MAX_CITATIONS]
    if overdue:
        move = book.situations["overdue_actions"].fill(name=name)
        oldest = min(overdue, key=_due)
        evidence = (
            f"{plural(len(overdue), 'action item')} from earlier 1:1s "
            f"{'is' if len(overdue) == 1 else 'are'} overdue, the oldest due "
            f"{facts_of(oldest, ActionItemFacts).get('due_date')}."
        )
        ranked.append((COACH_OVERDUE_ACTIONS, _suggest(move, evidence, cites(overdue))))

    moods = [
        c
        for c in of_type(items, "checkin")
        if (facts_of(c, CheckInFacts).get("mood") or MOOD_UNKNOWN) <= LOW_MOOD and c.date
    ]
    recent = [c for c in moods if brief.today - (c.date or dt.date.min) <= LOW_MOOD_RECENT]
    if recent:
        latest = max(recent, key=lambda c: c.date or dt.date.min)
        move = book.situations["low_mood"].fill(name=name)
        evidence = (
            f"Mood was recorded as {facts_of(latest, CheckInFacts).get('mood')} at the 1:1 on "
            f"{day(latest.date)}."
        )
        ranked.append((COACH_LOW_MOOD, _suggest(move, evidence, [latest.citation])))

    # A strength recent feedback contradicts is no base for a stretch assignment.
    strengths = [c for c in clusters if c.polarity > 0 and later_opposite(c, clusters) is None]
    if strengths:
        top = Cluster(strengths[0].theme, 1, strengths[0].items[-MAX_CITATIONS:])
        move = book.situations["strength_stretch"].fill(name=name, label=top.theme.label)
        evidence = (
            f"{plural(len(top.items), 'piece')} of praise from "
            f"{plural(len(top.givers), 'person', 'people')} about {top.theme.label}."
        )
        ranked.append((COACH_STRENGTH_STRETCH, _suggest(move, evidence, cites(top.items))))

    if len(ranked) < MIN_SUGGESTIONS and items:
        # Goals and key results carry due dates, which may lie ahead: "latest" means the latest
        # thing that happened.
        events = [
            i
            for i in items
            if i.record_type in ("feedback", "goal_update", "checkin", "action_item")
            and i.date is not None
            and i.date <= brief.today
        ]
        newest = max(events or items, key=lambda i: i.date or dt.date.min)
        move = book.for_theme("general").fill(name=name, label="general")
        ranked.append(
            (
                COACH_FALLBACK,
                _suggest(move, f"The latest record is from {day(newest.date)}.", [newest.citation]),
            )
        )

    ranked.sort(key=lambda pair: pair[0])
    return Coaching(
        on_focus=focus_items(items, brief),
        suggestions=[s for _, s in ranked[:MAX_SUGGESTIONS]],
    )
