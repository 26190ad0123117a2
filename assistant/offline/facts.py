"""Reading ContextItems the way the offline drafter needs: dates, titles, short readable text.

A record's facts are read typed, per kind, through :mod:`assistant.record_facts`
(``facts_of(goal, GoalFacts).get("progress")`` is an int); these helpers add what several drafts
share.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from assistant.grounding import looks_like_instruction
from assistant.record_facts import FeedbackFacts, GoalFacts, GoalUpdateFacts, facts_of
from assistant.tasks.brief import Brief
from retrieval.types import ContextItem

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_STATUS_LEAD = re.compile(r"^(?:off track|at risk|on track|blocked|needs a decision)[.:!]\s+", re.I)


def as_date(value: str | None) -> dt.date | None:
    """An ISO date fact as a date (None when missing or not a date)."""
    if value:
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def fmt_num(value: float) -> str:
    """12.0 → "12", 12.5 → "12.5": the way the records print numbers."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def title(item: ContextItem) -> str:
    """A goal's title; for any other record (a key result) its first sentence."""
    named = facts_of(item, GoalFacts).get("title") if item.record_type == "goal" else None
    return named or first_sentence(item.text, 12)


def split_sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(text.strip()) if s.strip()]


def first_sentence(text: str, max_words: int = 24) -> str:
    """The first sentence of ``text`` that is not addressed to an AI (planted instructions are
    never quoted back), cut at ``max_words`` words with an ellipsis."""
    sentences = split_sentences(text)
    if any(looks_like_instruction(s) for s in sentences):
        # One sentence aimed at an AI makes the whole record suspect: quote none of it.
        return "[text omitted: it reads like instructions to an AI]"
    safe = sentences
    sentence = safe[0] if safe else ""
    if len(sentence.split()) < 5 and len(safe) > 1:  # "Off track." says little on its own
        sentence = f"{sentence} {safe[1]}"
    words = sentence.split()
    if len(words) > max_words:
        return " ".join(words[:max_words]).rstrip(",;:") + "…"
    return sentence.rstrip()


def clause(text: str, max_words: int = 18) -> str:
    """A first sentence fit to embed mid-sentence: no final full stop, lower-case start
    unless it starts with a name or acronym."""
    sentence = first_sentence(text, max_words).rstrip(".!").lstrip("-•* ")
    if len(sentence) > 1 and sentence[0].isupper() and sentence[1].islower():
        word = sentence.split()[0]
        if word in {"I", "We", "The", "This", "That", "It", "Our", "My", "Your", "Great"}:
            sentence = sentence[0].lower() + sentence[1:] if word != "I" else sentence
    return sentence


def short(text: str, max_words: int = 10) -> str:
    """A few words of ``text`` to say out loud, cut with an ellipsis."""
    # A lead-in before a colon ("Kudos:", "A thought after the review:") or a status word
    # ("Off track.") is not what was said.
    text = _STATUS_LEAD.sub("", text.strip())
    head, colon, rest = text.partition(": ")
    if colon and len(head.split()) <= 6 and len(rest.split()) >= 4:
        text = rest
    return clause(text, max_words).rstrip(",;:—- ")


def day(value: dt.date | None) -> str:
    return value.isoformat() if value else "an unknown date"


def cites(*groups: Iterable[ContextItem] | ContextItem) -> list[str]:
    """Citation ids, de-duplicated, in first-seen order."""
    seen: dict[str, None] = {}
    for group in groups:
        for item in [group] if isinstance(group, ContextItem) else group:
            seen.setdefault(item.citation, None)
    return list(seen)


def of_type(items: Iterable[ContextItem], *record_types: str) -> list[ContextItem]:
    return [i for i in items if i.record_type in record_types]


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word if count == 1 else (many or word + 's')}"


def giver(item: ContextItem, brief: Brief) -> str:
    """Who gave a piece of feedback or wrote an update, by name ("A colleague" when unknown)."""
    if item.author_id is not None and item.author_id in brief.names:
        return brief.names[item.author_id]
    named: str | None = None
    if item.record_type == "feedback":
        named = facts_of(item, FeedbackFacts).get("giver")
    elif item.record_type == "goal_update":
        named = facts_of(item, GoalUpdateFacts).get("author")
    return named or "A colleague"
