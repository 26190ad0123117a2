"""What I am working on next (assistant/offline/reflect_plans.py): current and upcoming goals,
the newest promises first, and what to close or follow up."""

from __future__ import annotations

from dana_context import DANA, MAYA, item
from reflection_context import D, grounded, promise, reflection, shared_context


def test_an_upcoming_goal_is_planned_and_the_newest_promise_comes_first() -> None:
    upcoming = item(
        "G83",
        "goal",
        D(2026, 11, 18),
        DANA,
        "Run the 2027 capacity review",
        title="Run the 2027 capacity review",
        status="not_started",
        progress=0,
        cycle="2027-Q1",
        cycle_state="upcoming",
    )
    newer = promise(
        "A42",
        D(2026, 11, 18),
        "Share the partner API design doc with the platform team",
        "2026-11-27",
    )
    context = [*shared_context(), upcoming, newer]
    out = reflection(context)
    texts = [i.text for i in out.intentions]
    cited = [i.citations[0] for i in out.intentions]
    assert "A42" in cited and "A40" in cited and cited.index("A42") < cited.index("A40")
    assert any("G83" in i.citations and "2027-Q1" in i.text for i in out.intentions), texts
    grounded(out, context)


def test_a_long_overdue_promise_asks_to_close_or_drop_it() -> None:
    old = promise("A43", D(2026, 7, 12), "Check the promotion timeline with HR", "2026-07-22")
    out = reflection([old])
    (line,) = out.intentions
    assert "long overdue since 2026-07-22: close or drop?" in line.text
    assert "Check the promotion timeline with HR" in line.text
    grounded(out, [old])


def test_an_action_item_my_manager_owns_is_one_to_follow_up_not_mine() -> None:
    mine = promise("A44", D(2026, 11, 18), "Share the partner API design doc", "2026-11-27")
    theirs = item(
        "A45",
        "action_item",
        D(2026, 11, 18),
        MAYA,
        "Check the promotion timeline with HR",
        label="Action item for Maya Chen from the 1:1 on 2026-11-18",
        status="open",
        owner="Maya Chen",
        due_date="2026-11-27",
    )
    out = reflection([mine, theirs])
    by_citation = {i.citations[0]: i.text for i in out.intentions}
    assert by_citation["A44"].startswith("My action item")
    assert by_citation["A45"].startswith("Follow up with Maya Chen on their action item")
    grounded(out, [mine, theirs])
