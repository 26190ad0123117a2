"""Temporal correctness: a closed cycle's goals are history, and the newest commitments show."""

from __future__ import annotations

import datetime as dt
import re

from evals.metrics.base import Score
from evals.sample import Evidence, Sample

TASKS = frozenset({"agenda", "summary", "coaching", "reflection"})
GOAL_TYPES = frozenset({"goal", "key_result", "goal_update"})
# How a draft says that what it cites belongs to a cycle that is over.
PAST = re.compile(
    r"\b(closed|ended|last (quarter|cycle)|previous (quarter|cycle)|earlier (quarter|cycle)|"
    r"(19|20)\d\d-?Q[1-4]|Q[1-4] (19|20)\d\d)\b",
    re.IGNORECASE,
)


def _closed(ev: Evidence, today: dt.date) -> bool:
    return ev.record_type in GOAL_TYPES and ev.cycle is not None and ev.cycle[1] < today


def newest_open_actions(sample: Sample) -> set[str]:
    """The open action items in the drafter's context from the latest check-in that left any
    open (an action item is dated by its check-in)."""
    open_items = {
        c: ev.date for c in sample.context
        if (ev := sample.records[c]).record_type == "action_item"
        and ev.facts.get("status") == "open" and ev.date is not None
    }  # fmt: skip
    if not open_items:
        return set()
    latest = max(d for d in open_items.values() if d is not None)
    return {c for c, d in open_items.items() if d == latest}


def temporal_correctness(sample: Sample) -> Score:
    """Two checks of time. (1) No item cites a goal, key result or goal update of a cycle that
    ended before the draft's day unless its text says so (closed, ended, last quarter, the
    cycle's name such as 2026-Q3): a closed cycle's goal is never a current risk, a fresh win or
    a plan. (2) Agendas: the open action items from the latest check-in that left any open are
    all cited. Applies to agenda, summary, coaching and reflection drafts that cite a goal
    record or (agendas) have open action items in context.

    formula: 0 if any item presents a closed-cycle goal record as current, else
    |newest open action items cited| / |newest open action items|   (1 when there are none)
    """
    if sample.case.task not in TASKS or sample.output is None or sample.today is None:
        return Score.na()
    today = sample.today
    notes: list[str] = []
    cites_goals = False
    for item in sample.items():
        closed = [
            c for c in item.citations
            if c in sample.records and _closed(sample.records[c], today)
        ]  # fmt: skip
        cites_goals |= any(
            c in sample.records and sample.records[c].record_type in GOAL_TYPES
            for c in item.citations
        )
        if closed and not PAST.search(item.text):
            notes.append(f"closed-cycle {', '.join(closed)} as current in {item.section}")
    wanted = newest_open_actions(sample) if sample.case.task == "agenda" else set()
    if not cites_goals and not wanted:
        return Score.na()
    if notes:
        return Score(0.0, tuple(notes))
    missing = sorted(wanted - sample.cited())
    notes = [f"newest open action item {c} missing" for c in missing]
    return Score.ratio(len(wanted) - len(missing), len(wanted), notes)
