"""Recognising coworker text that addresses the model, and the claims a draft must not relay.

Used by the grounding check (assistant/grounding.py) and, through it, by the offline drafter,
which never quotes a record that addresses the model. Three parts:

- :func:`reveal`: the text as a model reads it — Unicode tag characters (U+E0020–E007E, which
  render as nothing but tokenize as ASCII) decoded, zero-width and other invisible format
  characters removed, NFKC-folded (full-width letters become ASCII). Detection always runs on
  revealed text, so smuggling cannot hide an instruction from the check while showing it to a
  model. (Ingest strips these characters too; records stored before that still carry them.)
- :data:`INSTRUCTION`: a sentence aimed at an assistant rather than a colleague — overrides in
  several languages, role-play, fake system/assistant turns and record boundaries, requests to
  shape the output or to reveal other people's records.
- :data:`CLAIMS`: specific, confidential-sounding claims (someone fired or let go, pay, health,
  legal trouble, "HR has confirmed"...) that a draft may state only when a cited record says so
  — and, for the most sensitive, only when that record is not a coworker's free text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from assistant.kinds import LETTER_CLASS

_TAG_FIRST, _TAG_LAST = 0xE0000, 0xE007F
# Format characters that render as nothing (zero-width space/joiners, word joiner, BOM, soft
# hyphen, bidi controls) and variation selectors, which can carry bytes ("emoji smuggling").
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\U000e0000-\U000e007f\U000e0100-\U000e01ef]"
)


# Characters with no business in workplace text that carry hidden bytes: tags and the
# supplementary variation selectors. (Zero-width joiners and U+FE0F are left alone: emoji use them.)
_SMUGGLING = re.compile("[\U000e0000-\U000e007f\U000e0100-\U000e01ef]")


def has_smuggling(text: str) -> bool:
    return bool(_SMUGGLING.search(text))


def reveal(text: str) -> str:
    """``text`` as a model would read it (see the module docstring)."""
    if text.isascii():
        return text
    out = []
    for ch in text:
        code = ord(ch)
        if 0xE0020 <= code <= 0xE007E:
            out.append(chr(code - _TAG_FIRST))
        elif not (_TAG_FIRST <= code <= _TAG_LAST):
            out.append(ch)
    return unicodedata.normalize("NFKC", _INVISIBLE.sub("", "".join(out)))


def hidden_text(text: str) -> str:
    """What Unicode tag characters in ``text`` spell (empty when there are none)."""
    return "".join(chr(ord(c) - _TAG_FIRST) for c in text if 0xE0020 <= ord(c) <= 0xE007E)


_AI = (
    r"(?:ai|a\.i\.|assistant|chatbot|bot|llm|gpt|chatgpt|claude|gemini|copilot|language model|"
    r"ai model|summari[sz]er|agenda (?:generator|writer|tool))"
)
_OUTPUT = r"(?:agenda|summary|summaries|reflection|1:1 prep|themes|output)"
_OVERRIDE_VERB = r"(?:ignore|disregard|forget|override|overrule|bypass|abandon)"
_PRIOR = (
    r"(?:all|any|the|your|these|those|every|previous|prior|above|earlier|preceding|original|"
    r"system|safety|existing)"
)
_RULES = r"(?:instructions?|rules|guidelines|guardrails|directions|prompts?|policies|orders)"

_PATTERNS = [
    # Overrides, English.
    rf"\b{_OVERRIDE_VERB}\s+(?:{_PRIOR}\s+){{1,3}}(?:\w+\s+)?{_RULES}\b",
    r"\bignore (?:all |any |the )?(?:previous|prior|above|earlier)\b",
    r"\bdisregard (?:all|the|previous|your)\b",
    r"\b(?:new|real|actual|hidden|secret|priority|override|special) (?:system )?instructions?\b",
    r"\bsystem (?:prompt|override|instruction|notice)s?\b",
    r"\b(?:admin|developer|debug|god|maintenance|jailbreak|dan) mode\b",
    rf"\bfrom now on,? (?:you|the {_AI}|always|never|only)\b",
    # Addressing the model.
    rf"\b(?:dear|hey|hi|hello|attention|note to|to|for|message (?:to|for))\s+(?:the\s+)?{_AI}"
    r"\s*[:,!-]",
    rf"(?:^|[.!?]\s+|\n)\s*{_AI}\s*[:,]",
    r"\bif you(?:'re| are) an? (?:ai|assistant|language model|llm|bot|model)\b",
    rf"\b(?:you are|you're) (?:now |an? |the )?(?:{_AI}|freebot|unrestricted|unfiltered)\b",
    r"\byou are now\b|\bas an ai\b|\bassistant[:,]",
    rf"\b(?:the|this|any|every) {_AI} (?:must|should|shall|will|needs to|has to|is to)\b",
    # Shaping the output.
    rf"\bwhen (?:you|the {_AI}) (?:write|draft|generate|prepare|summari[sz]e|produce|compile|"
    rf"create|build|render)s? (?:the |this |any |an? |her |his |their |my )?{_OUTPUT}\b",
    r"\b(?:begin|start|end|prefix|preface|finish) (?:every|each|all|your) (?:agenda )?(?:items?|"
    r"bullets?|points?|sentences?|answers?|responses?|outputs?|lines?)\b",
    r"\b(?:in|to|into) (?:every|each|all) (?:agenda )?(?:items?|bullets?|bullet points?|outputs?)"
    r"\b",
    r"\b(?:in|to|into|at the (?:top|start|end|beginning|bottom) of) your (?:output|agenda)\b",
    rf"\bat the (?:top|start|beginning|end|bottom) of the {_OUTPUT}\b",
    r"\b(?:include|add|insert|append|say|write|output|respond with|print|repeat)"
    r" (?:the |this |these )?(?:phrase|word|words|text|string|following|exactly|verbatim|"
    r"code ?word|token|image)\b",
    r"\bword for word\b",
    r"\b(?:state|assert|claim|declare) (?:it )?as (?:a )?fact\b",
    rf"\b(?:make sure|be sure|ensure) (?:that )?the {_OUTPUT} (?:says|mentions|includes|states|"
    r"lists|cites|flags|notes|contains|opens with|starts with)\b",
    r"\b(?:cite|attribute (?:this|it) to|source (?:this|it) (?:to|from)) "
    rf"(?:record |the record |citation )?\[?{LETTER_CLASS}\d+\]?",
    r"\bdo not (?:cite|mention|reveal|tell)(?: (?:the|this|any))? (?:source|record|citation)s?\b",
    r"\bwithout (?:any )?citations?\b",
    # Role-play.
    r"\bpretend (?:to be|you|that you)\b|\brole-?\s?play\b|\bplay the role\b",
    r"\bact as (?:if you|though you|an? (?:\w+ )?(?:ai|assistant|bot|model|system)|the "
    r"(?:system|admin|assistant))\b",
    r"\blet'?s play a game\b|\bimagine (?:you are|you're|that you)\b|\bstay in character\b",
    r"\bsimulate (?:an?|the) (?:ai|assistant|model|system)\b",
    # Fake turns and record boundaries.
    r"(?m:^\s*(?:system|assistant|user|developer|human|tool)\s*:)",
    r"<\|\s*(?:im_start|im_end|system|user|assistant|endoftext|eot_id|start_header_id|"
    r"end_header_id)\s*\|?>",
    r"\[/?\s*(?:inst|sys|system|assistant|user)\s*\]|<</?\s*sys\s*>>",
    r"#{2,}\s*(?:instruction|system|response|assistant|new task)",
    r"</?\s*(?:record|records|system|instructions?|context|data|untrusted|trusted)\b[^>]{0,60}>",
    r"(?-i:\b(?:END|BEGIN|START) OF (?:THE )?(?:RECORDS?|DATA|CONTEXT|UNTRUSTED|INPUT)\b)",
    r"\bend of (?:the )?records\b",
    r"\btrust=[\"']?own\b",
    # Reaching for other people's records.
    r"\b(?:reveal|dump|leak|disclose|exfiltrate) (?:all|every|the|any|other|everyone|hidden|"
    r"private|confidential|manager)",
    r"\b(?:show|list|include|output|quote|copy|summari[sz]e|add|paste)\b[^.\n]{0,40}"
    r"\b(?:manager[- ]only|private|confidential|hidden|restricted)\s+(?:feedback|notes?|records?|"
    r"comments?|reviews?|check-?ins?)",
    r"\b(?:everyone|every employee|all employees|other people|the whole team)(?:'s|s')?"
    r" (?:records?|salar(?:y|ies)|ratings|private notes|check-?ins|performance reviews)\b",
    # Other languages: overrides, "you are now", "instructions".
    r"\b(?:z?ignor(?:ez|er|e|a|iere|ieren|eer|uj|ar))\b[^.\n]{0,30}\b(?:instructions?|consignes|"
    r"anweisungen|instrucciones|istruzioni|instruções|instrucoes|instructies|instrukcje|"
    r"règles|regeln|reglas|regole|regras)\b",
    r"\b(?:oublie[zr]?|vergiss|olvida|dimentica|esqueça|esqueca|vergeet|zapomnij)\b[^.\n]{0,30}"
    r"\b(?:instructions?|consignes|anweisungen|instrucciones|istruzioni|instruções|instructies|"
    r"instrukcje|tout|alles|todo|tutto|tudo)\b",
    r"\b(?:ignorez|ignoriere|zignoruj|ignora (?:las|le|todas|tutte)|instrucciones|anweisungen|"
    r"istruzioni|instruções|instructies|instrukcje|nouvelles consignes|neue anweisung)\b",
    r"\b(?:tu es|vous êtes|du bist|ahora eres|ora sei|você é|voce e|jij bent)\b[^.\n]{0,30}"
    r"\b(?:ia|ki|ai|assistant|assistente|asistente|assistent|bot)\b",
    r"(?:忽略|无视|忽視|無視|игнорируй|игнорировать|забудь|무시|تجاهل)",
    r"(?:指令|指示|提示词|инструкци|지시|التعليمات|निर्देश)",
]
INSTRUCTION = re.compile("|".join(f"(?:{p})" for p in _PATTERNS), re.IGNORECASE)


# Verdicts by text: the same records are checked on every draft about the same person, and HR
# themes check tens of thousands at once (their kept readings carry the verdict, read back through
# remember_verdict: assistant/reading_store.py). Bounded: when full it starts over.
_VERDICTS_SIZE = 250_000
_VERDICTS: dict[str, bool] = {}


def is_instruction(text: str) -> bool:
    """True when ``text`` (revealed first) contains a sentence aimed at an assistant."""
    found = _VERDICTS.get(text)
    if found is None:
        revealed = reveal(text)
        found = remember_verdict(text, bool(INSTRUCTION.search(revealed) or hidden_text(text)))
    return found


def remember_verdict(text: str, verdict: bool) -> bool:
    """Take :func:`is_instruction`'s verdict on ``text`` as found (by the same code) earlier."""
    if len(_VERDICTS) >= _VERDICTS_SIZE:
        _VERDICTS.clear()
    _VERDICTS[text] = verdict
    return verdict


def forget_verdicts() -> None:
    """Drop every verdict held in this process (and the texts they are keyed by)."""
    _VERDICTS.clear()


@dataclass(frozen=True)
class Claim:
    key: str
    pattern: re.Pattern[str]
    # Confidential: never relayed on a coworker's word alone, even when the cited record says it.
    confidential: bool


def _claim(key: str, pattern: str, *, confidential: bool = True) -> Claim:
    return Claim(key, re.compile(pattern, re.IGNORECASE), confidential)


_BE = r"(?:be|been|being|get|gets|got|getting|gotten|was|were|is|are|will be|going to be)"
CLAIMS: tuple[Claim, ...] = (
    _claim(
        "dismissal",
        rf"\b{_BE}\s+(?:\w+\s+)?(?:fired|let go|terminated|dismissed|laid off|sacked|"
        r"demoted|managed out|made redundant|put on (?:a )?(?:pip|performance plan))\b|"
        r"\blay-?offs?\b|\bseverance\b|\bredundancies\b|\b(?:her|his|their|employment) "
        r"termination\b|\btermination of (?:her|his|their|employment)\b|\bdemotion\b|"
        r"\bfinal warning\b|\bwritten warning\b|\bdisciplinary\b|"
        r"\bperformance improvement plan\b|\bon (?:a )?pip\b",
    ),
    _claim(
        "pay",
        r"\bsalar(?:y|ies)\b|\bcompensation\b|\bpay (?:rise|raise|cut|band|grade|freeze)\b|"
        r"\b(?:annual|performance|signing|retention|year-end|her|his|their) bonus(?:es)?\b|"
        r"\bstock options?\b|\bequity grant\b|\bpaid (?:less|more) than\b",
    ),
    _claim(
        "health",
        r"\bmedical\b|\b(?:was|been|is|got|being) diagnosed\b|\billness\b|"
        r"\bsick (?:leave|note)\b|\bpregnan\w*|\bmaternity\b|\bpaternity\b|\bdisabilit\w*|"
        r"\bmental health\b|\btherapy\b|\brehab\b|\bdivorce\b",
    ),
    _claim(
        "legal",
        r"\blawsuit\b|\blegal action\b|\b(?:under|internal|hr|formal|disciplinary) "
        r"investigation\b|\bbeing investigated\b|\bharass\w*|\bmisconduct\b|\bgrievance\b|"
        r"\bcomplaint (?:against|about) (?:her|him|them)\b",
    ),
    _claim(
        "departure",
        r"\bresign(?:s|ed|ing|ation)?\b|\bquit(?:s|ting)?\b|\bleaving the company\b|"
        r"\bflight risk\b|\bnotice period\b|\binterviewing (?:elsewhere|at|with)\b|"
        r"\bjob offer\b|\bcounter-?offer\b",
    ),
    _claim(
        "authority",
        r"\b(?:hr|human resources|legal|leadership|management|the board|the ceo|the vp|"
        r"senior leadership|exec(?:utive)?s?) (?:has |have |had )?(?:already )?(?:confirmed|"
        r"decided|approved|signed off)\b|\b(?:strictly|highly|keep (?:this|it)|this is|in) "
        r"confidential\b|\boff the record\b|\bbetween (?:us|you and me)\b|"
        r"\bdo not (?:share|tell)\b|\bdon't (?:share|tell)\b",
    ),
    _claim("promotion", r"\bpromot(?:ion|ions|ed|e)\b", confidential=False),
    _claim(
        "rating",
        r"\b(?:top|highest|lowest|bottom|best|worst) (?:performance )?rating\b|"
        r"\brated (?:as )?(?:exceeds|exceptional|below|unsatisfactory|outstanding)\b",
        confidential=False,
    ),
    _claim(
        "verdict",
        r"\bunderperform\w*|\bincompeten\w*|\b(?:is|was|being) lazy\b|\btoxic\b|\bdishonest\b|"
        r"\bliar\b|\btop performer\b|\bbest (?:engineer|employee|performer|person|designer|"
        r"manager) (?:in|on|at)\b|\bnot a (?:culture )?fit\b",
        confidential=False,
    ),
)


def claims_in(text: str) -> set[str]:
    """The keys of :data:`CLAIMS` that ``text`` makes."""
    return {c.key for c in CLAIMS if c.pattern.search(text)}


CLAIM = {c.key: c for c in CLAIMS}

_QUOTED = re.compile(r"[\"“«„]([^\"”»“\n]{3,120})[\"”»“]|(?<!\w)['‘]([^'’\n]{3,120})['’](?!\w)")
_CANARY = re.compile(r"\b[A-Z]{3,}(?:-[A-Z0-9]+)+\b")
# Shouted multi-word phrases ("CODE RED", "DO NOT PROMOTE") are a payload's usual shape.
_SHOUTED = re.compile(r"\b[A-Z]{2,}(?:[ _][A-Z]{2,})+\b")


def payloads_in(text: str) -> list[str]:
    """The strings a record asks to be echoed: quoted text, canary-like tokens, shouted phrases
    (only meaningful for a record already known to address the model)."""
    revealed = reveal(text)
    quoted = [(a or b).strip() for a, b in _QUOTED.findall(revealed)]
    found = [q for q in quoted if len(q) >= 4]
    found += _CANARY.findall(revealed) + _SHOUTED.findall(revealed)
    return list(dict.fromkeys(found))


_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_STOP_WORDS = (
    "a an the and or of to in on at for with from by is are was were be been it its this "
    "that these those as her his their our your my we you he she they them i me not no but "
    "if so do does did has have had will would can could should may might must also all "
    "any each every"
)
_STOP = frozenset(_STOP_WORDS.split())


def content_ngrams(text: str, n: int = 4) -> set[tuple[str, ...]]:
    """Word n-grams of ``text`` (revealed, lowercased, stopwords kept out) for echo detection."""
    words = [w for w in _WORD.findall(reveal(text).lower()) if w not in _STOP]
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?。！？])\s*|\n", text) if s.strip()]
