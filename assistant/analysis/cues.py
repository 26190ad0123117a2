"""The domain layer: how performance reviews say "well done" and "this has to change".

A general sentiment lexicon reads "would love to see more of her in design reviews" as praise
(love) and "handled the outage brilliantly" as half bad news (outage). Reviews have their own
grammar: asks and expectations ("needs to", "would benefit from", "might be worth"), shortfalls
that carry no emotional word ("inconsistent", "has yet to", "rarely"), praise by reliance ("the
go-to person", "you can count on him") and praise by a negated problem ("never misses a date",
"zero errors"). Sarcasm has its own module (sarcasm.py), as have praise that names the problem
it warned of, caught, owned or handled (credited_problems.py) and the setting of a story
(setting.py). The cues below were written from general knowledge of how managers, peers and
employees write reviews, not from any labelled set.

Each cue is a regular expression with a weight: positive for a strength, negative for growth.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

CueKind = Literal[
    "ask", "shortfall", "praise", "faint", "negated_problem", "sarcasm", "credited_problem"
]


@dataclass(frozen=True)
class Cue:
    kind: CueKind
    pattern: re.Pattern[str]
    weight: float


def _cues(kind: CueKind, weight: float, *patterns: str) -> list[Cue]:
    return [Cue(kind, re.compile(rf"(?<![\w-]){p}(?![\w])", re.I), weight) for p in patterns]


_PRAISED_WORK = (
    "nice", "good", "great", "solid", "superb", "lovely", "stellar", "amazing", "awesome",
    "terrific", "brilliant", "excellent", "fantastic", "wonderful", "incredible", "impressive",
    "outstanding", "fine", "top", "strong",
)  # fmt: skip

# Asks and expectations: the sentence wants something to change, however politely.
ASKS = _cues(
    "ask",
    -2.0,
    r"needs? to",
    r"needs? (?:more|some|work|improvement|improving|attention|development)",
    r"should(?!\s+be\s+(?:proud|promoted|commended|recognised|recognized|celebrated))",
    r"must",
    r"(?:would|\w+'d) (?:love|like|prefer|want) (?:to see|him|her|them|you|us|to be able)",
    r"(?:would|\w+'d) (?:love|like|prefer|want) (?:my|our|the) (?:manager|lead|boss|team lead)"
    r" to",
    r"(?:would|\w+'d) (?:appreciate|find it (?:helpful|useful|easier)|be grateful)(?: it)? if",
    r"i wish (?:you|he|she|they|we|my|our|the)",
    r"(?:would|\w+'d) (?:be|help) (?:great|good|nice|helpful|useful|better|ideal)?\s*(?:if|to)",
    r"it(?:'d| would) (?:be|help)",
    r"would benefit",
    r"could (?:be|do|use|try|work|improve|spend|share|ask|speak|give|take|make|have been|stand"
    r"|benefit|focus|start|stop|get|look|think|plan|check|communicate|delegate)",
    r"might (?:be worth|want|help|consider|try|benefit)",
    r"may (?:want|wish|need) to",
    r"worth (?:considering|trying|looking|thinking|exploring)",
    r"(?:consider|try|trying|aim|aiming|strive|striving) (?:to|being|using|doing|getting)",
    r"i(?:'d| would)? (?:suggest|encourage|recommend|ask|urge)",
    r"(?:my )?(?:suggestion|recommendation|request|ask) (?:is|would be)",
    # "Nice work on the deck" is praise, not the ask "work on".
    "".join(rf"(?<!{w} )" for w in _PRAISED_WORK) + r"work(?:ing)? on",
    r"(?:going forward|moving forward|in (?:the )?future|next time|from now on)",
    r"(?:to reach|for|at) the next level",
    r"(?:area|areas|opportunit\w+|room) (?:for|to|of) (?:improvement|growth|development|grow"
    r"|improve|develop)",
    r"development (?:area|need|point|goal)s?",
    r"(?:a (?:bit|little|touch|lot)|slightly|much|far|even) (?:more|less|better|earlier|sooner)",
    r"more (?:often|consistently|regularly|proactive(?:ly)?|careful(?:ly)?|organi[sz]ed|visible"
    r"|confident(?:ly)?|concise(?:ly)?|structured|timely|attention|care|ownership|initiative"
    r"|focus|detail)",
    r"(?:continue|keep) (?:to )?(?:develop|work|grow|build|improv)\w*",
    r"blind ?spots?",
    r"weakness(?:es)?",
    r"hope to see",
    r"tends? to",
    r"maybe|perhaps|please",
    r"better (?:to|if)",
    r"could(?!(?: not|n't)? (?:have done|ask for|always|not be|be happier))",
    r"(?:needs?|requires?|required) (?:further|strengthening|improvement|another|more|some|work"
    r"|attention|to|a lot)",
    r"(?:i|we) (?:want|need|plan|intend|hope) to (?:get better|improve|be more|work|pitch|learn"
    r"|build|start|stop|spend|try)",
    r"i owe",
    # A counterfactual is a wish about the past: "an update would have saved me a call".
    r"would have (?:been|helped|saved|made|avoided|prevented|let|given|meant|caught)",
    r"would (?:let|save|help|make|give|allow|spare|avoid|prevent) (?:us|me|them|the|everyone)",
    r"(?:suggestion|idea|ask|request|tip|feedback|note to self)\s*:",
    # Advice introduced by its track record: "Something that worked for me: ...".
    r"(?:something|what|one thing|a thing)(?: that)? (?:has )?(?:worked|works|helped|helps)"
    r" (?:well )?for (?:me|us)\s*:",
    r"have you (?:thought|considered|tried)|(?:what|how) about (?:you|we|trying)",
    r"(?:could|would|can|will) you(?! believe)",
    # An imperative at the start of a clause is an ask ("Add a buffer", "close the loop").
    # The punctuation is looked behind: every cue must not follow a word character, and the
    # punctuation of "Idea for Lars: add ..." does.
    r"(?:^|(?<=[;:,.])\s*|(?<=\s)-\s)(?:please |just )?(?:add|close|send|share|loop|write"
    r"|ask|let|remember|avoid|stop|start|flag|raise|speak|document|involve|include|check|double-check|prepare"
    r"|schedule|block|delegate|prioriti[sz]e|slow down|step back|think about|make sure|be sure"
    r"|don't forget|do not forget)",
    r"expect(?:ed|ation)? (?:more|better|to see)",
)

# Notice not given: "without warning anyone" is a lapse, where "without a complaint" is praise.
_OMITTED_NOTICE = (
    r"(?:any |a )?(?:warning|notice|telling|informing|consulting|checking with|letting|a word)"
)
OMITTED_NOTICE = re.compile(rf"\s*{_OMITTED_NOTICE}(?![\w])", re.I)

# Lapses of conduct: verbs that report what someone does to others or to their commitments,
# and are a judgement with no emotional word ("interrupts colleagues", "cancelled the 1:1",
# "rolls her eyes"). Negated ("never interrupts") they are praise, as any shortfall.
LAPSES = _cues(
    "shortfall",
    -1.5,
    r"interrupt(?:s|ed|ing)?",
    r"ignor(?:es|ed|ing)",
    r"rol(?:ls?|led|ling) (?:\w+ )?eyes",
    r"(?:talks?|talked|talking|speaks?|spoke) over",
    r"(?:shuts?|shutting) down (?:\w+ ){0,2}(?:ideas?|people|questions?|discussions?|debates?"
    r"|suggestions?|conversations?|colleagues|others|anyone)",
    r"(?:cancels?|cancell?ed|cancell?ing|postpones?|postponed)",
    r"(?:skips?|skipped|skipping)",
    r"(?:goes|went|going|gone|keeps?|kept|stays?|stayed) (?:quiet|silent)",
    r"(?:disappears?|disappeared|vanish(?:es|ed)) (?:during|when|whenever|for|in|mid|halfway)",
    r"(?:snaps?|snapped|shouts?|shouted|yells?|yelled) at",
    r"refus(?:es|ed|ing) to",
)

# Shortfalls: what fell short or keeps going wrong, often with no emotional word at all.
SHORTFALLS = [
    *LAPSES,
    *_cues(
        "shortfall",
        -1.5,
        r"struggl\w*",
        r"(?:found|finds|finding|find) it (?:\w+ )?(?:difficult|hard|tough|challenging) to",
        # Slips named by their "mis-" verb ("mislabelled", "misquoted") and doubt about a
        # contribution ("not sure what she actually does"), resistance to change.
        r"mis(?:label|fil|count|quot|pric|rout|spel|read|judg|manag|calculat|typ|sort|plac"
        r"|direct|handl|communicat|stat|represent|understood|understand)\w*",
        r"(?:not sure|no idea|(?:don't|do not) know|unclear) what (?:\w+ ){1,2}"
        r"(?:actually |really )?(?:does|do|did|contributes?|works on)",
        r"(?:the way|how) (?:it's|it has|things have|we've|we have|it was) always been"
        r" (?:done|run)",
        r"inconsisten\w*",
        r"unreliab\w*",
        r"(?:fell|falls?|falling) short",
        r"below (?:expectations|the (?:standard|bar|level|expected)|par|target)",
        r"(?:does|did|do)(?: not|n't) (?:yet )?(?:meet|consistently)",
        r"not (?:yet )?(?:meeting|met|there yet)",
        r"(?:has|have|is|are) yet to",
        r"not yet",
        r"too (?:often|slow\w*|quiet|many|much|long|late|quick|harsh|blunt|defensive|rigid|passive"
        r"|reactive|detailed|wordy|vague)",
        r"lack(?:s|ing|ed)?",
        r"miss(?:es|ed|ing)?",
        r"late(?:ness)?",
        r"overdue",
        r"slipp?(?:ed|ing|s|age)",
        r"delay(?:s|ed|ing)?",
        r"(?:chase|chased|chasing)",
        r"(?:needs?|needed|needing) (?:reminding|reminders|chasing|a reminder)",
        r"remind(?:er|ers|ing|ed)?",
        r"forg[eo]t\w*",
        r"dropp?(?:ed|s|ing) the ball",
        r"rework",
        # "broke the build", not "broke the move into phases", "broke the ice" or "broke even".
        r"brok(?:e|en)(?!(?:\s+[\w'-]+){0,4}?\s+(?:into|down|apart)\b)(?!\s+(?:the |a |every |all"
        r" |our )?(?:even|ground|new ground|news|ice|silence|deadlock|stalemate|impasse|records?"
        r"|\w+ records?)\b)",
        r"sloppy|careless\w*|disorgani[sz]ed|unprepared|unfocused|disengaged",
        r"defensive|dismissive|abrasive|rude|curt|condescending|combative",
        r"micromanag\w*",
        r"bottlenecks?",
        r"unclear|vague|confus\w*|rambl\w*",
        r"(?:rarely|seldom|hardly|barely)",
        r"frustrat\w*|disappoint\w*|concern(?:ed|s|ing)?|worr(?:y|ied|ies|ying)",
        # "error bars", "error budget", "error handling" name a thing, not a mistake.
        r"mistakes?|errors?(?!\s+(?:bars?|budgets?|handling|messages?|codes?|logs?))|wrong"
        r"|incorrect|inaccura\w*|typos?",
        r"behind (?:schedule|on|again)",
        r"no[- ]shows?|absent|tardy|tardiness",
        r"off[- ]track|at risk",
        r"again",
        r"still (?:hasn't|haven't|isn't|not|no|waiting|doesn't|don't)",
        r"(?:was|were|got|gets|get|been) (?:dropped|lost|forgotten|missed|ignored|skipped)",
        r"f[ae]ll(?:s)? through(?: the cracks)?",
        r"sometimes|at times|occasionally|keeps? \w+ing",
        r"(?:only )?(?:found|finding|find|heard|hearing|hear|learned|learnt) (?:out )?(?:about )?"
        r"(?:\w+ ){0,5}from (?:someone|somebody|the client|the customer|a customer|a client|another"
        r"|other|support|sales|the team)",
        r"(?:doesn't|does not|didn't|did not|isn't|is not|wasn't|don't|do not) (?:always|cope well"
        r"|really|quite|fully|consistently|yet|enough|seem to)",
        r"(?:went|go|goes|going|gone|left|leaves|leave) (?:\w+ ){0,3}without",
        r"took (?:\w+ ){0,2}(?:days|weeks|months|hours) to",
        r"(?:keeps?|kept) (?:forgetting|missing|interrupting|cancell?ing|skipping|putting off)",
        r"(?:over|under)(?:commit|estimat|deliver|perform|promis)\w*",
        r"has to be (?:told|asked|reminded)",
        r"n't yet|not yet",
        r"limited|lowest|worst|fewer than|too few|very few|few of",
        r"silos?|resists?|resistant|slow to|slow at|last[- ]minute|catch(?:ing)? up",
        r"(?:has|have|had|there(?:'s| is| was| are| were)|with) no",
        # A clause that opens with "No ..." reports an absence ("No status update for weeks").
        r"(?:^|[;:.]\s*)no (?!doubt|matter|one|wonder)\w+",
        r"(?:difficult|hard|tough) to (?:work|deal|follow|reach|get hold|understand|read|plan)",
        # An omission of notice is a lapse: "changed the schedule without telling anyone".
        rf"without {_OMITTED_NOTICE}",
    ),
]


# Faint praise: approval that means "not enough" in a review.
FAINT = _cues(
    "faint",
    -1.5,
    r"(?:bare|absolute) minimum",
    r"no more,? (?:and )?no less",
    r"nothing (?:more|special|exceptional)",
    r"(?:just|merely|only) (?:adequate|fine|okay|ok|acceptable|enough)",
    r"(?:is|was|are|were|seems?) (?:fine|adequate|acceptable|passable|okay|ok|average)"
    r"\b(?!\s+with)",
)

# Praise that lexicons miss: reliance, going beyond, being the one others turn to.
PRAISE = _cues(
    "praise",
    1.5,
    r"(?:rely|relied|relying|count|counted|counting|depend|depended) (?:up)?on",
    r"go-?to",
    r"exceed\w*",
    r"above and beyond",
    r"(?:the )?extra mile",
    r"stepp?(?:ed|s)? (?:up|in)",
    r"role model",
    r"rais(?:e|ed|es|ing) the bar",
    r"sets? (?:the|a) (?:standard|bar|tone|example)",
    r"(?:thanks|thank you|grateful|credit) (?:to|for)",
    r"kudos|shout[- ]?out|hats off",
    r"st(?:ood|ands?) out|standout",
    r"dependab\w*|reliabl[ey]|trustworthy",
    r"consistently (?:deliver|exceed|produce|hit|meet|strong|high|excellent|good|great)\w*",
    r"(?:saved|rescued) (?:us|the|a|our|me)",
    r"unblock\w*",
    r"made (?:it|this|that|everything) (?:easy|easier|possible|happen|work)",
    r"(?:on time|on schedule|ahead of schedule|on budget|under budget|early)",
    r"(?:delivered|shipped|landed|launched|closed|completed|finished|resolved|hit|met|won)",
    r"(?:improved|reduced|cut|halved|doubled|grew|increased|raised|lifted) (?:\w+ ){0,4}"
    r"(?:from|by|to)",
    r"meticulous|thorough|spotless|flawless\w*|impeccabl\w*|rigorous|diligent|conscientious",
    r"proactive(?:ly)?|resourceful|composed|unflappable|approachable",
    r"(?:never|doesn't|does not|didn't|did not) (?:hesitate|shy away|complain)",
    r"(?:couldn't|could not|can't|cannot|can not) (?:have done|ask for|have asked|fault|praise"
    r"|say enough|recommend|thank|imagine)",
    r"(?:couldn't|could not) have \w+(?: \w+){0,4} without",
    r"(?:huge|big|real|great) (?:help|asset|win|contribution|impact)",
    r"(?:strong|stronger|strongest|excellent|exceptional|outstanding|superb|stellar)",
    r"(?:a )?pleasure to work with",
    r"keep (?:it up|up the)",
    r"trust(?:s|ed)? (?:him|her|them|you|their|his)",
)

# A negator close before a problem word makes praise: "not once did she miss", "zero errors".
NEGATORS = re.compile(
    r"(?<![\w-])(?:never|not once|not a single|not one|no|zero|without|nothing|none|hardly ever"
    r"|not (?:too|afraid|once)|(?:don't|do not|didn't|did not|doesn't|does not|haven't|have not"
    r"|hasn't|has not|won't|isn't|is not|wasn't|was not|aren't|are not|weren't|were not"
    r"|\w+(?:'s|'re|'m) not))(?![\w-])",
    re.I,
)
PROBLEM = re.compile(
    r"(?<![\w-])(?:miss\w*|late\w*|errors?|mistakes?|complain\w*|complaints?|chas\w+|remind\w*"
    r"|bugs?|issues?|problems?|incidents?|escalations?|rework|wrong|fail\w*|slip\w*|delay\w*"
    r"|drop\w*|forg[eo]t\w*|worr\w*|surpris\w*|guess\w*|doubts?|hiccups?|hitch(?:es)?|fuss"
    r"|drama|queries|query|question(?:ed)?|corrections?|defects?|fault\w*|blockers?|breaches?"
    r"|accidents?|overdue|deadlines?|excuses?|gaps?|surprises?|need(?:s|ed|ing)?|required"
    r"|(?:had|have|has) to (?:ask|chase|remind|tell|check|fix|redo)|temper|panic\w*"
    r"|over-?(?:promis|commit)\w*|waiting|crash\w*|outages?"
    # Fear denied is courage: "not afraid of change", "never shy about pushing back".
    r"|afraid|scared|frightened|fear\w*|shy|timid|hesitant|intimidated|daunted|nervous)(?![\w])",
    re.I,
)
# "not always", "doesn't really": what follows is the good thing denied, whatever its words.
NEGATED_QUALIFIER = re.compile(
    r"\s*(?:always|really|quite|fully|consistently|yet|enough|well)\b", re.I
)
NEGATED_PROBLEM_WEIGHT = 2.0

# A loss imagined is praise: "the team would miss you if...", "we'd be lost without her".
IMAGINED_LOSS = re.compile(
    r"(?<![\w-])(?:would|will|\w+'d|\w+'ll) (?:really |truly |all |badly )?"
    # A name is a capitalised word (case-sensitive inside), not a day or a month.
    r"(?:miss (?:you|him|her|them|(?!(?:mon|tues|wednes|thurs|fri|satur|sun)day)"
    r"(?-i:[A-Z][a-z]+)(?![\w']))|be (?:lost|stuck|in trouble|worse off) without"
    r"|struggle without|feel the loss)",
    re.I,
)

# The story behind a piece of advice, not a judgement of the person: "we tried something similar
# and it helped", "it worked for their team when they tried it".
ANECDOTE = re.compile(
    r"(?<![\w-])(?:(?:we|they|i|(?:another|my|our|their)(?: \w+)? team)"
    r" (?:tried|did|used|have tried|had tried) (?:something|it|this|that|the same)"
    r"|it (?:worked|helped) (?:for|when|well for)"
    r"|(?:worked|helped) for (?:us|me|them|their|our|my)\b)",
    re.I,
)
NEGATION_WINDOW = 6  # words between the negator and the problem word

# Others' rare behaviour, told to underline the person's result ("the client wrote back to thank
# us, which they never do"): not a lapse of the person's.
RARE_FOR_OTHERS = re.compile(
    r"(?<![\w-])(?:which|as|something) (?:they|clients|customers|people|most people|the client"
    r"|the customer) (?:never|rarely|seldom|hardly ever|almost never) (?:do|does|did)(?![\w-])",
    re.I,
)

# A negator before a plain verb or adjective is criticism: "doesn't really check his work".
NEGATED_ACT = re.compile(
    r"(?<![\w-])(?:doesn't|does not|didn't|did not|don't|do not|isn't|is not|wasn't|was not"
    r"|aren't|won't|hasn't|has not|haven't|can't|cannot|couldn't|could not|not always|not very"
    r"|not really|not quite"
    r"|not enough|never)(?![\w-])(?!\s+(?:only|just)\b)",
    re.I,
)
NEGATED_ACT_WEIGHT = -1.0

# Praise that lexicons see as bad news: the problem is the setting, the judgement is the claim.
# These workplace topic words carry no judgement of the person; the general lexicon's valence
# for them is set to zero.
TOPIC_WORDS = (
    "outage", "crisis", "emergency", "problem", "problems", "pressure", "critical", "risk",
    "risks", "challenge", "challenges", "challenging", "attack", "kill", "killed", "killing",
    "hard", "tough", "no", "fine", "okay", "ok", "adequate", "care", "support", "supported",
    "agreed", "agreement", "sick", "leave", "demanding", "aggressive", "pain", "share",
    "interest", "free", "credit", "please", "like", "cut", "cuts", "stopped", "complaint",
    "complaints", "worst", "fire", "fires", "firefighting", "intense", "stress", "stressful",
    "urgent", "escape", "fight", "fighting", "battle", "lost", "lose", "losing", "cancel",
    "cancelled", "canceled", "shortage", "patient", "patients", "sharp", "mean", "want",
    "flood", "failure", "failures", "breakdown", "storm", "disaster", "chaos", "mess",
)  # fmt: skip

# Plain facts: dates, assignments, schedules, leave. With no judgement in a sentence, these mark
# it as information rather than credit.
FACT = re.compile(
    r"(?<![\w-])(?:january|february|march|april|june|july|august|september|october|november"
    r"|december|(?:mon|tues|wednes|thurs|fri|satur|sun)days?|q[1-4]|h[12]"
    # The clock and the calendar's rhythm: "works 08:00 to 16:00", "plans in two-week cycles".
    r"|\d{1,2}[:.]\d{2}|\d{1,2} ?[ap]m|cycles|on[- ]call|duty (?:manager|officer|lead)"
    r"|(?:title|role|grade) (?:changes|changed|moves|moved) to|(?:this|the) review covers"
    r"|(?:from|since|as of|until|till|starting|by) (?:next|this|last|the end of|mid|early|late)"
    r"|next (?:week|month|quarter|year|cycle)|this (?:month|quarter|week)|will|is due"
    r"|assigned|took over|taken over|handed over|moved (?:to|from)|moves? to|switch(?:ed|es)?"
    r"|joined|join(?:s|ing)|transferr\w+|started (?:using|on|in|at)|cohort|rota|is based"
    r"|owner of|owns|responsible for|in charge of|sits on|on (?:parental |maternity |paternity"
    r"|sick |annual )?leave|leave|holiday|vacation|reports to|reporting line"
    r"|works (?:mainly )?(?:in|on|with)"
    r"|meets (?:weekly|monthly|daily|fortnightly)|weekly|monthly|quarterly|fortnightly|rotation"
    r"|scheduled|booked|pilot(?:s|ing)?|programme|program|certification|renewal|contract"
    r"|tracked|logged|logs|recorded|appears? on|is on|are on|share the|shares the"
    r"|split (?:her|his|their)"
    r"|is the (?:main |primary )?(?:contact|owner|lead|point)|meets expectations|met expectations"
    r"|as (?:agreed|planned|discussed)|by agreement|per (?:the|our) (?:policy|process))(?![\w-])",
    re.I,
)

# Credit without a sentiment word: the result of someone's work described as a result.
ACHIEVEMENT = re.compile(
    r"(?<![\w-])(?:always|every (?:time|single)|each time|consistently|now|actually|first time"
    r"|nobody|no one|the whole|(?:within|inside) (?:a|an|the|\d+|one|two|three|four|five|days"
    r"|hours|minutes|weeks)|in \w+ (?:minutes|hours|days) flat|before anyone|inside out|expert"
    r"|without (?:anyone|being|me|us) ask\w*|on (?:his|her|their) own initiative|the best|the most"
    r"|\w+est (?:i|we|he|she|they)|quietly|single-handed\w*|end to end|ahead of|sorted|fixed"
    r"|figured out|spotted|built|rebuilt|automat\w+|created|designed|introduced|proposed|came up"
    r"|turned (?:around|round)|learned|picked up|mastered|took the|handled|smoothed|calmed)"
    r"(?![\w-])",
    re.I,
)

# Facts that stay facts even beside a result word: dates and the calendar.
FACT_STRONG = re.compile(
    r"(?<![\w-])(?:january|february|march|april|may|june|july|august|september|october"
    r"|november|december|q[1-4]|h[12]|\d{1,2}(?:st|nd|rd|th)?|next (?:week|month|quarter|year)"
    r"|from (?:next|this)|since|as of|on leave|will)(?![\w-])",
    re.I,
)
