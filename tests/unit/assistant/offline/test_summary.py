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
    _one_side_each,
    _theme,
    draft_summary,
)
from assistant.tasks.schemas import MAX_CITATIONS, Item, Summary, Theme, iter_items
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


def _grounded(lines: list[Item], items: list[ContextItem]) -> None:
    summary = Summary(on_focus=[], overview=lines, strengths=[], growth_areas=[])
    grounding = Grounding(
        context=items, allowed_names={"Dana Okafor", "Dana"}, people=set(NAMES.values())
    )
    assert check(summary, grounding) == []


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


def test_a_mixed_review_stays_cited_where_it_is_quoted() -> None:
    mixed = _item(1, "Your status notes are superb. Planning needs more slack around freezes.")
    other = _item(2, "Plans slip every sprint; leave room for the unexpected.")
    strength = Theme(
        theme="Communication",
        text="Valued for clear updates, e.g. “Your status notes are superb”.",
        feedback_count=1,
        giver_count=1,
        citations=["F1"],
    )
    growth = Theme(
        theme="Planning",
        text="Could plan with more slack, e.g. “Plans slip every sprint”.",
        feedback_count=2,
        giver_count=2,
        citations=["F2", "F1"],
    )
    (good,), (bad,) = _one_side_each([strength], [growth], [mixed, other])
    assert good.citations == ["F1"] and bad.citations == ["F2"]
    # Quoted on both sides, one claim each way: both stand.
    quoted_too = growth.model_copy(update={"text": growth.text + " and “Planning needs more”."})
    (good,), (bad,) = _one_side_each([strength], [quoted_too], [mixed, other])
    assert bad.citations == ["F2", "F1"]
