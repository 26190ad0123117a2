"""The self-reflection's forward-looking parts. *What I want to get better at*: each criticised
theme with what the evidence offers (a colleague's own proposal, the goal or action item it
bears on, later praise that says it is improving). *What I am working on next*: current and
upcoming goals that are not done and the newest open action items — never a goal of a closed
cycle."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from assistant.offline.clusters import Cluster
from assistant.offline.coach_evidence import ask_of, linked_work
from assistant.offline.facts import as_date, cites, clause, day, giver, of_type, short, title
from assistant.offline.goal_view import Goals
from assistant.offline.reflect_heard import heard_themes
from assistant.offline.reflect_lines import PER_SECTION, goal_state, lowered
from assistant.record_facts import ActionItemFacts, GoalFacts, facts_of
from assistant.tasks.brief import Brief
from assistant.tasks.schemas import MAX_CITATIONS, Item
from assistant.tasks.windows import LONG_OVERDUE
from retrieval.types import ContextItem

_UNFINISHED = {"not_started", "on_track", "at_risk", "off_track", ""}

# --- what I want to get better at ---------------------------------------------------------------


def growth(
    clusters: list[Cluster], goals: Goals, items: list[ContextItem], brief: Brief
) -> list[Item]:
    out: list[Item] = []
    themes = [t for t in heard_themes(clusters) if t.criticism is not None]
    for theme in themes[:3]:
        group = theme.criticism
        assert group is not None
        label, growth = group.theme.label, group.theme.growth
        refs = cites(group.items)
        asked = ask_of(group)
        work = linked_work(group, goals.goals, items)
        later_praise = theme.praise is not None and (theme.praise.last or dt.date.min) > (
            group.last or dt.date.min
        )
        if later_praise and theme.praise is not None:
            text = (
                f"I'm improving at {growth}, with praise on {day(theme.praise.last)} after "
                f"criticism until {day(group.last)}"
            )
            refs = cites(group.items[-2:], theme.praise.items[-2:])
        elif asked is not None:
            idea = f"“{group.quote(asked, 14)}”"
            text = f"For my {label}, I'll adopt {giver(asked, brief)}'s idea: {idea}"
        elif theme.praise is not None:
            text = (
                f"I want to get back to {growth}, as when I was praised for it until "
                f"{day(theme.praise.last)}"
            )
            refs = cites(group.items[-(MAX_CITATIONS - 2) :], theme.praise.items[-1:])
        else:
            text = f"I want to get better at {growth}"
        if work is not None:
            name = short(title(work), 10)
            text += (
                f", starting with “{name}”"
                if work.record_type == "goal"
                else f", starting with my promise to {lowered(name)}"
            )
            refs = [*refs[: MAX_CITATIONS - 1], work.citation]
        out.append(Item(text=text + ".", citations=refs[:MAX_CITATIONS]))
    return out


# --- what I am working on next ------------------------------------------------------------------


def _goal_next(goal: ContextItem, goals: Goals) -> Item | None:
    facts = facts_of(goal, GoalFacts)
    status = facts.get("status") or ""
    if status not in _UNFINISHED:
        return None
    pct = facts.get("progress") or 0
    name = f"“{title(goal)}”"
    due = facts.get("due_date")
    by = f" by {due[:10]}" if due else ""
    if facts.get("cycle_state") == "upcoming":
        cycle = facts.get("cycle")
        return Item(
            text=f"I'll start {name}" + (f" when {cycle} begins" if cycle else "") + f"{by}.",
            citations=[goal.citation],
        )
    if status in ("off_track", "at_risk"):
        # What blocks it is quoted under what I delivered; the plan says what I will do.
        return Item(
            text=f"I'll turn {name} around ({goal_state(goal)} at {pct}%): re-plan it with my "
            f"manager{by}.",
            citations=[goal.citation],
        )
    if goals.is_stale(goal):
        return Item(
            text=f"I'll post a fresh update on {name}, then decide with my manager whether it "
            "still matters this cycle.",
            citations=[goal.citation],
        )
    if status == "not_started":
        return Item(text=f"I'll get {name} started{by}.", citations=[goal.citation])
    return Item(text=f"I'll finish {name} from {pct}%{by}.", citations=[goal.citation])


def _agreed(action: ContextItem, today: dt.date) -> str:
    due = facts_of(action, ActionItemFacts).get("due_date")
    said = f"agreed {day(action.date)}" if action.date else "agreed at a 1:1"
    late = as_date(due)
    if late is not None and today - late >= LONG_OVERDUE:
        # A promise this old is one to close or drop with my manager, not to carry again.
        return f"{said}, long overdue since {late.isoformat()}: close or drop?"
    if late is not None and late < today:
        return f"{said}, overdue since {late.isoformat()}"
    return f"{said}, due {due[:10]}" if due else said


def _actions(items: list[ContextItem], brief: Brief) -> Iterator[Item]:
    """Open action items, newest first: yesterday's commitments before July's. Mine are my
    action items; what someone else took on (my manager, usually) is mine to follow up on."""
    open_actions = [
        a
        for a in of_type(items, "action_item")
        if facts_of(a, ActionItemFacts).get("status") == "open"
    ]
    said: set[str] = set()
    for action in sorted(open_actions, key=lambda a: a.date or dt.date.min, reverse=True):
        if action.text.strip().lower() in said:
            continue  # the same promise logged twice is one promise
        said.add(action.text.strip().lower())
        when, owner = _agreed(action, brief.today), facts_of(action, ActionItemFacts).get("owner")
        text = (
            f"My action item ({when}): {clause(action.text, 20)}."
            if action.author_id == brief.requester_id or not owner
            else f"Follow up with {owner} on their action item ({when}): {clause(action.text, 20)}."
        )
        yield Item(text=text, citations=[action.citation])


def intentions(goals: Goals, items: list[ContextItem], brief: Brief) -> list[Item]:
    def urgency(goal: ContextItem) -> int:
        status = facts_of(goal, GoalFacts).get("status") or ""
        return {"off_track": 0, "at_risk": 1}.get(status, 3 if goals.is_stale(goal) else 2)

    # ``goals.goals`` holds current and upcoming goals only: a closed cycle is never a plan.
    planned = [
        line for goal in sorted(goals.goals, key=urgency) if (line := _goal_next(goal, goals))
    ]
    actions = list(_actions(items, brief))
    out = [*planned[:2], *actions[:2], *planned[2:], *actions[2:]]
    return out[:PER_SECTION]
