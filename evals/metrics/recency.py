"""Recency balance: a summary of a period draws on the whole period, not its last weeks."""

from __future__ import annotations

import datetime as dt

from assistant.tasks.registry import task_named
from evals.metrics.base import Score
from evals.sample import Sample

# The tasks that draw on a period of records rather than prepare the next 1:1 or answer one
# question (names from assistant/tasks/registry.py, looked up so a renamed task fails here).
PERIOD_TASKS = frozenset(task_named(n).name for n in ("summary", "coaching", "reflection"))
LATE_DAYS = 14


def _month(d: dt.date) -> tuple[int, int]:
    return d.year, d.month


def recency_balance(sample: Sample) -> Score:
    """Coverage of months: of the calendar months in which the drafter's context had dated
    evidence inside the period, the share the draft cites at least once (capped at 1). Applies
    to summary, coaching and reflection when the evidence spans at least two months. The notes
    also give the share of cited evidence from the period's last 14 days.

    formula: |months(cited ∩ period)| / |months(context ∩ period)|
    """
    if sample.case.task not in PERIOD_TASKS or sample.period is None or sample.output is None:
        return Score.na()
    start, end = sample.period

    def dated(cites: set[str] | tuple[str, ...]) -> list[dt.date]:
        days = [sample.records[c].date for c in cites if c in sample.records]
        return [d for d in days if d is not None and start <= d <= end]

    available = {_month(d) for d in dated(sample.context)}
    if len(available) < 2:
        return Score.na()
    cited = dated(sample.cited())
    months = {_month(d) for d in cited} & available
    late = sum(1 for d in cited if (end - d).days < LATE_DAYS)
    note = f"cites {len(months)}/{len(available)} months; last {LATE_DAYS} days {late}/{len(cited)}"
    return Score(min(1.0, len(months) / len(available)), (note,))
