"""Anchored packing: what goes in when the records outgrow the budget (tasks/anchors.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pytest

from assistant.tasks.anchors import anchors_of, by_relevance, pack_by_anchors
from assistant.tasks.context import agenda_priority, pack_for
from retrieval.embedders import Embedder, HashingEmbedder
from retrieval.types import ContextItem

TODAY = dt.date(2026, 11, 26)
FILLER = (
    "Demoed the dashboard to product",
    "Paired with the intern on flaky tests",
    "Reviewed the hiring loop questions",
    "Planned the docs site refresh",
    "Talked about the conference budget",
    "Cleaned up stale tickets in the tracker",
)


def _item(citation: str, rtype: str, text: str, days_ago: int, **facts: object) -> ContextItem:
    return ContextItem(
        citation=citation,
        record_type=rtype,
        record_id=int(citation[1:]),
        date=TODAY - dt.timedelta(days=days_ago),
        subject_id=2,
        author_id=1,
        label=f"{rtype} {citation}",
        text=text,
        facts=dict(facts),  # type: ignore[arg-type]
    )


def _history() -> list[ContextItem]:
    goal = _item(
        "G1", "goal", "Cut ledger reconciliation mismatches\nSettlement files disagree with the "
        "ledger at the daily cutoff.", 50, title="Cut ledger reconciliation mismatches",
        status="at_risk", cycle_state="current",
    )  # fmt: skip
    items = [goal]
    # A year of 1:1 notes about other things, newer than the one that matters.
    for n in range(40):
        items.append(_item(f"C{n + 10}", "checkin", f"{FILLER[n % 6]} (week {n}).", 100 + n, part="shared"))  # fmt: skip  # noqa: E501
    items.append(
        _item(
            "F5", "feedback", "Dana patched the reconciliation mismatches by hand; trace the "
            "settlement cutoff with the ledger team instead.", 420, kind="constructive",
        )
    )  # fmt: skip
    return items


def _no_more(kinds: Sequence[str]) -> list[ContextItem]:
    return []


class _Refuses(Embedder):
    """An embedder a test expects never to be asked for."""

    id = "refuses"
    dimension = 2

    def embed(self, texts):  # type: ignore[no-untyped-def]
        raise AssertionError("the embedder was used although everything fits")


def test_when_everything_fits_packing_is_the_tasks_own_and_nothing_more_is_read() -> None:
    items = _history()

    def reader(kinds: Sequence[str]) -> list[ContextItem]:
        raise AssertionError("anchors were read although everything fits")

    packed = pack_by_anchors(
        agenda_priority, items, 100_000, None, TODAY, anchors=reader, embedder=_Refuses
    )
    assert packed == pack_for(agenda_priority, items, 100_000, None, TODAY)
    assert {i.citation for i in packed.items} == {i.citation for i in items}


def test_over_budget_an_old_record_about_a_current_goal_goes_in() -> None:
    items = _history()
    budget = 700
    before = pack_for(agenda_priority, items, budget, None, TODAY)
    assert "F5" not in {i.citation for i in before.items}  # by age, the old feedback is out
    after = pack_by_anchors(
        agenda_priority, items, budget, None, TODAY, anchors=_no_more, embedder=HashingEmbedder
    )
    got = [i.citation for i in after.items]
    assert got[0] == "G1"  # the anchor first
    assert "F5" in got
    assert after.tokens <= budget
    assert set(got) <= {i.citation for i in items}


def test_anchors_read_for_the_task_rank_but_are_never_packed() -> None:
    """A summary gathers feedback only: the goal it is ranked against comes from the reader."""
    history = _history()
    goal, feedback = history[0], [i for i in history if i.record_type == "feedback"]
    filler = [
        _item(f"F{n + 100}", "feedback", f"{FILLER[n % 6]}, thanks ({n}).", 30 + n)
        for n in range(30)
    ]
    items = feedback + filler
    asked: list[Sequence[str]] = []

    def reader(kinds: Sequence[str]) -> list[ContextItem]:
        asked.append(kinds)
        return [goal]

    packed = pack_by_anchors(
        agenda_priority, items, 400, None, TODAY, anchors=reader, embedder=HashingEmbedder
    )
    got = {i.citation for i in packed.items}
    assert "F5" in got and "G1" not in got
    assert asked == [["goal", "goal_update", "action_item", "checkin"]]  # what was not gathered


def test_without_anchors_packing_is_the_tasks_own_even_over_budget() -> None:
    items = _history()
    packed = pack_by_anchors(
        agenda_priority, items, 700, None, TODAY, anchors=None, embedder=_Refuses
    )
    assert packed == pack_for(agenda_priority, items, 700, None, TODAY)


def test_anchors_are_the_open_and_the_current() -> None:
    items = [
        _item("G1", "goal", "now", 10, status="on_track", cycle_state="current"),
        _item("G2", "goal", "last quarter", 200, status="on_track", cycle_state="closed"),
        _item("G3", "goal", "finished", 20, status="done", cycle_state="current"),
        _item("U1", "goal_update", "old", 9, goal_citation="G1"),
        _item("U2", "goal_update", "new", 2, goal_citation="G1"),
        _item("U3", "goal_update", "of a closed goal", 150, goal_citation="G2"),
        _item("A1", "action_item", "still open", 300, status="open"),
        _item("A2", "action_item", "done", 3, status="done"),
        _item("C1", "checkin", "last 1:1", 400, part="shared"),  # the last, however old
        _item("C2", "checkin", "older 1:1", 500, part="shared"),
        _item("F1", "feedback", "recent", 10),
        _item("F2", "feedback", "old", 100),
    ]
    assert {i.citation for i in anchors_of(items, TODAY)} == {"G1", "U2", "A1", "C1"}
    recent = [
        _item("C4", "checkin", "a month ago", 30, part="shared"),
        _item("C5", "checkin", "a fortnight ago", 14, part="shared"),
    ]
    # 1:1s of the last six weeks; the year-old one is no longer the last
    assert {i.citation for i in anchors_of([*items, *recent], TODAY)} == {
        "G1", "U2", "A1", "C4", "C5"
    }  # fmt: skip


@pytest.mark.parametrize("n_filler", [0, 5])
def test_every_anchor_gets_its_closest_match_in_turn(n_filler: int) -> None:
    anchors = [
        _item("G1", "goal", "ledger reconciliation mismatches", 5, status="at_risk"),
        _item("C1", "checkin", "night on-call pages again", 3, part="shared"),
    ]
    rest = [
        _item("U1", "goal_update", "reconciliation mismatches traced to the ledger", 60),
        _item("U2", "goal_update", "more reconciliation mismatches in the ledger today", 40),
        _item("C9", "checkin", "night on-call pages are wearing her down", 365, part="shared"),
        *(_item(f"F{n}", "feedback", FILLER[n], 5) for n in range(n_filler)),
    ]
    ordered = [i.citation for i in by_relevance(rest, anchors, HashingEmbedder(256), TODAY)]
    # One for the goal, then the 1:1's only match, before the goal's second.
    assert ordered[:3] in (["U2", "C9", "U1"], ["U1", "C9", "U2"])
