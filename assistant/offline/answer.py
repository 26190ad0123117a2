"""The offline answer to a question: the most relevant records, quoted and cited, by date.

The records arrive as evidence already (assistant/tasks/ask.py kept only those relevant enough,
most relevant first). The answer takes the best few, puts them in date order and says for each
what kind of record it is, who wrote it, when, and the sentence that speaks to the question.
No evidence gives the honest answer: nothing on record.
"""

from __future__ import annotations

import datetime as dt

from assistant.grounding import looks_like_instruction
from assistant.offline.facts import day, fmt_num, split_sentences
from assistant.record_facts import (
    ActionItemFacts,
    CheckInFacts,
    FeedbackFacts,
    GoalFacts,
    GoalUpdateFacts,
    KeyResultFacts,
    facts_of,
)
from assistant.tasks.brief import Brief
from assistant.tasks.relevance import Topic, sentence_score
from assistant.tasks.schemas import Answer, Item
from retrieval.types import ContextItem

MAX_ANSWERS = 5
QUOTE_WORDS = 30
OMITTED = "[text omitted: it reads like instructions to an AI]"


def _quote(item: ContextItem, about: Topic) -> str:
    """The sentence that speaks most to the topic (the earliest on a tie), never one from a
    record that addresses an AI: such a record is cited, not quoted."""
    text = item.text
    if item.record_type == "goal":  # title, then description: the title is in the lead already
        text = text.partition("\n")[2]
    # Lines are sentences too (notes are bullet lists; a goal's description follows its title).
    parts = [s for line in text.splitlines() for s in split_sentences(line)]
    if not parts:
        return ""
    if any(looks_like_instruction(s) for s in parts):
        return OMITTED
    best = max(range(len(parts)), key=lambda i: (sentence_score(parts[i], about), -i))
    words = " ".join(parts[best].split()).split(" ")
    text = " ".join(words[:QUOTE_WORDS]) + ("…" if len(words) > QUOTE_WORDS else "")
    # The sentence's own full stop goes: the answer's sentence ends after the closing quote.
    return text.strip().lstrip("-•* ").rstrip(".")


def _who(name: str | None, brief: Brief) -> str:
    return "you" if name == brief.requester_name else str(name or "someone")


def _lead(item: ContextItem, brief: Brief) -> str:
    rtype = item.record_type
    if rtype == "feedback":
        feedback = facts_of(item, FeedbackFacts)
        kind = feedback.get("kind") or "feedback"
        noun = "feedback" if kind in ("feedback", "review") else f"{kind} feedback"
        if kind == "review":
            noun = "a review"
        receiver = _who(feedback.get("receiver"), brief)
        return f"{_who(feedback.get('giver'), brief)} gave {receiver} {noun}"
    if rtype == "goal_update":
        update = facts_of(item, GoalUpdateFacts)
        state = (update.get("status") or "").replace("_", " ")
        return f"an update on the goal “{update.get('goal') or ''}” ({state}{_pct(update)})"
    if rtype == "goal":
        goal = facts_of(item, GoalFacts)
        state = (goal.get("status") or "").replace("_", " ")
        return f"the goal “{goal.get('title') or ''}” ({state}{_pct(goal)})"
    if rtype == "key_result":
        return f"a key result of the goal “{facts_of(item, KeyResultFacts).get('goal') or ''}”"
    if rtype == "checkin":
        notes = facts_of(item, CheckInFacts)
        if notes.get("part") == "private":
            return f"{_who(notes.get('manager'), brief)} noted privately after a 1:1"
        emp, mgr = _who(notes.get("employee"), brief), _who(notes.get("manager"), brief)
        return f"in the 1:1 of {emp} with {mgr}"
    if rtype == "action_item":
        action = facts_of(item, ActionItemFacts)
        state = action.get("status") or ""
        due = action.get("due_date")
        extra = f", due {due}" if due else ""
        return f"an action item for {_who(action.get('owner'), brief)} ({state}{extra})"
    return "a record"


def _pct(facts: GoalFacts | GoalUpdateFacts) -> str:
    pct = facts.get("progress")
    return f", {fmt_num(pct)}%" if pct is not None else ""


def sentence(item: ContextItem, brief: Brief, about: Topic) -> str:
    """One cited record as a sentence: when, what kind, who, and its words on the topic."""
    quote = _quote(item, about)
    said = f": “{quote}”" if quote and quote != OMITTED else f" {OMITTED}" if quote else ""
    return f"On {day(item.date)}, {_lead(item, brief)}{said}."


def draft_answer(items: list[ContextItem], brief: Brief) -> Answer:
    about = Topic(brief.topic, ())
    chosen = sorted(items[:MAX_ANSWERS], key=lambda i: (i.date or dt.date.min, i.citation))
    seen: set[str] = set()
    answer: list[Item] = []
    for item in chosen:
        part = facts_of(item, CheckInFacts).get("part") if item.record_type == "checkin" else None
        key = f"{item.citation}:{part or ''}"
        if key in seen:
            continue
        seen.add(key)
        answer.append(Item(text=sentence(item, brief, about), citations=[item.citation]))
    return Answer(question=brief.question, answer=answer, nothing_on_record=not answer)
