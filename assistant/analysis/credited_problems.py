"""A problem word governed by a credit verb: praise, though it names a problem.

"Dana told us early that the project would be late", "caught the bug before release", "owned up
to the mistake straight away": the problem ("late", "bug", "mistake") is what the person warned
of, caught or owned, and warning early, catching and owning up are what a manager thanks people
for, as is handling the problem well. Four verb families govern the problem word that follows
them (within a clause):

- **warning** (told, warned, flagged, raised, escalated, alerted, gave a heads-up ...) - credit
  only when it came early ("early", "in advance", "before anyone noticed", "straight away"): a
  warning given late ("told us late that it would slip", "only flagged it the day before") is
  the lapse;
- **catching** (caught, spotted, noticed, detected, found, picked up);
- **owning up** (owned up to, admitted, took responsibility for, came clean about);
- **handling** (handled, dealt with, defused, resolved, fixed, worked around, turned around ...):
  "handled the rude client with grace" - unless handled badly ("fixed it only after ...").

None of them is the person's credit when someone else is the subject ("customers found a bug in
his release", "the client warned us early that the date was at risk").

None of them counts when negated ("never flagged the risk") or asked for ("should flag risks
earlier", "Flag risks early": the imperative and the bare verb are not in the lists).
Written from how reviews credit people, not from any labelled set.
"""

from __future__ import annotations

import re

from assistant.analysis import cues

WEIGHT = 2.0  # as a negated problem (cues.NEGATED_PROBLEM_WEIGHT): the problem is the credit
WINDOW = 14  # words after the verb in which the governed problem (and "early") must be

_WARN = (
    r"(?:told|tells|telling|warned|warns|warning|flagged|flags|flagging|raised|raises|raising"
    r"|escalated|escalates|escalating|alerted|alerts|alerting|signall?ed|signals|surfaced"
    r"|surfaces|called out|calls out|highlighted|highlights|reported|reports|let (?:us|me|them"
    r"|everyone|the \w+) know|gave (?:us |me |them |the \w+ )?(?:a |an |plenty of |fair )?"
    r"(?:heads[- ]up|warning|notice|early warning))"
)
_CATCH = (
    r"(?:caught|catches|catching|spotted|spots|spotting|noticed|notices|detected|detects"
    # "found it difficult" is a feeling, not a catch.
    r"|(?:found|finds)(?!\s+(?:it|this|that|herself|himself|themselves|myself|them)\b)"
    r"|picked up(?: on)?|picks up(?: on)?|identified|identifies|uncovered|uncovers)"
)
_OWN = (
    r"(?:owned up to|owns up to|owning up to|admitted|admits|admitting|took (?:full )?"
    r"(?:responsibility|ownership|the blame) for|takes (?:full )?(?:responsibility|ownership)"
    r" for|came clean about|comes clean about|held (?:her|his|their) hands? up(?: to| for)?)"
)
_HANDLED = (
    r"(?:handled|dealt with|defused|calmed|resolved|fixed|solved|cleared|sorted out|worked around"
    r"|found a way (?:round|around)|recovered from|turned around|rescued|contained|untangled"
    r"|got (?:us|the team|everyone) through|steered (?:us|the team) through|prevented|averted"
    r"|headed off|stopped|limited"
    # "kept the broken deploy away from customers": the problem kept from harm is the object.
    r"|kept(?= (?:the |a |an |our |their )?(?:[\w-]+ ){0,3}(?:away from|out of|from reaching"
    r"|from hitting|from spreading)))"
)
# In the present tense the same verbs describe a duty ("handles escalations on Thursdays"):
# credit only with a word for how well.
_HANDLES = (
    r"(?:handles|deals with|defuses|calms|resolves|fixes|solves|clears|sorts out|works around"
    r"|rescues|untangles)"
)
_WELL = re.compile(
    r"(?<![\w-])(?:well|calmly|patiently|gracefully|brilliantly|superbly|expertly|skil(?:l)?fully"
    r"|quickly|fast|beautifully|with (?:\w+ )?(?:grace|patience|care|skill|calm|tact|humou?r"
    r"|ease|empathy))(?![\w-])",
    re.I,
)
VERB = re.compile(
    rf"(?<![\w-])(?:(?P<warn>{_WARN})|(?P<catch>{_CATCH})|(?P<own>{_OWN})"
    rf"|(?P<handle>{_HANDLED})|(?P<duty>{_HANDLES}))"
    r"(?![\w-])",
    re.I,
)
# Handled badly is no credit: "handled the complaint defensively".
BADLY = re.compile(
    r"(?<![\w-])(?:badly|poorly|clumsily|defensively|rudely|slowly|too slowly|late|eventually"
    r"|finally|only after|at the second attempt|after (?:several|many|three|two) attempts)"
    r"(?![\w-])",
    re.I,
)

# Early: the warning came in time to act on. Comparatives ("earlier", "sooner") are left out:
# they are usually the ask ("could flag it earlier").
EARLY = re.compile(
    r"(?<![\w-])(?:early(?! (?:morning|afternoon|evening|shift))|early on|in advance|well ahead"
    r"|ahead of (?:time|schedule|the|it|us|anyone|everyone|release|launch)|in good time"
    r"|as soon as|the moment|right away|straight away|immediately|at once|promptly|first thing"
    r"|(?:weeks|months|days|long|well) (?:before|ahead)|before (?:anyone|anybody|it|they|we"
    r"|the|release|launch|go-live|shipping|production|customers|the client|a customer)|in time)"
    r"(?![\w-])",
    re.I,
)
# Late notice is the lapse itself: "told us late", "only flagged it the day before".
LATE = re.compile(
    r"(?<![\w-])(?:late|too late|last[- ]minute|after the fact|(?:the|a) (?:day|night|morning"
    r"|hour|week) before|hours before|minutes before|only (?:when|once|after|on)|afterwards)"
    r"(?![\w-])",
    re.I,
)
# What a warning, a catch or an admission is about: a problem word, or a risk or overrun.
PROBLEM = re.compile(
    rf"{cues.PROBLEM.pattern}|(?<![\w-])(?:risks?|overruns?|overspend\w*|shortfalls?|brok(?:e|en)"
    r"|breaks|breaking|vulnerabilit\w*|leaks?|conflicts?|concerns?|hazards?|dangers?|blunders?"
    r"|slips?|slipp\w*|gone wrong|go wrong|went wrong|over budget|rude|angry|upset|hostile"
    r"|furious|irate|abusive|difficult|tricky|messy|crisis|crises|backlog|chaos|mess"
    r"|race conditions?|regressions?|memory leaks?|stock-?outs?)(?![\w-])",
    re.I,
)
# Someone else caught it: "customers found a bug in his release".
OTHERS = re.compile(
    r"(?<![\w-])(?:customers?|clients?|users?|qa|auditors?|the audit|reviewers?|testers?|someone"
    r"|somebody|others|another \w+|the \w+ team|we|i|support)\s+(?:\w+\s+)?$",
    re.I,
)
_NEGATED = re.compile(
    r"(?<![\w-])(?:never|not|no|didn't|doesn't|don't|hasn't|haven't|wasn't|won't|failed to"
    r"|forgot to|neglected to)(?:\s+\w+){0,2}\s*$",
    re.I,
)
_CLAUSE_END = re.compile(r"[,;:.!?–—]|\s-\s|(?<![\w-])but(?![\w-])")
_WORD = re.compile(r"[\w'-]+")


def _window(text: str, start: int) -> str:
    """The clause after ``start``, at most WINDOW words."""
    rest = text[start:]
    words = list(_WORD.finditer(rest))[:WINDOW]
    rest = rest[: words[-1].end()] if words else ""
    # "told us early, so we re-planned": the warning's clause ends at the comma, unless the
    # comma comes before anything was said ("flagged, early, that ...").
    stop = next((m for m in _CLAUSE_END.finditer(rest) if PROBLEM.search(rest[: m.start()])), None)
    return rest[: stop.start()] if stop else rest


def credited_spans(text: str) -> list[tuple[int, int]]:
    """Spans from a credit verb to the end of the problem it governs (or the "early" that
    credits it): those problem words are the credit, not a shortfall."""
    spans = []
    for verb in VERB.finditer(text):
        before = text[max(0, verb.start() - 40) : verb.start()]
        if _NEGATED.search(before) or any(a.pattern.search(before) for a in cues.ASKS):
            continue
        window = _window(text, verb.end())
        problem = list(PROBLEM.finditer(window))
        if not problem:
            continue
        end = problem[-1].end()
        if verb.group("warn"):
            early = EARLY.search(window)
            if not early or LATE.search(window[: early.end()]):
                continue
            end = max(end, early.end())
        elif (verb.group("handle") or verb.group("duty")) and BADLY.search(window):
            continue
        if verb.group("duty") and not _WELL.search(window):
            continue
        if OTHERS.search(before[-25:]):
            continue
        spans.append((verb.start(), verb.end() + end))
    return spans
