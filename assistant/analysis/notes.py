"""What a careful manager carries forward from a 1:1 note: mood, agreed follow-ups, open
questions, topics and risk flags.

Rules written from how check-in notes are usually kept (bullets, shorthand or prose; "mood 2/5",
"AP:", "TBC", "agreed to revisit"), not from any labelled set. Scored on evals/devset/notes.yaml
by ``python -m evals.devset``:

| measure | precision | recall | F1 |
| --- | ---: | ---: | ---: |
| mood stated (detected; 39 notes state one) | 0.837 | 0.923 | 0.878 |
| follow-ups (a span covering half the labelled one) | 0.875 | 0.688 | 0.770 |
| open questions (same) | 0.667 | 0.636 | 0.651 |
| topics (micro) | 0.645 | 0.619 | 0.632 |
| flag flight_risk (7) | 1.000 | 0.571 | 0.727 |
| flag burnout_risk (9) | 1.000 | 0.556 | 0.714 |

Mood exact on notes that state one: 0.872 (within one point: 0.923). The offline agenda carries
follow-ups, open questions and a low-mood trend forward with it (assistant/offline/carryover.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A unit is a line or a sentence: follow-ups and questions are quoted as such spans.
_UNIT = re.compile(r"[^\n.!?;]+(?:[.!?]+|$)", re.M)

_MOOD_NUMBER = re.compile(
    r"\b(?:mood|energy|morale|wellbeing|happiness|feeling)\b\s*(?:is|was|at|:|=|-)?\s*"
    r"(?:about|around|~)?\s*([1-5])(?:\s*(?:-|–|to|/|or)\s*([1-5]))?(?:\s*/\s*(?:5|10))?",
    re.I,
)
_MOOD_WORDS: tuple[tuple[int, re.Pattern[str]], ...] = tuple(
    (score, re.compile(rf"(?<![\w-])(?:{words})(?![\w-])", re.I))
    for score, words in (
        (1, r"in tears|really low|very low|miserable|at breaking point|awful|distraught"),
        (2, r"flat|low|down|drained|exhausted|stressed|struggling|fed up|frustrated|deflated"
         r"|demotivated|tired and|overwhelmed|anxious|worn out|not (?:great|good|herself|himself"
         r"|themselves)"),
        (3, r"ok|okay|fine|steady|so-so|mixed|neutral|alright|all right|middling"),
        (4, r"good|happy|upbeat|positive|energi[sz]ed|cheerful|settled|content|in good spirits"
         r"|motivated|relaxed"),
        (5, r"great|excellent|buzzing|thrilled|delighted|best (?:she|he|they)(?:'s| has| have)"
         r"|on top of the world|fantastic"),
    )
)  # fmt: skip

_FOLLOW_UP = re.compile(
    r"(?<![\w-])(?:agreed|agree to|will|i'll|we'll|she'll|he'll|they'll|you'll|going to|plan to"
    r"|planning to|to do|todo|action|actions|ap|next step|next steps|follow up|follow-up"
    r"|revisit|circle back|check in|check back|promised|committed to|owes|by (?:monday|tuesday"
    r"|wednesday|thursday|friday|next week|end of|eow|eod|eom)|set up|book|schedule|send"
    r"|if (?:it|this|that) happens again|->|=>)(?![\w-])",
    re.I,
)
_DONE = re.compile(r"(?<![\w-])(?:done|finished|completed|already|today|yesterday)(?![\w-])", re.I)
# An arrangement the 1:1 settled ("Freya will cover Pathfinder", "the hand-over is agreed"):
# nothing is left to do or check, so it is no follow-up (the agenda asked "check where it
# stands" of it, and it took an overdue action item's slot).
_SETTLED = re.compile(
    r"(?<![\w-])(?:(?:is|are|was|were|has been|have been|now|all)\s+(?:agreed|sorted|settled"
    r"|arranged|booked|confirmed|in place|covered|approved|signed off|set)"
    r"|will cover|(?:is|are) covering|cover(?:s|ing)? for)(?![\w-])",
    re.I,
)
_QUESTION = re.compile(
    r"\?|(?<![\w-])(?:tbc|tbd|to be confirmed|to be decided|unclear|not sure|unsure|unknown"
    r"|don't know|do not know|no answer|waiting (?:on|for)|pending|open question|whether"
    r"|undecided|still unclear|no decision|not yet decided|needs confirming)(?![\w-])",
    re.I,
)

# The start of a line that answers the one before it.
_ANSWER = re.compile(
    r"(?:not now|not yet|not this year|not for now|decided|answered|settled|resolved)\b",
    re.I,
)

TOPICS: dict[str, re.Pattern[str]] = {
    topic: re.compile(rf"(?<![\w-])(?:{words})", re.I)
    for topic, words in {
        "workload": r"workload|too much|overload|capacity|stretched|hours|late nights|weekends"
        r"|working late|evenings"
        r"|context switch|juggl|bandwidth|on three|plate|backlog|busy|overtime|rota"
        r"|on-call|on call|pager|paged",
        "time_off": r"leave|holiday|vacation|time off|pto|annual leave|sick|off next|days off"
        r"|parental|maternity|paternity|sabbatical|bank holiday|break",
        "career": r"career|promotion|promot|progression|raise|pay|salary|comp\b|compensation"
        r"|title|role|move to|transfer|internal|interview|recruiter|offer|grade|level|senior"
        r"|lead role|growth path|development plan|course|training|certification",
        "wellbeing": r"mood|stress|tired|exhaust|wellbeing|well-being|burn|sleep|anxious|health"
        r"|mental|energy|morale|overwhelm|tears|family|personal|bereave|support",
        "blocker": r"block|stuck|waiting on|waiting for|dependency|depends on|can't progress"
        r"|held up|access|permission|approval",
        "feedback": r"feedback|praise|criticis|complain|told (?:her|him|them)|raised with"
        r"|review|performance|conduct|behaviour|behavior|tone",
        "goal_progress": r"goal|okr|target|milestone|on track|off track|progress|quarter|q[1-4]"
        r"|deadline|launch|release|deliver|numbers|pipeline|forecast",
        "conflict": r"conflict|tension|clash|disagree|argument|friction|fell out|falling out"
        r"|difficult conversation|upset with|issue with|problem with",
        "recognition": r"recogni|shout|thank|kudos|well done|great job|proud|credit|praised"
        r"|celebrat|win\b|wins\b",
        "logistics": r"desk|office|laptop|equipment|schedule|reschedul|move the 1:1|calendar"
        r"|room|commute|hybrid|remote|wfh|parking|rota change|shift pattern|visa|badge",
    }.items()
}
_FLIGHT = re.compile(
    r"(?<![\w-])(?:interview(?:ing|ed)? (?:at|with|elsewhere|for a)|recruiter|headhunt|job offer"
    r"|offer from|other offers?|counter-?offer|notice period|hand(?:ing)? in (?:her|his|their)"
    r" notice|resign|leaving the company|looking around|looking elsewhere|job hunting"
    r"|updat(?:ed|ing) (?:her|his|their) (?:cv|linkedin)|done with this place|out the door"
    r"|exit interview)",
    re.I,
)
_NOT_FLIGHT = re.compile(r"(?<![\w-])(?:internal(?:ly)?|transfer|secondment|other team)", re.I)
_BURNOUT = re.compile(
    r"(?<![\w-])(?:burn(?:ed|t|ing)? ?out|long hours|late nights|every weekend|weekends again"
    r"|working weekends|can't switch off|cannot switch off|not sleeping|exhausted|running on"
    r" empty|running on fumes|at breaking point|overwhelmed|drowning|swamped|working late"
    r"|late every|every evening|evenings and|no lunch|skipp(?:ing|ed) lunch|cancell?ed (?:her|his"
    r"|their) leave|can't keep (?:this|it) up|(?:\d+|sixty|seventy)[- ]hour weeks?)",
    re.I,
)


@dataclass(frozen=True)
class NoteReading:
    mood: int | None
    follow_ups: tuple[str, ...]
    open_questions: tuple[str, ...]
    topics: tuple[str, ...]
    flags: tuple[str, ...]


def _units(text: str) -> list[str]:
    return [u.strip(" -*•\t").rstrip(".") for u in _UNIT.findall(text) if u.strip(" -*•\t.")]


def mood(text: str) -> int | None:
    """The stated mood (the lower of a range), else the clearest mood word, else None."""
    stated = _MOOD_NUMBER.search(text)
    if stated:
        values = [int(v) for v in stated.groups() if v]
        return min(values)
    for score, pattern in _MOOD_WORDS:  # lowest first: a note that says "flat" is not "fine"
        if pattern.search(text):
            return score
    return None


def read_note(text: str) -> NoteReading:
    units = _units(text)
    follow_ups = tuple(
        u
        for u in units
        if _FOLLOW_UP.search(u)
        and not (_DONE.search(u) and "will" not in u)
        and not _SETTLED.search(u)
    )
    # A question the note answers in its next line ("Not now, maybe next year.") is not open.
    questions = tuple(
        u
        for i, u in enumerate(units)
        if _QUESTION.search(u)
        and u not in follow_ups
        and not (i + 1 < len(units) and _ANSWER.match(units[i + 1]))
    )
    topics = tuple(t for t, pattern in TOPICS.items() if pattern.search(text))
    flags: list[str] = []
    if _FLIGHT.search(text) and not _NOT_FLIGHT.search(text):
        flags.append("flight_risk")
    low_again = (note_mood := mood(text)) is not None and note_mood <= 2 and "again" in text.lower()
    if _BURNOUT.search(text) or low_again:
        flags.append("burnout_risk")
    return NoteReading(mood(text), follow_ups, questions, topics, tuple(flags))
