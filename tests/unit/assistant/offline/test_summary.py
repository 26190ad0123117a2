"""The offline summary leaves no piece of feedback behind: what no theme cites is still named."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from dana_context import DANA, NAMES, brief_for

from assistant.grounding import Grounding, check
from assistant.offline.clusters import cluster
from assistant.offline.summary import (
    MAX_THEMES,
    _also_on_record,
    _theme,
    draft_summary,
)
from assistant.tasks.schemas import MAX_CITATIONS, Item, Summary, iter_items
from retrieval.types import ContextItem

THEMED = [
    "Dana's status updates to stakeholders are clear and always on time.",
    "Stakeholders always know where the project stands thanks to Dana's weekly update.",
    "Dana should send the status update before the Friday review, not after it.",
]
# Praise and criticism that name no theme a taxonomy would hold. ("never in a bad mood" was
# here until the trained theme head read it, rightly, as attitude.)
UNTHEMED = ["Top bloke.", "Hasn't grown much in the role since last year."]


def _item(n: int, text: str) -> ContextItem:
    return ContextItem(
        citation=f"F{n}",
        record_type="feedback",
        record_id=n,
        date=dt.date(2026, 10, 1) + dt.timedelta(days=n),
        subject_id=DANA,
        author_id=100 + n,
        label="Feedback",
        text=text,
    )


def _cited(summary: Summary) -> set[str]:
    return {c for _, _, item in iter_items(summary) for c in item.citations}


def test_feedback_no_theme_cites_is_named_in_the_overview() -> None:
    items = [_item(n, t) for n, t in enumerate(THEMED + UNTHEMED, start=1)]
    summary = draft_summary(items, brief_for("summary"))
    on_sides = {c for t in summary.strengths + summary.growth_areas for c in t.citations}
    left = {i.citation for i in items} - on_sides
    assert left, "the fixture must leave something outside the themes"
    also = [i for i in summary.overview if i.text.startswith("Also on record")]
    assert {c for line in also for c in line.citations} == left
    assert _cited(summary) == {i.citation for i in items}


def test_no_also_line_when_the_themes_cite_everything() -> None:
    items = [_item(n, t) for n, t in enumerate(THEMED, start=1)]
    summary = draft_summary(items, brief_for("summary"))
    assert not any(i.text.startswith("Also on record") for i in summary.overview)
    assert len(summary.strengths) <= MAX_THEMES


def test_a_theme_praised_and_criticised_up_to_the_same_day_is_one_item() -> None:
    texts = [
        "Dana's runbooks are clear and complete; the support team uses them every day.",
        "Dana writes excellent documentation that new joiners can follow alone.",
        "Dana's design docs are often out of date, please keep them current.",
    ]
    items = [_item(n, t) for n, t in enumerate(texts, start=1)]
    # Both sides end on the same day: the last praise (F2, which read as mentoring before the
    # trained theme head, "new joiners") and the criticism.
    items[2] = replace(items[2], date=items[1].date)
    summary = draft_summary(items, brief_for("summary"))
    themes = [t.theme for t in summary.strengths + summary.growth_areas]
    assert themes.count("Documentation") == 1, themes
    (doc,) = [t for t in summary.strengths + summary.growth_areas if t.theme == "Documentation"]
    assert "Views differ" in doc.text and "F3" in doc.citations
    # One differing record is "another piece": a count of it is no number grounding can find
    # in what the item cites, and grounding dropped the whole theme.
    assert "Views differ: another piece of feedback asks for change here" in doc.text
    _kept_by_grounding(summary, items)


def test_the_main_growth_area_is_not_also_a_clearest_strength() -> None:
    texts = [  # documentation criticised twice, then praised once, later
        "Dana's design docs are often out of date, please keep them current.",
        "Dana's documentation is often incomplete; please document the new endpoints.",
        "Dana's runbooks are clear and complete; the support team uses them every day.",
    ]
    items = [_item(n, t) for n, t in enumerate(texts, start=1)]
    summary = draft_summary(items, brief_for("summary"))
    overview = summary.overview[0].text
    assert "main growth area is documentation, though more recent praise" in overview
    assert "clearest strengths are documentation" not in overview


def _kept_by_grounding(summary: Summary, items: list[ContextItem]) -> None:
    grounding = Grounding(
        context=items, allowed_names={"Dana Okafor", "Dana"}, people=set(NAMES.values())
    )
    assert check(summary, grounding) == []


def _grounded(lines: list[Item], items: list[ContextItem]) -> None:
    _kept_by_grounding(Summary(on_focus=[], overview=lines, strengths=[], growth_areas=[]), items)


def test_the_also_line_counts_only_what_it_cites_so_grounding_keeps_it() -> None:
    texts = [
        "Top bloke, never in a bad mood.",
        "A joy to have around, always upbeat.",
        "Lovely person, everyone likes her.",
        "Honestly a disappointing year from her.",
    ]
    items = [_item(n, t) for n, t in enumerate(texts, start=1)]
    (line,) = _also_on_record(items, [])
    assert len(line.citations) == 4
    assert "4 more pieces of feedback, praise and asks for change" in line.text
    _grounded([line], items)


def test_past_what_an_item_may_cite_the_line_says_more_than_and_cites_both_sides() -> None:
    praise = ["Top bloke, never in a bad mood.", "A joy to have around, always upbeat."] * 5
    asks = ["Honestly a disappointing year from her."] * 3
    items = [_item(n, t) for n, t in enumerate(praise + asks, start=1)]
    (line,) = _also_on_record(items, [])
    assert f"more than {MAX_CITATIONS} pieces" in line.text
    assert len(line.citations) == MAX_CITATIONS
    assert {"F11", "F12", "F13"} <= set(line.citations)  # every ask, beside the newest praise
    _grounded([line], items)


def test_the_other_section_is_pointed_to_only_when_it_shows_the_theme() -> None:
    texts = [  # status updates praised, then criticised later
        "Dana's status updates to stakeholders are clear and always on time.",
        "Dana should send the status update before the Friday review, not after it.",
    ]
    items = [_item(n, t) for n, t in enumerate(texts, start=1)]
    brief = brief_for("summary")
    clusters = cluster(items)
    (praised,) = [c for c in clusters if c.polarity > 0]
    listed = _theme(praised, clusters, brief, shown=clusters)
    assert "points the other way (see growth areas)" in listed.text
    alone = _theme(praised, clusters, brief, shown=[praised])
    assert "points the other way." in alone.text and "see growth areas" not in alone.text
    assert "F2" in alone.citations  # the later criticism the claim rests on


# Praise of the updates (quoted lower-cased: "your status updates…") and an ask about delivery.
MIXED = (
    "Your status updates to stakeholders are clear and always on time. "
    "Please plan releases with more slack around the freezes."
)
UPDATES = [
    "Dana's status updates to stakeholders are clear and always on time.",
    "Stakeholders always know where the project stands thanks to Dana's weekly update.",
]


def test_a_mixed_review_quoted_each_way_keeps_both_themes_through_grounding() -> None:
    # The mixed review is the earliest record of a strength and of a growth area, so both name
    # its date. Side-trimming its citation after the text was written (the quote's lower-cased
    # start hid that the strength quoted it) left that date uncited, and grounding dropped the
    # strength: Felix Torres's Delivery and Communication in the demo.
    items = [_item(n, t) for n, t in enumerate([MIXED, *UPDATES], start=1)]
    summary = draft_summary(items, brief_for("summary"))
    (praised,) = [t for t in summary.strengths if t.theme == "Communication"]
    assert "between 2026-10-02 and 2026-10-04" in praised.text and "F1" in praised.citations
    assert any("F1" in t.citations and "2026-10-02" in t.text for t in summary.growth_areas)
    _kept_by_grounding(summary, items)


def test_a_mixed_review_is_counted_only_on_the_side_that_quotes_it() -> None:
    # In the middle of the strength (not quoted there), quoted by the growth area: it leaves
    # the strength, whose count and dates are written from the records it still cites.
    items = [_item(n, t) for n, t in enumerate([UPDATES[0], MIXED, UPDATES[1]], start=1)]
    summary = draft_summary(items, brief_for("summary"))
    (praised,) = [t for t in summary.strengths if t.theme == "Communication"]
    assert praised.citations == ["F1", "F3"]
    assert praised.feedback_count == 2 and praised.text.count("2 pieces of feedback") == 1
    assert not any("F2" in t.citations for t in summary.strengths)
    assert any("F2" in t.citations for t in summary.growth_areas)
    _kept_by_grounding(summary, items)
