"""The offline self-reflection as a whole (assistant/offline/reflection.py): first person, from
what the employee may see, and worded from each person's own evidence."""

from __future__ import annotations

import re
from dataclasses import replace

from dana_context import NAMES
from reflection_context import closed_goal, grounded, reflection, shared_context

from assistant.tasks.schemas import Reflection, iter_items
from retrieval.types import ContextItem

FIRST_PERSON = re.compile(r"\b(I|I'll|I'm|[Mm]y|me)\b")


def test_every_line_is_in_the_first_person_and_names_no_one_in_the_third() -> None:
    out = reflection(shared_context())
    lines = [i.text for _, _, i in iter_items(out)]
    assert len(lines) >= 8
    for line in lines:
        assert FIRST_PERSON.search(line), line
        assert not re.search(r"\b(Dana|she|her|they)\b", line), line
    grounded(out, shared_context())


def test_a_closed_cycle_goal_is_history_never_a_plan() -> None:
    closed = [
        closed_goal("G80", "Migrate the ledger to Postgres", "off_track", 40),
        closed_goal("G81", "Ship the fraud rules engine", "done", 100),
        closed_goal("G82", "Hire two backend engineers", "at_risk", 60),
    ]
    context = [*shared_context(), *closed]
    out = reflection(context)
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
    grounded(out, context)


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
    for record in shared_context():
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
    first, second = reflection(shared_context()), reflection(_someone_else())
    assert _sentences(first) and _sentences(second)
    assert _sentences(first) & _sentences(second) == set()
