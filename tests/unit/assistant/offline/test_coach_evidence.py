"""What coaching builds on: the work a piece of feedback is about is named by its text, not only
by the goal it was filed against."""

from __future__ import annotations

import dataclasses
import datetime as dt

from dana_context import DANA, HANNAH, MARCO, fb, item

from assistant.offline.clusters import cluster
from assistant.offline.coach_evidence import linked_work
from retrieval.types import ContextItem

D = dt.date
QBRS = "Run QBRs with all my top-10 accounts"


def _goal() -> ContextItem:
    return item("G5", "goal", D(2026, 10, 1), DANA, QBRS, title=QBRS, status="on_track")


def _filed(citation: str, giver: int, text: str) -> ContextItem:
    record = fb(citation, D(2026, 11, 2), giver, "suggestion", text)
    return dataclasses.replace(record, facts={**record.facts, "goal": QBRS})


def test_feedback_filed_against_a_goal_it_does_not_mention_is_not_linked_to_it() -> None:
    # Fact-check (c), Hannah: an on-call tip filed under the QBR goal became "try it first on
    # 'Run QBRs with all my top-10 accounts'".
    pager = [
        _filed("F1", HANNAH, "Please leave a short note for whoever takes the pager next."),
        _filed("F2", MARCO, "Next time, leave a note for whoever takes the pager after you."),
    ]
    (group,) = cluster(pager)
    assert linked_work(group, [_goal()], [_goal(), *pager]) is None


def test_feedback_that_names_the_goal_it_was_filed_against_is_linked() -> None:
    qbr = [
        _filed("F3", HANNAH, "Send the agenda before each QBR so the account team can prepare."),
        _filed("F4", MARCO, "Before the next account review, send the agenda a day early."),
    ]
    (group, *_) = cluster(qbr)
    assert linked_work(group, [_goal()], [_goal(), *qbr]) == _goal()
