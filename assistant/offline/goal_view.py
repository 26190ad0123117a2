"""Goals as the drafts see them: the current cycle's goals and key results, each goal's latest
update and the earlier update that found what is wrong, and whether it has gone stale."""

from __future__ import annotations

import datetime as dt

from assistant.offline.facts import as_date, of_type
from assistant.offline.updates import names_cause
from assistant.record_facts import GoalFacts, GoalUpdateFacts, facts_of, goal_part_facts
from assistant.tasks.windows import STALE_AFTER
from retrieval.types import ContextItem

_OPEN = {"not_started", "on_track", "at_risk", "off_track", ""}


def in_closed_cycle(item: ContextItem) -> bool:
    """A goal (or its key result or update) of a cycle that ended before today."""
    return goal_part_facts(item).get("cycle_state") == "closed"


class Goals:
    """Goals with their latest update, as the agenda rules see them.

    ``goals`` and ``krs`` are the current ones: a closed quarter's goals are history (``closed``),
    never a current risk, a fresh win or next quarter's plan."""

    def __init__(self, items: list[ContextItem], today: dt.date):
        self.today = today
        every = of_type(items, "goal")
        self.goals = [g for g in every if not in_closed_cycle(g)]
        self.closed = [g for g in every if in_closed_cycle(g)]
        self.krs = [k for k in of_type(items, "key_result") if not in_closed_cycle(k)]
        updates = sorted(of_type(items, "goal_update"), key=lambda u: u.date or dt.date.min)
        self.latest: dict[str, ContextItem] = {}
        self.updates: dict[str, list[ContextItem]] = {}
        for update in updates:
            ref = facts_of(update, GoalUpdateFacts).get("goal_citation")
            if ref:
                self.latest[ref] = update
                self.updates.setdefault(ref, []).append(update)

    def finding(self, goal: ContextItem) -> ContextItem | None:
        """The newest earlier update of ``goal`` that says what causes its trouble: a goal stuck
        for weeks is often stuck on what an early update found, which the latest one no longer
        repeats."""
        earlier = self.updates.get(goal.citation, [])[:-1]
        return next((u for u in reversed(earlier) if names_cause(u.text)), None)

    def last_update(self, goal: ContextItem) -> tuple[dt.date | None, ContextItem | None]:
        update = self.latest.get(goal.citation)
        recorded = as_date(facts_of(goal, GoalFacts).get("last_update"))
        if update is not None and update.date and (recorded is None or update.date >= recorded):
            return update.date, update
        return recorded, None

    def is_stale(self, goal: ContextItem) -> bool:
        if (facts_of(goal, GoalFacts).get("status") or "") not in _OPEN:
            return False
        last, _ = self.last_update(goal)
        reference = last or goal.date
        return reference is not None and self.today - reference >= STALE_AFTER
