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
    )""",
    re.I | re.X,
)
_OFFERED = re.compile(r"\boffered\s+as\s+(?:an?\s+)?(?:idea|suggestion|thought)\b", re.I)
# A frame that goes on to make the point ("One thought: send the agenda a day early.") is a
# claim: what follows the colon or the dash is read.
_GOES_ON = re.compile(r"[:\u2014\u2013]\s*\S+(?:\s+\S+){2,}|\s-\s\S+(?:\s+\S+){2,}")


def is_frame(sentence: str) -> bool:
    """True when ``sentence`` only frames the feedback (see the module's docstring)."""
    if _GOES_ON.search(sentence):
        return False
    return bool(_FRAMES.match(sentence) or _OFFERED.search(sentence))


__all__ = ["is_frame"]
