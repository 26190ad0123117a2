"""The self-reflection's *What I delivered*: the current cycle's goals (with their key results and
the latest update in my own words), then the best of the cycle that closed last, said as closed."""

from __future__ import annotations

from assistant.offline.facts import clause, day, fmt_num, title
from assistant.offline.goal_view import Goals
from assistant.offline.reflect_lines import PER_SECTION, goal_state, lowered
from assistant.offline.sentences import quotable
from assistant.record_facts import GoalFacts, KeyResultFacts, facts_of
from assistant.tasks.schemas import MAX_CITATIONS, Item
from retrieval.types import ContextItem


def _key_results(goals: Goals) -> dict[str, list[ContextItem]]:
    by_goal: dict[str, list[ContextItem]] = {}
    for kr in goals.krs:
        ref = facts_of(kr, KeyResultFacts).get("goal_citation") or ""
        by_goal.setdefault(ref, []).append(kr)
    return by_goal


def _kr_phrase(kr: ContextItem) -> str | None:
    """Where a key result stands, said from its numbers: how far it moved and whether the
    target was met, passed or is still ahead."""
    facts = facts_of(kr, KeyResultFacts)
    start, current, target = facts.get("start"), facts.get("current"), facts.get("target")
    if current is None or target is None:
        return None
    unit = facts.get("unit") or ""
    unit = unit if unit in ("%", "") else f" {unit}"
    name = clause(kr.text, 10)
    now, goal = f"{fmt_num(current)}{unit}", f"{fmt_num(target)}{unit}"
    if start is None or start == current:
        return f"{name} is at {now} of {goal}"
    lower_is_better = target < start
    met = current <= target if lower_is_better else current >= target
    moved = f"{name} {'fell' if current < start else 'rose'} from {fmt_num(start)}{unit} to {now}"
    if met and current != target:
        return f"{moved}, past the {goal} target"
    if met:
        return f"{moved}, right on target"
    return f"{moved}; the target is {goal}"


def _current_goal(goal: ContextItem, goals: Goals, krs: list[ContextItem]) -> Item | None:
    facts = facts_of(goal, GoalFacts)
    status, pct = facts.get("status") or "", facts.get("progress")
    if status == "dropped" or (not pct and status != "done"):
        return None
    name = f"“{title(goal)}”"
    refs = [goal.citation]
    measured = [(kr, p) for kr in krs[:2] if (p := _kr_phrase(kr))]
    numbers = "; ".join(p for _, p in measured)
    refs += [kr.citation for kr, _ in measured]
    last, update = goals.last_update(goal)
    if status == "done":
        text = f"I delivered {name}" + (f": {lowered(numbers)}." if numbers else ".")
    elif goals.is_stale(goal):
        # A status nobody has confirmed for weeks is a claim, not a fact: say how old it is.
        since = f"since {last.isoformat()}" if last else "since it was set"
        text = (
            f"I last marked {name} {goal_state(goal)} at {pct}%, but there has been no update "
            f"{since}: that figure needs refreshing before anyone relies on it."
        )
        refs += [update.citation] if update else []
    else:
        said = (
            f"; on {day(update.date)} I noted “{clause(update.text, 14)}”"
            if update is not None and update.text.strip() and quotable(update)
            else ""
        )
        refs += [update.citation] if said and update else []
        if status in ("off_track", "at_risk"):
            text = f"I have not delivered {name} yet: {pct}% and {goal_state(goal)}{said}."
        else:
            text = f"I have taken {name} to {pct}%, {goal_state(goal)}{said}."
        if numbers:
            text = text[:-1] + f". So far {lowered(numbers)}."
    return Item(text=text, citations=refs[:MAX_CITATIONS])


def _just_closed(goals: Goals) -> list[ContextItem]:
    """The goals of the cycle that closed last (the newest cycle name among closed goals)."""
    cycles = {facts_of(g, GoalFacts).get("cycle") or "" for g in goals.closed}
    latest = max(cycles, default="")
    return [g for g in goals.closed if (facts_of(g, GoalFacts).get("cycle") or "") == latest]


def _closed_goal(goal: ContextItem) -> Item | None:
    facts = facts_of(goal, GoalFacts)
    status, pct = facts.get("status"), facts.get("progress")
    if status == "dropped" or not pct:
        return None
    cycle = facts.get("cycle")
    when = f"{cycle} (closed)" if cycle else "the last cycle, now closed"
    if status == "done":
        text = f"I completed “{title(goal)}” in {when}."
    else:
        text = f"I took “{title(goal)}” to {pct}% in {when}."
    return Item(text=text, citations=[goal.citation])


def delivered(goals: Goals) -> list[Item]:
    krs = _key_results(goals)

    def order(goal: ContextItem) -> tuple[bool, int]:
        facts = facts_of(goal, GoalFacts)
        return (facts.get("status") != "done", -(facts.get("progress") or 0))

    current = [
        line
        for goal in sorted(goals.goals, key=order)
        if (line := _current_goal(goal, goals, krs.get(goal.citation, [])))
    ]
    closed = [
        line for goal in sorted(_just_closed(goals), key=order) if (line := _closed_goal(goal))
    ]
    # The current cycle first, and room for the last cycle's best result when there is one.
    earlier = closed[: 1 if current else 2]
    return [*current[: PER_SECTION - len(earlier)], *earlier]
