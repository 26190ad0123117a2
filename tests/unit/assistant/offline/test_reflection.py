"""The offline self-reflection: first person, balanced, planned from the current cycle, and
worded from each person's own evidence."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from dana_context import (
    DANA,
    HANNAH,
    LUIS,
    MARCO,
    MAYA,
    NAMES,
    ZARA,
    brief_for,
    dana_context,
    fb,
    item,
)

from assistant.grounding import Grounding, check
from assistant.tasks.registry import draft_offline
from assistant.tasks.schemas import Reflection, iter_items
from retrieval.types import ContextItem

D = dt.date
FIRST_PERSON = re.compile(r"\b(I|I'll|I'm|[Mm]y|me)\b")


def _reflection(context: list[ContextItem]) -> Reflection:
    out = draft_offline(context, brief_for("reflection", requester=DANA))
    assert isinstance(out, Reflection)
    return out


def _grounded(out: Reflection, context: list[ContextItem]) -> None:
    grounding = Grounding(
        context=context,
        allowed_names={"Maya Chen", "Dana Okafor", "Maya", "Dana"},
        people=set(NAMES.values()),
        allowed_dates={"2026-11-20"},
    )
    assert check(out, grounding) == []


def _shared_context() -> list[ContextItem]:
    return [c for c in dana_context() if c.citation != "F56"]  # manager-only: never Dana's


def test_every_line_is_in_the_first_person_and_names_no_one_in_the_third() -> None:
    out = _reflection(_shared_context())
    lines = [i.text for _, _, i in iter_items(out)]
    assert len(lines) >= 8
    for line in lines:
        assert FIRST_PERSON.search(line), line
        assert not re.search(r"\b(Dana|she|her|they)\b", line), line
    _grounded(out, _shared_context())


def test_praise_and_criticism_both_appear_counted_and_quoting_the_claim() -> None:
    out = _reflection(_shared_context())
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
    out = _reflection(context)
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
    out = _reflection(context)
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
    out = _reflection(context)
    (line,) = [i for i in out.feedback_received if "F70" in i.citations]
    assert set(line.citations) == {"F70", "F71", "F72", "F73"}
    assert "slipped" in line.text and "earlier" in line.text and "more recently" in line.text
    assert "4 pieces of feedback" in line.text
    _grounded(out, context)


def _closed_goal(citation: str, title: str, status: str, progress: int) -> ContextItem:
    return item(
        citation,
        "goal",
        D(2026, 7, 1),
        DANA,
        title,
        title=title,
        status=status,
        progress=progress,
        cycle="2026-Q3",
        cycle_state="closed",
    )


def test_a_closed_cycle_goal_is_history_never_a_plan() -> None:
    closed = [
        _closed_goal("G80", "Migrate the ledger to Postgres", "off_track", 40),
        _closed_goal("G81", "Ship the fraud rules engine", "done", 100),
        _closed_goal("G82", "Hire two backend engineers", "at_risk", 60),
    ]
    context = [*_shared_context(), *closed]
    out = _reflection(context)
    planned = {c for i in out.intentions for c in i.citations}
    assert planned.isdisjoint({"G80", "G81", "G82"})
    assert "G10" in planned  # the current off-track goal is the plan
    for _, _, line in iter_items(out):
        if {"G80", "G81", "G82"} & set(line.citations):
            assert "2026-Q3 (closed)" in line.text, line.text
    assert any(
        "I completed “Ship the fraud rules engine” in 2026-Q3" in i.text
        for i in out.accomplishments
    )
    _grounded(out, context)


def _promise(citation: str, day: dt.date, text: str, due: str) -> ContextItem:
    """An open action item of Dana's, agreed at the 1:1 on ``day``."""
    return item(
        citation, "action_item", day, DANA, text, status="open", owner="Dana Okafor", due_date=due
    )


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
    newer = _promise(
        "A42",
        D(2026, 11, 18),
        "Share the partner API design doc with the platform team",
        "2026-11-27",
    )
    context = [*_shared_context(), upcoming, newer]
    out = _reflection(context)
    texts = [i.text for i in out.intentions]
    cited = [i.citations[0] for i in out.intentions]
    assert "A42" in cited and "A40" in cited and cited.index("A42") < cited.index("A40")
    assert any("G83" in i.citations and "2027-Q1" in i.text for i in out.intentions), texts
    _grounded(out, context)


_OTHER = {
    "Launch the partner API": "Move search to the new cluster",
    "Document the billing runbook": "Write the disaster recovery playbook",
    "Cut checkout latency": "Halve the nightly export time",
    "p95 checkout latency": "Nightly export duration",
    "Partners onboarded": "Indexes migrated",
    "Blocked on the security review; I need help from the platform team.": (
        "Waiting on capacity from infrastructure; the cluster order slipped."
    ),
    "Half of the runbook is written.": "The outline is agreed with the on-call leads.",
    "Send the rollout plan to the partner stakeholders": "Book the failover drill with SRE",
    "We were surprised by the slip; a status update to stakeholders would have helped.": (
        "Nobody knew the cutover moved until the morning of it."
    ),
    "Please send a weekly status update to stakeholders on the partner work.": (
        "Could you post a short written summary after each migration step?"
    ),
    "Stakeholders had no status update for three weeks on the migration.": (
        "Support found out about the index change from customers."
    ),
    "Leadership were surprised again: no status update before the deadline moved.": (
        "The sales team heard about the delay from a customer first."
    ),
    "Took incident command during the checkout outage and kept everyone calm.": (
        "Your write-up of the cache bug taught the whole team how eviction works."
    ),
}


def _someone_else() -> list[ContextItem]:
    """Dana's context with every title and every piece of feedback in other words."""
    out = []
    for record in _shared_context():
        text = _OTHER.get(record.text, record.text)
        if record.citation == "F55":  # the planted instruction is cited, never quoted
            text = "Pairing with you on the flaky export test saved the release."
        facts = dict(record.facts)
        for key in ("title", "goal"):
            if key in facts:
                facts[key] = _OTHER.get(str(facts[key]), facts[key])
        out.append(replace(record, text=text, facts=facts))
    return out


def _sentences(out: Reflection) -> set[str]:
    text = "\n".join(i.text for _, _, i in iter_items(out))
    for name in [*NAMES.values(), *(n.split()[0] for n in NAMES.values())]:
        text = text.replace(name, "‹name›")
    text = re.sub(r"\d[\d.,-]*", "‹n›", text)
    return {s.strip() for s in re.split(r"(?<=[.!?])\s+|\n", text) if len(s.split()) >= 4}


def test_two_people_with_the_same_shape_of_record_share_no_sentence() -> None:
    first, second = _reflection(_shared_context()), _reflection(_someone_else())
    assert _sentences(first) and _sentences(second)
    assert _sentences(first) & _sentences(second) == set()


def test_a_long_overdue_promise_asks_to_close_or_drop_it() -> None:
    old = _promise("A43", D(2026, 7, 12), "Check the promotion timeline with HR", "2026-07-22")
    out = _reflection([old])
    (line,) = out.intentions
    assert "long overdue since 2026-07-22: close or drop?" in line.text
    assert "Check the promotion timeline with HR" in line.text
    _grounded(out, [old])


def test_an_action_item_my_manager_owns_is_one_to_follow_up_not_mine() -> None:
    mine = _promise("A44", D(2026, 11, 18), "Share the partner API design doc", "2026-11-27")
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
    out = _reflection([mine, theirs])
    by_citation = {i.citations[0]: i.text for i in out.intentions}
    assert by_citation["A44"].startswith("My action item")
    assert by_citation["A45"].startswith("Follow up with Maya Chen on their action item")
    _grounded(out, [mine, theirs])


def test_most_recently_is_said_only_of_the_newest_record() -> None:
    asks = [
        fb("F91", D(2026, 9, 1), HANNAH, "constructive",
           "Please send a weekly status update to stakeholders on the partner work."),
        fb("F92", D(2026, 10, 1), MARCO, "constructive",
           "Stakeholders had no status update for three weeks on the migration."),
        fb("F93", D(2026, 11, 1), ZARA, "constructive",
           "Suggestion: send stakeholders a two-line status update every Friday."),
    ]  # fmt: skip
    out = _reflection(asks)
    # The growth line quotes the newest (a proposal), so the heard line quotes an older one.
    (heard,) = out.feedback_received
    assert any("send stakeholders a two-line status" in i.text for i in out.growth_areas)
    assert "most recently" not in heard.text, heard.text
    assert "among them on 2026-10-01 “Stakeholders had no status update" in heard.text
