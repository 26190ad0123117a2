"""The offline summary leaves no piece of feedback behind: what no theme cites is still named."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from dana_context import DANA, brief_for

from assistant.offline.summary import MAX_THEMES, draft_summary
from assistant.tasks.schemas import Summary, iter_items
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
    also = summary.overview[-1]
    assert also.text.startswith("Also on record")
    assert set(also.citations) == left
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
