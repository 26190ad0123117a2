"""The offline coaching drafter: each suggestion is built from what happened.

A suggestion says what happened (the cited sentences, quoted), the pattern (how many people or
times, over which dates), a next step tied to the evidence (a colleague's own suggestion, the
goal or action item the feedback is about) and an opener that fits: praise opens with what was
praised, criticism with a question about what was observed. The playbook
(``assistant/tasks/playbook.yaml``) supplies the move only where the evidence names no step of
its own. Suggestions are ordered by the ``COACH_*`` ranks of ``assistant/tasks/windows.py``.
"""

from __future__ import annotations

import datetime as dt

from assistant.offline.clusters import Cluster, cluster, later_opposite
from assistant.offline.coach_evidence import cue_of, goal_story
from assistant.offline.coach_feedback import also, criticism, praise
from assistant.offline.facts import cites, clause, day, of_type, plural, short, title
from assistant.offline.focus import focus_items
from assistant.offline.goal_view import Goals
from assistant.record_facts import ActionItemFacts, CheckInFacts, GoalFacts, facts_of
from assistant.tasks.brief import Brief
from assistant.tasks.playbook import load_playbook
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
    COACH_STRENGTHS,
    LOW_MOOD,
    LOW_MOOD_RECENT,
    MOOD_UNKNOWN,
)
from retrieval.types import ContextItem

MAX_SUGGESTIONS = 5
MIN_SUGGESTIONS = 3


def _due(action: ContextItem) -> str:
    return facts_of(action, ActionItemFacts).get("due_date") or ""


def _goal_at_risk(goal: ContextItem, items: list[ContextItem], brief: Brief) -> Suggestion:
    facts = facts_of(goal, GoalFacts)
    state = (facts.get("status") or "").replace("_", " ")
    pct = facts.get("progress")
    story, refs, latest = goal_story(goal, items)
    why = f"“{title(goal)}” is {state}" + (f" at {pct}%" if pct is not None else "") + story + "."
    text = (
        f"Re-plan “{title(goal)}” with {brief.subject_first}: what to cut, what you can unblock, "
        "and when you will look at it again."
    )
    if latest is not None and latest.text.strip():
        opener = (
            f"Your update on {day(latest.date)} says “{short(latest.text)}” — what would "
            "unblock it?"
        )
    else:
        opener = f"What is in the way of “{title(goal)}”, and what could I take off your plate?"
    return Suggestion(text=text, why=why, opener=opener, citations=[goal.citation, *refs])


def _stale(goal: ContextItem, goals: Goals, brief: Brief) -> Suggestion:
    last, update = goals.last_update(goal)
    pct = facts_of(goal, GoalFacts).get("progress")
    since = f"since {last.isoformat()}" if last else "since it was set"
    why = f"No update on “{title(goal)}” {since}"
    why += f"; it stood at {pct}%." if pct is not None else "."
    text = (
        f"Decide with {brief.subject_first} whether “{title(goal)}” still matters: agree the next "
        "concrete step, or retire it."
    )
    opener = f"“{title(goal)}” has not moved {since} — is it still the right goal?"
    refs = [goal.citation] + ([update.citation] if update else [])
    return Suggestion(text=text, why=why, opener=opener, citations=refs)


def _overdue(overdue: list[ContextItem], brief: Brief) -> Suggestion:
    oldest = min(overdue, key=_due)
    listed = "; ".join(f"“{clause(a.text, 12)}” (due {_due(a)})" for a in overdue[:2])
    more = f" and {plural(len(overdue) - 2, 'more')}" if len(overdue) > 2 else ""
    agreed = (facts_of(oldest, ActionItemFacts).get("checkin_date") or "")[:10]
    text = f"Close, re-date or drop each open promise with {brief.subject_first}: {listed}{more}."
    why = f"{plural(len(overdue), 'action item')} past due" + (
        f", the oldest agreed at the 1:1 on {agreed}." if agreed else "."
    )
    when = f"on {agreed}" if agreed else "back then"
    opener = f"We agreed “{short(oldest.text)}” {when} — is that still realistic?"
    return Suggestion(text=text, why=why, opener=opener, citations=cites(overdue))


def _last_mood(items: list[ContextItem]) -> ContextItem | None:
    """The newest check-in that recorded a mood."""
    rated = [
        c
        for c in of_type(items, "checkin")
        if c.date and facts_of(c, CheckInFacts).get("mood") is not None
    ]
    return max(rated, key=lambda c: c.date or dt.date.min, default=None)


def _low_mood(
    notes: list[ContextItem], brief: Brief, last: ContextItem | None = None
) -> Suggestion:
    latest = notes[0]
    mood = facts_of(latest, CheckInFacts).get("mood")
    cue, sentence = cue_of(latest.text)
    why = f"Mood {mood} at the 1:1 on {day(latest.date)}"
    if len(notes) > 1:
        why += f", and {facts_of(notes[1], CheckInFacts).get('mood')} on {day(notes[1].date)}"
    why += f"; the note says “{clause(sentence, 16)}”." if sentence else "."
    # A later 1:1 that was not low is part of the picture: the low moods are not the last word.
    if last is not None and (last.date or dt.date.min) > (latest.date or dt.date.max):
        then = facts_of(last, CheckInFacts).get("mood")
        why += f" At the last 1:1, on {day(last.date)}, it was {then}."
        notes = [last, *notes]
    text = (
        f"Make room for how {brief.subject_first} is doing before the work, and listen before "
        "solving anything."
    )
    opener = (
        f"Last time you mentioned “{cue}” — how is that now, honestly?"
        if cue
        else "How are you doing, honestly — not the work, you?"
    )
    return Suggestion(text=text, why=why, opener=opener, citations=cites(notes))


def draft_coaching(items: list[ContextItem], brief: Brief) -> Coaching:
    ranked: list[tuple[int, Suggestion]] = []
    clusters = cluster(of_type(items, "feedback"))
    goals = Goals(items, brief.today)

    ranked += _from_feedback(clusters, goals, items, brief)

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
        ranked.append((COACH_GOAL_AT_RISK, _goal_at_risk(risky[0], items, brief)))

    stale = [g for g in goals.goals if goals.is_stale(g) and g not in risky]
    if stale:
        ranked.append((COACH_STALE_GOAL, _stale(stale[0], goals, brief)))

    overdue = [  # the oldest first, as many as one item may cite
        a
        for a in of_type(items, "action_item")
        if facts_of(a, ActionItemFacts).get("status") == "open"
        and (facts_of(a, ActionItemFacts).get("days_overdue") or 0) > 0
    ]
    overdue = sorted(overdue, key=_due)[:MAX_CITATIONS]
    if overdue:
        ranked.append((COACH_OVERDUE_ACTIONS, _overdue(overdue, brief)))

    low = sorted(
        (
            c
            for c in of_type(items, "checkin")
            if (facts_of(c, CheckInFacts).get("mood") or MOOD_UNKNOWN) <= LOW_MOOD
            and c.date
            and brief.today - c.date <= LOW_MOOD_RECENT
        ),
        key=lambda c: c.date or dt.date.min,
        reverse=True,
    )
    if low:
        ranked.append((COACH_LOW_MOOD, _low_mood(low[:2], brief, _last_mood(items))))

    if len(ranked) < MIN_SUGGESTIONS and items:
        ranked.append((COACH_FALLBACK, _fallback(items, brief)))

    ranked.sort(key=lambda pair: pair[0])
    return Coaching(
        on_focus=focus_items(items, brief),
        suggestions=[s for _, s in ranked[:MAX_SUGGESTIONS]],
    )


def _from_feedback(
    clusters: list[Cluster], goals: Goals, items: list[ContextItem], brief: Brief
) -> list[tuple[int, Suggestion]]:
    """A suggestion for each of the top COACH_FEEDBACK_THEMES themes to improve and
    COACH_STRENGTHS strengths, and one for the rest of each tone (a single leftover theme gets
    its own): what the feedback says is all in front of the manager, each claim once."""
    out: list[tuple[int, Suggestion]] = []
    growth = [c for c in clusters if c.polarity < 0]
    # A strength recent feedback contradicts is no base for a stretch assignment: it is told
    # with the criticism that came after it.
    strong = [c for c in clusters if c.polarity > 0 and later_opposite(c, clusters) is None]
    for base, groups, build, top in (
        (COACH_FEEDBACK_THEME, growth, criticism, COACH_FEEDBACK_THEMES),
        (COACH_STRENGTH_STRETCH, strong, praise, COACH_STRENGTHS),
    ):
        own = groups[: top + 1] if len(groups) == top + 1 else groups[:top]
        made = [build(g, clusters, goals, items, brief) for g in own]
        out += [(base + n, s) for n, s in enumerate(made)]
        rest = also(groups[len(own) :], brief, {c for s in made for c in s.citations})
        if rest is not None:
            out.append((base + len(own), rest))
    return out


def _fallback(items: list[ContextItem], brief: Brief) -> Suggestion:
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
    move = load_playbook().for_theme("general").fill(name=brief.subject_first, label="general")
    return Suggestion(
        text=move.move,
        why=f"The latest record, from {day(newest.date)}: “{clause(newest.text, 16)}”.",
        opener=move.opener,
        citations=[newest.citation],
    )
