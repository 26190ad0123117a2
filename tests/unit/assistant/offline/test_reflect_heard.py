"""What I heard (assistant/offline/reflect_heard.py): balanced, counted, quoting the claim, and
one line for a theme heard both ways."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from dana_context import HANNAH, LUIS, MARCO, ZARA, fb
from reflection_context import D, grounded, reflection, shared_context

from retrieval.types import ContextItem


def test_praise_and_criticism_both_appear_counted_and_quoting_the_claim() -> None:
    out = reflection(shared_context())
    heard = out.feedback_received
    cited = [set(i.citations) for i in heard]
    assert {"F50", "F51", "F52", "F53"} in cited  # the criticism, all four records
    assert any("F54" in c for c in cited)  # and the praise
    criticism = next(i for i in heard if "F50" in i.citations)
    assert "4 pieces of feedback from 3 people" in criticism.text
    assert "“Leadership were surprised again" in criticism.text  # the newest claim, quoted
    praise = next(i for i in heard if "F54" in i.citations)
    assert "“Took incident command during the checkout outage" in praise.text


def _praised_by_three(texts: list[str], first: dt.date) -> list[ContextItem]:
    """Each text given as praise by Hannah, Marco and Zara, a day apart per text, as F60 on."""
    given = [
        fb("F0", first + dt.timedelta(days=n), giver, "praise", text)
        for n, text in enumerate(texts)
        for giver in (HANNAH, MARCO, ZARA)
    ]
    return [replace(c, citation=f"F{60 + k}", record_id=60 + k) for k, c in enumerate(given)]


def test_a_little_criticism_is_not_crowded_out_by_much_praise() -> None:
    themes = [
        "You explained the design trade-offs so clearly that everyone understood them.",
        "Thanks for pairing with the new joiner every afternoon this month.",
        "The incident postmortem you wrote was thorough and blameless.",
        "You shipped the billing migration ahead of schedule with zero defects.",
        "Your code reviews catch real bugs and teach the author something.",
    ]
    context = _praised_by_three(themes, D(2026, 10, 1))
    context.append(
        fb(
            "F99",
            D(2026, 9, 3),
            LUIS,
            "constructive",
            "The estimate for the export job was off by a month.",
        )
    )
    out = reflection(context)
    assert any("F99" in i.citations for i in out.feedback_received)
    assert any(set(i.citations) - {"F99"} for i in out.feedback_received)


def test_this_fortnights_praise_is_heard_even_in_a_review_season() -> None:
    # Five themes praised three times each a month ago outweigh one thank-you of two days ago,
    # yet that thank-you is what the person remembers (test_any_date once lost the planted
    # recent praise to a year-end review season).
    heavy = [
        "You explained the design trade-offs so clearly that everyone understood them.",
        "The incident postmortem you wrote was thorough and blameless.",
        "You shipped the billing migration ahead of schedule with zero defects.",
        "Your code reviews catch real bugs and teach the author something.",
        "You kept the roadmap realistic and said no to the right things.",
    ]
    context = _praised_by_three(heavy, D(2026, 10, 10))
    context.append(
        fb(
            "F98",
            D(2026, 11, 18),
            LUIS,
            "praise",
            "Thank you for staying late to find the timezone bug; you explained the fix so I "
            "could solve the next one myself.",
        )
    )
    out = reflection(context)
    assert any("F98" in i.citations for i in out.feedback_received)


def test_a_theme_heard_both_ways_is_one_line_that_says_how_it_moved() -> None:
    context = [
        fb("F70", D(2026, 8, 5), HANNAH, "praise", "Your status update to stakeholders was crisp."),
        fb("F71", D(2026, 8, 20), MARCO, "praise", "Great weekly status update to leadership."),
        fb(
            "F72",
            D(2026, 11, 2),
            ZARA,
            "constructive",
            "Stakeholders had no status update for weeks.",
        ),
        fb(
            "F73",
            D(2026, 11, 12),
            LUIS,
            "constructive",
            "Leadership got no status update on the slip.",
        ),
    ]
    out = reflection(context)
    (line,) = [i for i in out.feedback_received if "F70" in i.citations]
    assert set(line.citations) == {"F70", "F71", "F72", "F73"}
    assert "slipped" in line.text and "earlier" in line.text and "more recently" in line.text
    assert "4 pieces of feedback" in line.text
    grounded(out, context)


def test_most_recently_is_said_only_of_the_newest_record() -> None:
    asks = [
        fb("F91", D(2026, 9, 1), HANNAH, "constructive",
           "Please send a weekly status update to stakeholders on the partner work."),
        fb("F92", D(2026, 10, 1), MARCO, "constructive",
           "Stakeholders had no status update for three weeks on the migration."),
        fb("F93", D(2026, 11, 1), ZARA, "constructive",
           "Suggestion: send stakeholders a two-line status update every Friday."),
    ]  # fmt: skip
    out = reflection(asks)
    # The growth line quotes the newest (a proposal), so the heard line quotes an older one.
    (heard,) = out.feedback_received
    assert any("send stakeholders a two-line status" in i.text for i in out.growth_areas)
    assert "most recently" not in heard.text, heard.text
    assert "among them on 2026-10-01 “Stakeholders had no status update" in heard.text
