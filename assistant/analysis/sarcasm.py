"""Sarcasm: cheerful words over a complaint. The words say "great", the sentence means "this has
to change", so a lexicon (and a bag of word vectors) reads it backwards.

Markers that can be stated as rules, each written from how people write sarcastic feedback, not
from any labelled set:

- a bright opener over bad news or a bare fact ("Great, another missed deadline", "Love how the
  deploy broke again"): ``OPENER`` with ``MARKERS`` (polarity.py decides what the rest says);
- sarcasm that needs no opener (``ALONE``): "another week, another rewrite", "if by teamwork you
  mean ...", praise taken back ("..., said no one ever"), lateness thanked ("nice of you to
  finally ..."), a risk called bold ("Bold choice, ..."), a failure recommended ("because that
  always works"), thanks for nothing, a failure called a surprise ("What a surprise, ..."), and
  sarcasm's idioms ("nothing says teamwork like ...", "who needs tests anyway", "what could
  possibly go wrong", "must be nice to ...", "good thing someone checked");
- scare quotes around a word of ease, progress or quality, or around a promised time
  (``SCARE_QUOTES``: her 'quick' fix, the "almost ready" demo, the report 'by Friday'), unless
  someone is credited as calling it that ("the client called it 'flawless'") or the promise was
  kept;
- a habit named over a problem (``HABITUAL``: "late, as usual", "the build broke, as always"):
  the habit is the complaint, whatever praise word the sentence also has.

A bare cheerful verdict in a sentence of its own ("Great.", "Very helpful.": ``BRIGHT_VERDICT``)
is sarcasm after a complaint and thanks after anything else; reading.py reads it with the
sentence before it.
"""

from __future__ import annotations

import re

WEIGHT = -3.0

OPENER = re.compile(
    r"^\s*(?:(?:oh|ah),?\s+yes\b\s*(?:,|!|\.|-|–|—)|(?:oh,?\s+)?(?:great|wonderful|fantastic"
    r"|brilliant|lovely|perfect|nice|awesome|wow|super|amazing|love|thanks|cool|good|sure|yay)\b\s*"
    r"(?:,|!|\.|-|–|—"
    r"|\s+(?:another|again|that|how|when)))",
    re.I,
)
MARKERS = re.compile(
    r"(?<![\w-])(?:yet again|as usual|as always|of course|who knew|what a surprise|shocker"
    r"|shocking|thanks for nothing|can't wait|really looking forward|looking forward to"
    r"|progress\.|only \w+ (?:typos|errors|mistakes|days|hours|weeks|complaints)|(?:yet )?another"
    r"|truly inspiring|a masterclass in|heroic(?:ally)?|another \w+(?: \w+)?, another"
    r"|if by \w+ you mean)(?![\w-])",
    re.I,
)
ALONE = re.compile(
    r"^\s*another \w+(?: \w+)?, another\b|(?<![\w-])if by \w+(?: \w+)? you mean\b"
    r"|(?<![\w-])said (?:no ?one|nobody)(?: ever)?\b"
    r"|(?<![\w-])(?:nice|good|kind|decent|sweet) of (?:you|him|her|them) to (?:finally|actually"
    r"|eventually|bother)\b"
    r"|^\s*(?:a |what a |real(?:ly)? )?bold (?:move|choice|call|decision|strategy)\s*[,:\-–—]"
    r"|(?<![\w-])because (?:that|this|it) (?:always works|worked so well|went so well"
    r"|always goes (?:so )?well|never goes wrong)\b"
    r"|(?<![\w-])thanks (?:a lot |so much )?for nothing\b"
    # Idioms of sarcasm: "nothing says teamwork like ...", "who needs tests anyway", "what could
    # possibly go wrong", "must be nice to leave at three", "good thing someone checked".
    r"|(?<![\w-])nothing says [\w'-]+(?: [\w'-]+)? like\b"
    r"|(?<![\w-])(?:because |after all,? )?who needs [\w'-]+(?: [\w'-]+)?(?: anyway| really|\?)"
    r"|(?<![\w-])what could (?:possibly )?go wrong\b"
    r"|(?<![\w-])must be nice (?:to|being)\b"
    r"|(?<![\w-])good thing (?:someone|somebody|one of us|the rest of us|we|i) (?:checked"
    r"|noticed|caught|read|double-checked|was there|stayed)\b"
    # A failure announced as a surprise: "What a surprise, the figures were wrong again."
    r"|^\s*(?:oh,?\s+)?(?:what a (?:surprise|shock|shocker)|surprise,? surprise|shocker|who knew)"
    r"\s*[,:.!\-–—]",
    re.I,
)

# A word of ease, progress or quality in scare quotes: the writer doubts it. A short quote only
# (a longer one is a real quotation), and not when someone is credited as calling it that.
_SCARE_WORDS = (
    r"(?:quick|quickly|simple|small|easy|minor|tiny|temporary|tested|done|finished|fixed|ready"
    r"|urgent|helpful|help|priority|optional|improvements?|improved|updates?|plan|planning"
    r"|process|feedback|team player|teamwork|collaboration|documentation|handover|working"
    r"|(?:almost|nearly|basically|mostly|practically) (?:ready|done|finished|there|working)"
    r"|in progress|on track|(?:quick|simple|small|minor|tiny) (?:fix|change|tweak|job|task"
    r"|question|update)"
    # A promised time: "the report 'by Friday'", "'five minutes' to fix".
    r"|by (?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|tomorrow|tonight|the weekend|lunch|noon"
    r"|end of (?:day|week|play)|eod|eow)|tomorrow|soon|shortly|next week|asap|on (?:its|the) way"
    r"|(?:five|two|ten) minutes|a minute|one more day)"
)
SCARE_QUOTES = re.compile(
    rf"(?:(?<=\s)|^)['‘\"“]{_SCARE_WORDS}['’\"”](?=[\s,.;:!?)\-–—]|$)",
    re.I,
)
_CALLED = re.compile(
    r"(?<![\w-])(?:called|calls|call|described|describes|praised|rated|voted|named|nicknamed"
    r"|thanked|in (?:her|his|their|the \w+'s) words)(?: (?:it|him|her|them|us|this|that))?"
    r"(?: as)?\s*$",
    re.I,
)


# A quoted promise that was kept is a quotation, not doubt: 'said "tomorrow" and sent it as
# promised'.
_KEPT = re.compile(
    r"(?<![\w-])(?:as promised|as (?:she|he|they) said|kept (?:her|his|their) word|and (?:she |he"
    r" |they )?did|right on time|bang on time)(?![\w-])",
    re.I,
)


def scare_quoted(text: str) -> bool:
    """A word of ease or progress in scare quotes, not credited to someone who called it that."""
    if _KEPT.search(text):
        return False
    return any(not _CALLED.search(text[: m.start()]) for m in SCARE_QUOTES.finditer(text))


# A habit named over a problem: "late, as usual", "the build broke, as always".
HABITUAL = re.compile(
    r"(?<![\w-])(?:as usual|as always|like always|yet again|once again|same as always"
    r"|as per usual)(?![\w-])",
    re.I,
)

# A bare cheerful verdict, a sentence of its own: "Great.", "Very helpful.", "Just brilliant!".
BRIGHT_VERDICT = re.compile(
    r"^\s*(?:(?:very|so|just|really|truly|how|absolutely|simply)\s+)?(?:great|brilliant|lovely"
    r"|perfect|fantastic|wonderful|helpful|productive|useful|nice|amazing|super|classic|awesome"
    r"|excellent|impressive|inspiring|smooth|efficient|cool|good|progress|thanks|thank you"
    r"|well done|love it)\s*[.!]*\s*$",
    re.I,
)
