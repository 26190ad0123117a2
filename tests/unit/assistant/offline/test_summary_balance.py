"""The summary's strengths and growth areas share their room by the evidence behind each side."""

from __future__ import annotations

import datetime as dt

from dana_context import brief_for, item

from assistant.offline.clusters import Cluster
from assistant.offline.lexicon import theme_for
from assistant.offline.summary import MAX_THEMES, _shares, draft_summary
from assistant.tasks.schemas import MAX_ITEMS
from retrieval.types import ContextItem

ASKS = [  # seven criticisms, each on a theme of its own
    "Dana's status updates often arrive after the Friday review; please send them earlier.",
    "Dana should add tests to pull requests so the nightly build stops breaking.",
    "Dana should warn the team early when a sprint deadline is going to slip.",
    "Dana's design docs are out of date and new joiners cannot follow them.",
    "Dana should keep meetings to the agenda and stop them overrunning.",
    "Dana should plan the migration before starting the build instead of improvising.",
    "Dana should tell customers about an outage before they notice it themselves.",
]
PRAISE = ["Dana mentors the new joiners patiently and they ramp up quickly."]


def _item(n: int, text: str) -> ContextItem:
    return item(f"F{n}", "feedback", dt.date(2026, 10, 1) + dt.timedelta(days=n), 100 + n, text)


def _side(sign: int, records_per_theme: list[int]) -> list[Cluster]:
    """Clusters of one tone, one per theme, holding the given numbers of distinct records."""
    keys = ["communication", "documentation", "planning_prioritisation", "quality_of_work",
            "time_management", "leadership", "customer_focus"]  # fmt: skip
    start = 1 if sign > 0 else 500
    out = []
    for key, count in zip(keys, records_per_theme, strict=False):
        out.append(Cluster(theme_for(key), sign, [_item(start + k, key) for k in range(count)]))
        start += count
    return out


def test_seven_criticisms_and_one_praise_show_more_growth_areas_than_a_side_cap() -> None:
    items = [_item(n, t) for n, t in enumerate(ASKS + PRAISE, start=1)]
    summary = draft_summary(items, brief_for("summary"))
    assert len(summary.strengths) == 1
    # A fixed four a side showed four growth areas here: the summary leaned less than its
    # evidence. The rest is still named on the "Also on record" line.
    assert len(summary.growth_areas) == MAX_ITEMS
    cited = {c for line in summary.overview + summary.growth_areas for c in line.citations}
    assert {f"F{n}" for n in range(1, len(ASKS) + 1)} <= cited


def test_even_evidence_keeps_the_per_side_cap() -> None:
    assert _shares(_side(1, [1] * 6), _side(-1, [1] * 6)) == (MAX_THEMES, MAX_THEMES)


def test_the_side_with_less_evidence_keeps_at_least_one_theme() -> None:
    assert _shares(_side(1, [1]), _side(-1, [3] * 7)) == (1, MAX_ITEMS)


def test_a_record_counts_once_per_side_however_many_themes_it_backs() -> None:
    good = _side(1, [1] * 6)
    # One review behind six growth themes is one record of criticism, not six: counted per
    # theme the sides would look even (four each).
    one_review = _item(900, "one review")
    bad = [Cluster(theme_for(c.theme.key), -1, [one_review]) for c in _side(-1, [1] * 6)]
    assert _shares(good, bad) == (MAX_ITEMS, 2 * MAX_THEMES - MAX_ITEMS)


def test_room_one_side_cannot_fill_goes_to_the_other() -> None:
    assert _shares(_side(1, [1, 1]), _side(-1, [1] * 7)) == (2, MAX_ITEMS)
    assert _shares(_side(1, [5] * 6), _side(-1, [1])) == (MAX_ITEMS, 1)


def test_one_sided_evidence_keeps_the_per_side_cap() -> None:
    assert _shares(_side(1, [1] * 7), []) == (MAX_THEMES, 0)
