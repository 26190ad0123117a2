"""Sentences that frame a piece of feedback rather than judge anyone: the sign-off ("Hope
that's useful to hear."), the invitation to correct ("Let me know if I've got it wrong."), the
hedge that introduces a proposal ("Something I've been turning over, offered as an idea rather
than a request."). Their warm words are manners, not praise: such a sentence is read as neutral
and is never the quote that carries a claim.

The patterns are ordinary English framing, written from how people close and open written
feedback, not from any corpus the suite measures on (evals/devset is read, never fitted).
"""

from __future__ import annotations

import re

_FRAMES = re.compile(
    r"""^\s*(?:
        (?:i\s+)?hope\s+(?:this|that|it)(?:'s|\s+is|\s+was)?\s+(?:useful|helpful|of\s+use|fair|
            clear|makes\s+sense|helps)
      | (?:hope|glad)\s+(?:this|that|it)\s+helps
      | let\s+me\s+know\s+if\s+(?:i(?:'ve|\s+have|'m|\s+am)?\s+)?(?:got|gotten|misread|missed|
            misunderstood|wrong|off|mistaken)
      | let\s+me\s+know\s+(?:what\s+you\s+think|your\s+thoughts|if\s+(?:this|that|it)\s+
            (?:helps|makes\s+sense|is\s+useful))
      | (?:happy|glad)\s+to\s+(?:talk|chat|discuss|go\s+over|expand|walk\s+through|elaborate)
      | (?:feel\s+free|you're\s+free)\s+to\s+(?:ignore|disagree|push\s+back|discard)
      | take\s+(?:it|this)\s+or\s+leave\s+it
      | (?:just\s+)?my\s+(?:two|2)\s+cents
      | something\s+i(?:'ve|\s+have)\s+been\s+(?:turning\s+over|thinking\s+about|mulling)
      | thanks?\s+(?:you\s+)?for\s+(?:reading|listening)\b
      | (?:that's|that\s+is)\s+all(?:\s+from\s+me)?\b
      | i(?:'ve|\s+have)\s+been\s+meaning\s+to\s+write\s+(?:this|to\s+you|it)
      | (?:a|this\s+is\s+a)\s+long(?:er)?\s+note\b
    )""",
    re.I | re.X,
)
_OFFERED = re.compile(r"\boffered\s+as\s+(?:an?\s+)?(?:idea|suggestion|thought)\b", re.I)
# A frame that goes on to make the point ("One thought: send the agenda a day early.") is a
# claim: what follows the colon or the dash is read.
_GOES_ON = re.compile(r"[:\u2014\u2013]\s*\S+(?:\s+\S+){2,}|\s-\s\S+(?:\s+\S+){2,}")


# Background announced as such ("Some background first: the project had been drifting…") sets
# the scene; what it goes on to say is about the situation, not about the person.
_BACKGROUND = re.compile(
    r"^\s*(?:(?:some|a\s+bit\s+of|a\s+little)\s+)?(?:background|context)(?:\s+first)?\s*[:\u2014\u2013]",
    re.I,
)


def is_frame(sentence: str) -> bool:
    """True when ``sentence`` only frames the feedback (see the module's docstring)."""
    if _BACKGROUND.match(sentence):
        return True
    if _GOES_ON.search(sentence):
        return False
    return bool(_FRAMES.match(sentence) or _OFFERED.search(sentence))


# A hedge that opens the sentence carrying the claim, up to where the claim starts: ", but",
# a colon or a dash ("I might be wrong about how much it took, but you wrote tests for…",
# "Possibly useful, possibly not: ask the people who…"). Quoted from its start, a short quote
# held only the hedge.
_HEDGE_LEAD = re.compile(
    r"""^\s*(?:
        (?:i\s+)?(?:might|may|could)\s+be\s+(?:wrong|off|mistaken|missing\s+something)
      | (?:it\s+)?(?:might|may|could)\s+(?:just\s+)?be\s+me
      | maybe\s+(?:it's|it\s+is)\s+just\s+me
      | not\s+sure
      | possibly\s+useful,\s+possibly\s+not
      | for\s+what\s+(?:it's|it\s+is)\s+worth | fwiw
      | (?:just\s+)?(?:a|one)\s+(?:small\s+|quick\s+)?(?:thought|idea|suggestion)
      | idea | suggestion | small\s+thing
      | something\s+i(?:'ve|\s+have)\s+been\s+(?:turning\s+over|thinking\s+about|mulling)
      | take\s+(?:it|this)\s+or\s+leave\s+it
      | (?:this\s+)?(?:may|might)\s+be\s+nothing
      | feel\s+free\s+to\s+ignore(?:\s+this)?
      | [^:,.]{0,60}?\blong\s+time\s+to\s+sum\s+up\b[^:]{0,80}?
      | (?:so\s+)?i(?:'ll|\s+will)\s+start\s+with\s+what[^:]{0,60}?
    )[^:\u2014\u2013]{0,100}?(?:,\s*but\s+|:\s+|\s[\u2014\u2013-]\s+)""",
    re.I | re.X,
)
_CLAIM_WORDS = 3  # what follows the hedge must be a claim, not "but fine"


def claim_start(sentence: str) -> int:
    """Where the claim of ``sentence`` starts: after an opening hedge, else 0."""
    found = _HEDGE_LEAD.match(sentence)
    if found is None or len(sentence[found.end() :].split()) < _CLAIM_WORDS:
        return 0
    return found.end()


__all__ = ["claim_start", "is_frame"]
