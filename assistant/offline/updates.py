"""What a goal update says is in the way, and whether it names a cause. People write a status
update as a judgement ("Off track."), a figure ("Forecast accuracy: 75% as of Monday."), the
obstacle ("Two people out sick this sprint.") and the next step ("Will re-plan on Tuesday."):
the question "what could I unblock?" is about the obstacle, not the judgement or the figure."""

from __future__ import annotations

import re

from assistant.analysis.text import split_sentences

# Words that say what causes the trouble: an update that names one is worth recalling while
# the goal stays stuck, and each is also an obstacle.
_CAUSE = r"because|due to|caused by|root cause|the cause|the reason|turns out|traced|found"
_NAMES_CAUSE = re.compile(rf"\b(?:{_CAUSE})\b", re.IGNORECASE)
# Words that say what holds the work up.
_OBSTACLE = re.compile(
    rf"\b(?:{_CAUSE}|"
    r"blocked|blocker|blocking|waiting (?:on|for)|out sick|off sick|on leave|"
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


def names_cause(text: str) -> bool:
    """True when a goal update says what causes its trouble ("Found why…", "caused by…")."""
    return bool(_NAMES_CAUSE.search(text))


__all__ = ["names_cause", "obstacle"]
