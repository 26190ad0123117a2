"""The agenda's goal sections: goals at risk, off track or stale, and wins to celebrate."""

from __future__ import annotations

import datetime as dt

from assistant.offline.facts import clause, day, fmt_num, giver, of_type, title
from assistant.offline.goal_view import Goals
from assistant.offline.sentences import primary, quotable, quote
from assistant.record_facts import FeedbackFacts, GoalFacts, KeyResultFacts, facts_of
from assistant.tasks.brief import Brief
from assistant.tasks.schemas import Item
from assistant.tasks.windows import RECENT_WIN
from retrieval.types import ContextItem

PER_SECTION = 3
# A goal's state: its rank (off track first), how the line says it, how it leads its update.
_RISKS = {
    "off_track": (0, "off track", "The latest update ({}) says:"),
    "at_risk": (1, "at risk", "Latest note ({}):"),
}


def risk_items(goals: Goals, brief: Brief) -> list[Item]:
    ranked: list[tuple[int, Item]] = []
    for goal in goals.goals:
        facts = facts_of(goal, GoalFacts)
        state, pct = facts.get("status") or "", facts.get("progress")
        at = f" at {pct}%" if pct is not None else ""
        last, update = goals.last_update(goal)
        refs = [goal.citation] + ([update.citation] if update else [])
        if state in _RISKS:
            rank, said, lead = _RISKS[state]
            why = (
                f" {lead.format(day(update.date))} “{clause(update.text)}”."
                if (update and update.text.strip())
                else ""
            )
            ranked.append((rank, Item(text=f"“{title(goal)}” is {said}{at}.{why}", citations=refs)))
        if state in ("off_track", "at_risk") and (found := goals.finding(goal)) is not None:
            item = ranked[-1][1]
            item.text += f" Earlier ({day(found.date)}) an update found: “{clause(found.text)}”."
            item.citations.append(found.citation)
        elif goals.is_stale(goal):
            since = f"since {last.isoformat()}" if last else "since it was set"
            text = (
                f"“{title(goal)}” has had no update {since}{at and ' (last seen' + at + ')'}; "
                "check whether it still matters and what the next step is."
            )
            ranked.append((2, Item(text=text, citations=refs)))
    ranked.sort(key=lambda pair: pair[0])
    return [item for _, item in ranked[:PER_SECTION]]


def win_items(goals: Goals, items: list[ContextItem], brief: Brief) -> list[Item]:
    wins: list[Item] = []
    for goal in goals.goals:
        if facts_of(goal, GoalFacts).get("status") == "done":
            wins.append(
                Item(text=f"Celebrate “{title(goal)}”: it is done.", citations=[goal.citation])
            )
    for kr in goals.krs:
        facts = facts_of(kr, KeyResultFacts)
        current, target, start = facts.get("current"), facts.get("target"), facts.get("start")
        lower_is_better = start is not None and target is not None and target < start
        reached = (
            current is not None
            and target is not None
            and (current <= target if lower_is_better else current >= target)
        )
        if reached and current is not None and target is not None:
            unit = facts.get("unit")
            wins.append(
                Item(
                    text=f"Key result “{title(kr)}” reached {fmt_num(current)}"
                    f"{' ' + unit if unit else ''}"
                    f" against a target of {fmt_num(target)}.",
                    citations=[kr.citation],
                )
            )
    praise = [
        f
        for f in of_type(items, "feedback")
        if facts_of(f, FeedbackFacts).get("kind") == "praise"
        and f.date
        and brief.today - f.date <= RECENT_WIN
        and quotable(f)
    ]
    praised = [
        Item(
            text=f"{giver(item, brief)} praised {brief.subject_first} on {day(item.date)}: "
            f"“{quote(item, primary(item)[0], 1)}”.",
            citations=[item.citation],
        )
        for item in sorted(praise, key=lambda f: f.date or dt.date.min, reverse=True)[:2]
    ]
    # The newest praise first: it is what happened since the last 1:1, and a quarter's end can
    # mark so many targets reached that it would otherwise be pushed out.
    return [*praised, *wins][:PER_SECTION]
