"""The offline 1:1 agenda: rules over goals, updates, action items, feedback and check-ins.

Each section is drafted in its own module (``agenda_goals``, ``agenda_actions``,
``agenda_feedback``); this one asks the questions that follow from them and puts the agenda
together."""

from __future__ import annotations

import re

from assistant.grounding import Grounding
from assistant.offline import carryover, top_three
from assistant.offline.agenda_actions import action_items, from_checkin
from assistant.offline.agenda_feedback import CAREER_LEAD, feedback_items, growth_items
from assistant.offline.agenda_goals import risk_items, win_items
from assistant.offline.carryover import NOTE_LABEL
from assistant.offline.clusters import cluster
from assistant.offline.facts import of_type, short
from assistant.offline.focus import focus_items
from assistant.offline.goal_view import Goals
from assistant.offline.linked import link_agenda
from assistant.offline.time_off import time_off_item
from assistant.offline.updates import obstacle
from assistant.offline.wellbeing import strain_item
from assistant.tasks.brief import Brief
from assistant.tasks.schemas import Agenda, Item
from retrieval.types import ContextItem

_PRAISED = re.compile(r"^(.+?) praised .+? on \d{4}-\d{2}-\d{2}:")


def _quoted(text: str) -> str:
    found = re.search(r"“([^”]+)”", text)
    return f"“{found.group(1)}”" if found else "this"


def _questions(agenda: Agenda, items: list[ContextItem], brief: Brief) -> list[Item]:
    """Questions that name what they ask about, each short: the evidence is in the line it
    follows, and the same question for everyone is filler."""
    name = brief.subject_first
    by_citation = {i.citation: i for i in items if i.record_type != "checkin"}
    out: list[Item] = []
    # A low or falling mood has its own line; without one, the strain the notes name still
    # gets asked about.
    trend = carryover.mood_trend_item(items) or strain_item(items)
    if trend is not None:
        out.append(trend)
    returning = carryover.returning_concern_item(items, brief.today)
    if returning is not None:
        out.append(returning)
    if agenda.goals_at_risk:
        first = agenda.goals_at_risk[0]
        update = next(
            (by_citation[c] for c in first.citations[1:] if c in by_citation),
            None,
        )
        goal = _quoted(first.text)
        if update is not None and update.text.strip():
            said = obstacle(update.text) or update.text
            text = f"On {goal} the update says “{short(said)}”: what could I unblock?"
            refs = first.citations[:2]
        else:
            text = f"What is in the way of {goal}, and what could I unblock?"
            refs = first.citations[:1]
        out.append(Item(text=text, citations=refs))
    actions = {a.citation: a for a in of_type(items, "action_item")}
    first_action = next(
        (actions[i.citations[0]] for i in agenda.action_items if i.citations[0] in actions), None
    )
    if first_action is not None:
        came = from_checkin(first_action)
        # "Our last 1:1" only when it is the last one; an older commitment is named by its date.
        which = (
            "our last 1:1"
            if came == carryover.last_checkin_date(items)
            else f"our 1:1 on {came.isoformat()}"
        )
        out.append(
            Item(
                text=f"Is “{short(first_action.text)}”, from {which}, still the right "
                "commitment, or do we re-scope or drop it?",
                citations=[first_action.citation],
            )
        )
    theme_line = next(
        (f for f in agenda.feedback_to_discuss if not f.text.startswith("For you only")), None
    )
    if theme_line is not None:
        theme = re.search(r"Recurring theme — ([^:]+):", theme_line.text)
        example = _quoted(theme_line.text)
        example = f"“{short(example[1:-1], 10)}”" if example != "this" else example
        about = (
            f"the {theme.group(1)} feedback, {example}," if theme and example != "this"
            else example if example != "this" else "this feedback"
        )  # fmt: skip
        out.append(Item(text=f"How does {about} land with you?", citations=theme_line.citations))
    named: list[Item] = []
    if agenda.wins:
        first = agenda.wins[0]
        praised = _PRAISED.match(first.text)
        win = f"the work {praised.group(1)} praised" if praised else _quoted(first.text)
        if win != "this":
            named.append(Item(text=f"What made {win} possible?", citations=first.citations))
    career = next((g for g in agenda.growth if g.text.startswith(CAREER_LEAD)), None)
    if career is not None:
        named.append(
            Item(
                text=f"On “{NOTE_LABEL.sub('', _quoted(career.text)[1:])}: what would a first step "
                f"be, {name}, and how can I help?",
                citations=career.citations,
            )
        )
    # Carried-forward open questions come before the win and career questions.
    asked = [*out, *carryover.open_question_items(items), *named]
    # A question is put to the report, aloud: it may rest only on what they could read. One
    # quoting a manager-only remark or the manager's private note would read it to them (the
    # mood line is the exception: it states a trend and quotes nothing). The same reading as
    # the visibility marker the item will carry.
    shares = Grounding(context=items)
    return [q for q in asked if q is trend or shares.visibility_of(q, strict=False) == "shared"][:5]


def draft_agenda(items: list[ContextItem], brief: Brief) -> Agenda:
    goals = Goals(items, brief.today)
    clusters = cluster(of_type(items, "feedback"))
    private_note = carryover.private_note_item(items)
    time_off = time_off_item(items, brief.today)
    agenda = Agenda(
        wins=win_items(goals, items, brief),
        goals_at_risk=risk_items(goals, brief),
        action_items=action_items(items, brief),
        feedback_to_discuss=feedback_items(clusters, brief, private_note),
        # Time off coming is the person's plans, next to their career talk.
        growth=[*growth_items(items, clusters, brief), *([time_off] if time_off else [])],
        questions=[],
    )
    agenda.questions = _questions(agenda, items, brief)
    # Ranked across sections once every section is drafted; the lines chosen leave their section.
    skip = [private_note] if private_note is not None else []
    agenda = top_three.open_with_top_three(agenda, items, brief.today, skip=skip)
    # The focus leads; linked evidence goes under the goals and themes it is about.
    agenda.on_focus = focus_items(items, brief)
    return link_agenda(agenda, items, clusters, brief)
