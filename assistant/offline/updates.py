"""What a goal update says is in the way. People write a status update as a judgement ("Off
track."), a figure ("Forecast accuracy: 75% as of Monday."), the obstacle ("Two people out sick
this sprint.") and the next step ("Will re-plan on Tuesday."): the question "what could I
unblock?" is about the obstacle, not the judgement or the figure."""

from __future__ import annotations

import re

from assistant.analysis.text import split_sentences

# Words that say what holds the work up.
_OBSTACLE = re.compile(
    r"\b(?:blocked|blocker|blocking|waiting (?:on|for)|because|due to|out sick|off sick|on leave|"
    r"on call|still (?:sitting )?with|stuck|underestimated|turned up|nobody knew|no one knew|"
    r"pulled (?:onto|into|off)|depends on|dependency|held up|short of|short-staffed|"
    r"understaffed|lost|missing|a mess|broke|broken|delayed|slipped|can't|cannot|until|"
    # time taken by something else, scope that grew
    r"took (?:most|all|half) of|(?:got|was|were|been) added|scope (?:grew|creep))\b",
    re.IGNORECASE,
)
# The next step: not what is in the way.
_PLAN = re.compile(
    r"^\s*(?:next\b|will\b|i'll\b|we'll\b|going to\b|plan(?:ning)? to\b|pulling\b|writing up\b|"
    r"going over\b|to do\b)",
    re.IGNORECASE,
)
# A figure: the key result's number, not a cause.
_FIGURE = re.compile(
    r"\d.*(?:\bas of\b|\bup from\b|\bdown from\b|\bthis week\b|\bnow\b)|"
    r"(?::\s*[$€£]?\d)|\b(?:reads|is at|we're at|latest number)\b",
    re.IGNORECASE,
)


def obstacle(text: str) -> str | None:
    """The sentence of a goal update that names what is in the way, or None when none does."""
    sentences = split_sentences(text)
    for sentence in sentences[1:] if len(sentences) > 1 else sentences:
        if _PLAN.match(sentence) or _FIGURE.search(sentence):
            continue
        if _OBSTACLE.search(sentence):
            return sentence
    return None


__all__ = ["obstacle"]
