"""The long history: its planted facts reach a model's context at a fixed budget.

Before anchored packing (assistant/tasks/anchors.py) the task's own priority packed the newest of
equals, and at 3,000 tokens the agenda carried one of its five planted records, the summary none
of its two. The floors below are the measured figures (``python -m evals.longhistory``), so a
change that packs by age alone again fails here."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from evals.longhistory.build import PLANTED, build
from evals.longhistory.run import DAY, Row, measure

BUDGET = 3_000
# Planted records in the packed context at BUDGET, at least (measured: agenda 2/5, summary 1/2 on
# seed 11 and 2/2 on seeds 12-13, coaching 2/5; before: 1/5, 0/2, 1/5).
FLOORS = {"agenda": 2, "summary": 1, "coaching": 2}


@pytest.fixture(scope="module")
def rows(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Row]:
    found = measure(
        budgets=(BUDGET,), data_dir=tmp_path_factory.mktemp("longhistory"), drafts=False
    )
    return {r.task: r for r in found}


def test_the_history_is_long_and_its_filler_varied() -> None:
    org = build(today=DAY)
    b = org.bundle
    assert len(b.feedback) >= 200 and len(b.checkins) >= 50 and len(b.goal_updates) >= 100
    assert min(f.date for f in b.feedback) <= DAY - dt.timedelta(days=700)
    texts = Counter(f.text for f in b.feedback)
    assert texts.most_common(1)[0][1] <= 3, "filler repeats itself too much to be a history"
    keys = {r.id for section in (b.feedback, b.checkins, b.goal_updates, b.action_items)
            for r in section}  # fmt: skip
    assert {p.key for p in PLANTED} <= keys


@pytest.mark.parametrize("task", sorted(FLOORS))
def test_anchored_packing_carries_the_planted_facts(rows: dict[str, Row], task: str) -> None:
    row = rows[task]
    assert row.gathered >= 200, "the history must far outgrow the budget"
    assert row.after_tokens <= BUDGET
    assert row.after_context >= FLOORS[task], row
    assert row.after_context > row.before_context, row
