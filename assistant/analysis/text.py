"""Cutting feedback into sentences, and a sentence into the two claims of a contrast.

A reviewer who writes "good at X, but Y" makes the point of Y; one who writes "although X, Y"
makes the point of the main clause Y; "X, although Y" concedes Y and makes the point of X. The
clause that carries the point is the *dominant* one; the other is kept so a reader can show both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A sentence ends at . ! ? or a line break, but not inside "e.g." / "i.e." / "Dr." or a number.
_SENTENCE_END = re.compile(
    r"(?<!\be\.g)(?<!\bi\.e)(?<!\bDr)(?<!\bMr)(?<!\bMs)(?<!\bvs)(?<=[.!?])\s+(?=[\"'(A-Z0-9])"
    r"|\s*\n+\s*[-*•]?\s*"
)

# Markers after which the writer makes the point ("..., but the code needs another pass").
_TURN = re.compile(
    r"(?:(?:,|;|:|\s[-–—])?\s+(?:but|however|that said|having said that|even so|the only thing"
    r"(?: I'd| I would)? (?:raise|say|add|mention)|my only (?:ask|concern|note)|only thing is"
    r"|except that|on the other hand|unfortunately|sadly)"
    r"|(?:,|;|\s[-–—])\s+(?:though|yet))\b,?\s*",
    re.I,
)
# Markers of a concession: the clause they open is the minor claim.
_CONCEDE_LEAD = re.compile(
    r"^\s*(?:although|though|even though|while|whilst|despite|in spite of|aside from|apart from)"
    r"\b\s*",
    re.I,
)
_CONCEDE_TAIL = re.compile(
    r"(?:,|;|\s[-–—])\s+(?:although|even though|even if|while|whilst|albeit|despite)\b\s*",
    re.I,
)


@dataclass(frozen=True)
class Clauses:
    """The dominant claim of a sentence and, for a contrast, the minor one."""

    dominant: str
    minor: str | None = None


def split_sentences(text: str) -> list[str]:
    """Sentences of ``text`` (bullet points count as sentences), stripped, non-empty."""
    parts = _SENTENCE_END.split(text.strip())
    return [p.strip(" -*•\t") for p in parts if p and p.strip(" -*•\t")]


def _clean(part: str) -> str:
    return part.strip(" ,;:-–—\t")


def contrast(sentence: str) -> Clauses:
    """Split ``sentence`` on its contrast, if it has one; the point is the dominant clause."""
    lead = _CONCEDE_LEAD.match(sentence)
    if lead:
        rest = sentence[lead.end() :]
        # "Although X, Y": the comma ends the concession; Y is the point.
        head, sep, tail = rest.partition(",")
        if sep and _clean(tail):
            tail_parts = _TURN.split(tail, maxsplit=1)
            if len(tail_parts) == 2 and _clean(tail_parts[1]):
                # "Although X, Y, but Z": Z is still the point.
                return Clauses(_clean(tail_parts[1]), _clean(tail_parts[0]))
            return Clauses(_clean(tail), _clean(head))
    turn = list(_TURN.finditer(sentence))
    if turn:
        last = turn[-1]
        before, after = _clean(sentence[: last.start()]), _clean(sentence[last.end() :])
        if before and after and len(after.split()) >= 2:
            return Clauses(after, before)
    concession = _CONCEDE_TAIL.search(sentence)
    if concession:
        before = _clean(sentence[: concession.start()])
        after = _clean(sentence[concession.end() :])
        if before and after:
            return Clauses(before, after)
    return Clauses(sentence.strip())
