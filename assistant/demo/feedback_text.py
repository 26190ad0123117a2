"""Feedback prose: many voices, each a set of frames filled with behaviour fragments.

Shared feedback speaks to the receiver ("you ..."); manager-only feedback and private notes speak
about them ("Dana ..."). Frames say {who}/{Who}/{whose} so that one frame serves both; frames
that only make sense spoken to someone (thanks, "you should be proud") are kept apart (``*_TO``).

Every giver writes in a voice of their own (:func:`voice_of`): plain, terse, long, hedged,
non-native English, warm or blunt. On top of the voice a record can be mixed (praise with a
reservation, criticism that credits first), negated ("it wasn't ideal that ..."), or, from blunt
writers, sarcastic. A text is an opening that carries a fragment, then optional details, impact
and close, so two people rarely share a sentence. Written from how people write to each other at
work, not from the drafter's lexicon (evals/generator_overlap.py measures what they share).
"""

from __future__ import annotations

import random
import zlib

from assistant.demo.behaviours import BEHAVIOURS, Behaviour
from assistant.demo.slots import Slots, cap, fill

VOICES = ("plain", "terse", "long", "hedged", "non_native", "warm", "blunt")
_VOICE_WEIGHTS = (26, 16, 12, 15, 12, 10, 9)
_VOICE_TOTAL = sum(_VOICE_WEIGHTS)


def voice_of(writer: str) -> str:
    """The voice ``writer`` (an email) writes in: fixed per person, the same on every run."""
    point = zlib.crc32(writer.encode("utf-8")) % _VOICE_TOTAL
    for voice, weight in zip(VOICES, _VOICE_WEIGHTS, strict=True):
        if point < weight:
            return voice
        point -= weight
    return VOICES[0]


# --- praise -----------------------------------------------------------------------------------

PRAISE_OPEN: dict[str, tuple[str, ...]] = {
    "plain": (
        "On {weekday} {who} {did}.",
        "{Who} {did}, and it made a difference.",
        "During {project} {who} {did}.",
        "Something from last week worth writing down: {who} {did}.",
        "Credit where it's due: {who} {did}.",
        "It didn't go unnoticed that {who} {did}.",
        "I saw first-hand that {who} {did}.",
        "No fuss, no announcement: {who} just {did}.",
        "I can't think of a smoother week on {project}, mostly because {who} {did}.",
        "Nobody asked, and still {who} {did}.",
    ),
    "terse": (
        "{Who} {did}.",
        "Re {project}: {who} {did}.",
        "+1 for how {who} {did}.",
        "{project}: {who} {did}. Nice.",
        "Noting it: {who} {did}.",
    ),
    "long": (
        "I've been meaning to write this since {weekday}. While {project} was at its busiest, "
        "{who} {did}.",
        "A longer note, because a one-liner wouldn't do it justice. Over the last few weeks on "
        "{project}, {who} {did}.",
        "Some background first: {project} had been drifting for a while and nobody quite owned "
        "the loose ends. Then {who} {did}.",
    ),
    "hedged": (
        "I might be wrong about how much it took, but {who} {did}, and it seemed to help.",
        "Not sure everyone noticed, but I think {who} {did}.",
        "If I remember right, it was {who} who {did}.",
        "I don't know if this gets said enough: {who} {did}.",
        "Maybe it's a small thing, but {who} {did}.",
    ),
    "non_native": (
        "I want to say big thanks, {who} {did} and for us this was very useful.",
        "{Who} {did}, it help all the team a lot.",
        "Very good job on {project}: {who} {did}.",
        "Is important to say that {who} {did}, this make our week much more easy.",
        "For me it was very helpful when {who} {did}.",
    ),
    "warm": (
        "Honestly? {Who} {did}, and I'm still smiling about it.",
        "What a week! {Who} {did}.",
        "This made my day: {who} {did}.",
        "So glad I got to see it: {who} {did}.",
    ),
    "blunt": (
        "{Who} {did}. That's how it should be done.",
        "Straight up: {who} {did}, and nobody else would have.",
        "The {project} week was a mess and {who} {did}. That was the only thing that went right.",
        "Not much praise comes from me, so take note: {who} {did}.",
    ),
}
PRAISE_OPEN_TO: dict[str, tuple[str, ...]] = {
    "plain": (
        "Thank you: you {did}.",
        "I noticed you {did}.",
        "Quick note to say you {did}.",
    ),
    "terse": ("Thanks for {project}. You {did}.", "Cheers, you {did}."),
    "long": (),
    "hedged": ("Not sure anyone told you, but you {did}.",),
    "non_native": ("Thank you so much, you {did}.",),
    "warm": ("You {did}! Thank you!", "Sending you a big thank-you: you {did}."),
    "blunt": ("You {did}. Thanks.",),
}
PRAISE_OPEN_ABOUT = (
    "For {name}'s file: {subj} {did}.",
    "Worth remembering at review time that {name} {did}.",
    "Good news about {name}: {subj} {did}.",
    "Noting for calibration that {name} {did}.",
    "In case it doesn't reach you otherwise, {name} {did}.",
)
PRAISE_IMPACT = (
    "{peer} got a whole afternoon back because of it.",
    "It saved us at least {hours} hours.",
    "The rest of {project} went more easily after that.",
    "It unblocked {n} people that week.",
    "It won't show up on any dashboard, but it counted.",
    "{customer} noticed too.",
    "It's most of the reason {project} is still on schedule.",
    "It took the pressure off {peer} at exactly the right moment.",
    "It made the {meeting} call a lot shorter.",
    "{peer} brought it up to me unprompted on {weekday}.",
    "A bad week on {service} became a manageable one.",
    "We'd still be going round in circles on {project} without it.",
    "There were zero follow-up questions, which tells you something.",
    "Nothing broke, and with {service} that is saying a lot.",
)
PRAISE_CLOSE_TO: dict[str, tuple[str, ...]] = {
    "plain": (
        "More of this on {project}, please.",
        "Thank you, {name}.",
        "Looking forward to what you do with {project} next.",
        "I'll be mentioning this to {manager}.",
        "{peer} and I were both impressed.",
    ),
    "terse": ("Thanks.", "Ta.", "Good stuff."),
    "long": (
        "If you ever write up how you did it, I'd read it, and so would half the {team} team.",
        "I'm telling {manager} too, because this kind of thing should be seen.",
        "You should be proud of the {project} work; I hope you got some rest after {weekday}.",
    ),
    "hedged": ("Anyway, I thought you should hear it.", "Hope that's useful to hear."),
    "non_native": ("Thank you again, really.", "Hope we can work together again soon."),
    "warm": ("You're a star, {name}!", "Owe you a coffee!", "Seriously, thank you!"),
    "blunt": ("Keep doing that.", "That's the standard now."),
}
PRAISE_CLOSE_ABOUT = (
    "Would be good to raise at the next 1:1 with {name}.",
    "Adding this to {name}'s review notes.",
    "Worth thinking of {name} for the {project} lead role.",
    "Remember this at calibration.",
    "{peer} saw it too and agrees.",
    "One for the {cycle} write-up.",
)
# A praise record that carries a reservation: the claim is the praise, the ask is minor.
PRAISE_BUT = (
    "If I had to pick at one thing: next time, {ask}.",
    "Only small note: maybe {ask}.",
    "One thing for next time, and it's minor: {ask}.",
    "The only thing I'd add is to {ask}.",
)

# --- criticism --------------------------------------------------------------------------------

CONSTRUCTIVE_OPEN: dict[str, tuple[str, ...]] = {
    "plain": (
        "Something from {meeting}: {who} {missed}.",
        "Last {weekday} {who} {missed}.",
        "During the {project} work {who} {missed}.",
        "Following up on {project}: {who} {missed}.",
        "It wasn't ideal that {who} {missed}.",
        "I don't think it helped that {who} {missed}.",
        "Writing this so it doesn't build up: {who} {missed}.",
        "On its own it's not a big deal, but {who} {missed}, and it has happened before.",
    ),
    "terse": (
        "{Who} {missed}.",
        "Re {project}: {who} {missed}.",
        "{project}. {Who} {missed}. Again.",
        "FYI {who} {missed}.",
    ),
    "long": (
        "I've thought about whether to write this for a few days. Around the time {project} was "
        "due, {who} {missed}.",
        "Some context before the point: {project} has had a hard quarter, and I know everyone is "
        "stretched. Still, {who} {missed}.",
    ),
    "hedged": (
        "This may be unfair, but it felt like {who} {missed}.",
        "I might be missing context, but from where I sat {who} {missed}.",
        "Maybe it's just me, but {who} {missed}.",
        "I'm not sure how much this matters to others, but {who} {missed}.",
    ),
    "non_native": (
        "Sorry to write this but {who} {missed}, and after this we have some trouble.",
        "I must say that {who} {missed}, this is not so good for the team.",
        "For me was difficult when {who} {missed}.",
        "Small problem from last week: {who} {missed}.",
    ),
    "warm": (
        "This one is hard to write because I like working with you all, but {who} {missed}.",
        "Saying this with care: {who} {missed}.",
    ),
    "blunt": (
        "{Who} {missed}. That can't keep happening.",
        "Straight to it: {who} {missed}.",
        "Not acceptable, frankly: {who} {missed}.",
    ),
}
# Criticism that starts by crediting something: the second clause is the claim.
CONSTRUCTIVE_MIXED = (
    "{Who} clearly cared about {project}, but {subj} {missed}.",
    "The intent was good; still, {who} {missed}.",
    "Most of {project} went fine, though {who} {missed}.",
    "Good energy in {meeting}, but afterwards {subj} {missed}.",
)
# Blunt writers are sometimes sarcastic; the words are kind, the point is not.
CONSTRUCTIVE_SARCASTIC = (
    "Always fun to learn from {customer} that {who} {missed}.",
    "Great to find out at {meeting} that {who} {missed}. Really made my week.",
    "Nice surprise on {weekday}: {who} {missed}.",
    "Love how {who} {missed}. Exactly what {project} needed.",
)
CONSTRUCTIVE_ABOUT = (
    "Raising this privately: {name} {missed}.",
    "A concern about {name}: {subj} {missed}.",
    "For context before the next 1:1: {name} {missed}.",
    "Writing this down so I don't lose it: {name} {missed}.",
    "Something to keep an eye on: {name} {missed}.",
)
CONSTRUCTIVE_IMPACT = (
    "{peer} was left scrambling.",
    "It cost us about {hours} hours of rework.",
    "{customer} got nervous about the rollout.",
    "{project} lost about {n} days.",
    "For a while nobody trusted the {project} plan.",
    "{peer} ended up covering it late in the evening.",
    "We had to reopen it at {meeting}, which nobody enjoyed.",
    "This is the third time, which is why I'm writing it down.",
    "{customer} asked about it on {weekday} and I had nothing to say.",
    "Part of the {service} work had to be done twice.",
    "It's part of why {meeting} keeps running long.",
    "People stopped asking and started working around it.",
)
ASK: dict[str, tuple[str, ...]] = {
    "plain": (
        "Next time, could {who} {ask}?",
        "It would help if {who} could {ask}.",
        "My ask: {ask}.",
        "Going forward, please {ask}.",
        "One change that would help: {ask}.",
    ),
    "terse": ("Please {ask}.", "Ask: {ask}.", "{Ask}, please."),
    "long": (
        "What I'd suggest, and I'm happy to help with it, is to {ask}. It sounds small, but it "
        "would change how the rest of us plan around {project}.",
        "Going forward I'd like us to {ask}; if that doesn't fit, let's find something that does.",
    ),
    "hedged": (
        "Perhaps it would be possible to {ask}?",
        "Would it make sense to {ask}? Open to other ideas.",
        "I wonder if it would help to {ask}.",
    ),
    "non_native": (
        "Please next time {ask}, it will be more easy for everybody.",
        "Maybe is better to {ask}.",
    ),
    "warm": ("I'd love it if we could {ask}.", "How about we {ask}? I can help."),
    "blunt": ("{Ask}.", "From now on, {ask}.", "Just {ask}."),
}
ASK_ABOUT = (
    "I'd like to see {name} {ask}.",
    "Coaching point for the next 1:1: {ask}.",
    "What would help most: {ask}.",
)
CONSTRUCTIVE_CLOSE_TO = (
    "Happy to talk it through on {weekday}.",
    "I know the {project} pressure is real; thanks for hearing this.",
    "Let me know if I've got the {project} picture wrong.",
    "Glad to pair on the {service} part if useful.",
    "Tell me if there's context I'm missing, {name}.",
    "I'd rather say this now than at the {cycle} review.",
)

# --- suggestions ------------------------------------------------------------------------------

SUGGEST_OPEN: dict[str, tuple[str, ...]] = {
    "plain": (
        "One idea: {ask}.",
        "Suggestion for {project}: {ask}.",
        "Something that worked for me: {ask}.",
        "A thought after {meeting}: it might be worth trying to {ask}.",
    ),
    "terse": ("Idea: {ask}.", "{project}: maybe {ask}?", "Suggest we {ask}."),
    "long": (
        "Something I've been turning over since {meeting}, offered as an idea rather than a "
        "request: {ask}.",
    ),
    "hedged": (
        "Just throwing it out there, maybe {ask}?",
        "Not sure it fits, but what if {who} tried to {ask}?",
        "Possibly useful, possibly not: {ask}.",
    ),
    "non_native": (
        "I have one proposal: {ask}.",
        "Maybe is good idea to {ask}.",
    ),
    "warm": ("Ooh, idea! {Ask}?", "Here's a fun one to try: {ask}."),
    "blunt": ("{Ask}. It'll save time.", "Suggestion: {ask}."),
}
SUGGEST_ABOUT = (
    "Suggestion for {name}: {ask}.",
    "It might help {name} to {ask}.",
    "Idea to pass on to {name}: {ask}.",
)
SUGGEST_REASON = (
    "It would make {project} easier to follow for everyone.",
    "I think it would save time on {service}.",
    "Only a thought; you'd know the {project} context better than I do.",
    "We tried something like it on {service} and it worked.",
    "{peer} does this and swears by it.",
    "No pressure, it's only an idea.",
    "It might also make {meeting} shorter.",
    "{customer}'s team tried it and liked it.",
    "Could be a two-week experiment on {project}.",
)

# --- reviews ----------------------------------------------------------------------------------

REVIEW_OPEN: dict[str, tuple[str, ...]] = {
    "plain": (
        "Looking back over {cycle}, {who} {did}.",
        "{cycle} in short: {who} {did}.",
        "The moment I remember from {cycle}: {who} {did}.",
        "Over {cycle}, {who} {did}.",
    ),
    "terse": ("{cycle}. {Who} {did}.", "Highlights: {who} {did}."),
    "long": (
        "A quarter is a long time to sum up, so I'll start with what stuck with me most from "
        "{cycle}: {who} {did}.",
    ),
    "hedged": ("It's hard to pick one thing from {cycle}, but I'd say {who} {did}.",),
    "non_native": ("In {cycle} the most important for me is that {who} {did}.",),
    "warm": ("What a {cycle}! {Who} {did}.",),
    "blunt": ("{cycle}: {who} {did}. Good.",),
}
REVIEW_STRENGTH = (
    "Where {who_is} strongest: {b1}, with {b2} close behind.",
    "I'd point to {b1} first, then {b2}.",
    "Peers keep bringing up {b1}.",
    "{b1} is where {whose} impact shows the most.",
    "If I had to name one thing, {b1}; also {b2}.",
    "Most visible this cycle: {b1}. Quietly solid: {b2}.",
)
REVIEW_GROWTH = (
    "For next cycle, {b3}: to be concrete, {ask}.",
    "Next cycle I'd like the focus on {b3}, starting with one thing: {ask}.",
    "The area to work on is {b3}; a good first step would be to {ask}.",
    "To reach the next level, {b3} deserves time. Try to {ask}.",
    "Less visible so far: {b3}. One idea is to {ask}.",
)
REVIEW_OVERALL = (
    "Overall a strong {cycle}.",
    "Overall, solid and dependable on {project}.",
    "Overall for {cycle}: above expectations.",
    "Overall: met expectations, with room to stretch.",
    "A good cycle with a clear next step.",
    "A mixed {cycle}, but moving the right way.",
    "Rating for {cycle}: strong.",
    "A real step up from last quarter.",
    "Net: {project} would miss {who_obj}.",
    "Summing up: dependable, with a clear stretch for next quarter.",
    "Overall, good, not yet great.",
    "All in all, no worries here.",
)


# Kinds whose openings all work spoken to someone or about them.
_NOT_SPOKEN: dict[str, tuple[str, ...]] = {}


def _person(slots: Slots, third: bool) -> None:
    name = slots["name"]
    slots["who"] = name if third else "you"
    slots["Who"] = name if third else "You"
    slots["whose"] = f"{name}'s" if third else "your"
    slots["who_obj"] = name if third else "you"
    slots["who_is"] = f"{name} is" if third else "you are"


def _open(
    rng: random.Random,
    slots: Slots,
    voice: str,
    third: bool,
    banks: tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]], tuple[str, ...]],
) -> str:
    """An opening in ``voice``: person-neutral frames, plus spoken-to frames in shared feedback
    or frames about someone in notes about them."""
    common, spoken_to, about = banks
    options = common[voice] + (about if third else spoken_to.get(voice, ()))
    return cap(fill(rng.choice(options), slots))


def _extras(voice: str) -> tuple[float, float, float]:
    """How likely a detail, an impact and a close are in ``voice``."""
    return {
        "terse": (0.1, 0.05, 0.4),
        "long": (1.0, 0.9, 0.9),
        "blunt": (0.4, 0.5, 0.3),
    }.get(voice, (0.65, 0.4, 0.5))


def praise(
    rng: random.Random, slots: Slots, behaviour: str, third: bool, voice: str = "plain"
) -> str:
    b = BEHAVIOURS[behaviour]
    _person(slots, third)
    slots["did"] = fill(rng.choice(b.did), slots)
    slots["ask"] = fill(rng.choice(b.ask), slots)
    parts = [_open(rng, slots, voice, third, (PRAISE_OPEN, PRAISE_OPEN_TO, PRAISE_OPEN_ABOUT))]
    p_detail, p_impact, p_close = _extras(voice)
    if rng.random() < p_detail:
        parts.append(fill(rng.choice(b.detail), slots))
    if rng.random() < p_impact:
        parts.append(fill(rng.choice(PRAISE_IMPACT), slots))
    if rng.random() < 0.12:  # praise with a reservation
        parts.append(cap(fill(rng.choice(PRAISE_BUT), slots)))
    if rng.random() < p_close:
        closes = PRAISE_CLOSE_ABOUT if third else PRAISE_CLOSE_TO[voice]
        parts.append(cap(fill(rng.choice(closes), slots)))
    return cap(" ".join(parts))


def constructive(
    rng: random.Random, slots: Slots, behaviour: str, third: bool, voice: str = "plain"
) -> str:
    b = BEHAVIOURS[behaviour]
    _person(slots, third)
    slots["missed"] = fill(rng.choice(b.missed), slots)
    slots["ask"] = fill(rng.choice(b.ask), slots)
    slots["Ask"] = cap(slots["ask"])
    roll = rng.random()
    if voice == "blunt" and roll < 0.35:
        first = cap(fill(rng.choice(CONSTRUCTIVE_SARCASTIC), slots))
    elif roll < 0.18:
        first = cap(fill(rng.choice(CONSTRUCTIVE_MIXED), slots))
    else:
        first = _open(
            rng, slots, voice, third, (CONSTRUCTIVE_OPEN, _NOT_SPOKEN, CONSTRUCTIVE_ABOUT)
        )
    parts = [first]
    _, p_impact, p_close = _extras(voice)
    if rng.random() < max(p_impact, 0.5):
        parts.append(fill(rng.choice(CONSTRUCTIVE_IMPACT), slots))
    # A terse writer sometimes leaves the fix to the reader.
    if voice != "terse" or rng.random() >= 0.4:
        asks = ASK[voice] + (ASK_ABOUT if third else ())
        parts.append(cap(fill(rng.choice(asks), slots)))
    if not third and rng.random() < p_close * 0.7:
        parts.append(fill(rng.choice(CONSTRUCTIVE_CLOSE_TO), slots))
    return cap(" ".join(parts))


def suggestion(
    rng: random.Random, slots: Slots, behaviour: str, third: bool, voice: str = "plain"
) -> str:
    b = BEHAVIOURS[behaviour]
    _person(slots, third)
    slots["ask"] = fill(rng.choice(b.ask), slots)
    slots["Ask"] = cap(slots["ask"])
    parts = [_open(rng, slots, voice, third, (SUGGEST_OPEN, _NOT_SPOKEN, SUGGEST_ABOUT))]
    if rng.random() < 0.15:  # sometimes the suggestion follows an observation
        parts.insert(0, fill(rng.choice(b.detail), slots))
    p_detail, _, _ = _extras(voice)
    if rng.random() < p_detail * 0.9:
        parts.append(fill(rng.choice(SUGGEST_REASON), slots))
    return cap(" ".join(parts))


def _name(rng: random.Random, b: Behaviour, slots: Slots) -> str:
    return fill(rng.choice(b.all_names), slots)


def review(
    rng: random.Random,
    slots: Slots,
    behaviours: tuple[str, ...],
    third: bool,
    voice: str = "plain",
) -> str:
    picks = rng.sample(behaviours, k=min(3, len(behaviours)))
    while len(picks) < 3:
        picks.append(picks[0])
    b1, b2, b3 = (BEHAVIOURS[p] for p in picks)
    _person(slots, third)
    slots["did"] = fill(rng.choice(b1.did), slots)
    slots["ask"] = fill(rng.choice(b3.ask), slots)
    slots.update(b1=_name(rng, b1, slots), b2=_name(rng, b2, slots), b3=_name(rng, b3, slots))
    parts = [cap(fill(rng.choice(REVIEW_OPEN[voice]), slots))]
    if voice != "terse":
        parts.append(fill(rng.choice(b1.detail), slots))
        parts.append(cap(f"{slots['who']} also {fill(rng.choice(b2.did), slots)}."))
        if rng.random() < 0.6:
            parts.append(fill(rng.choice(b2.detail), slots))
    parts.append(cap(fill(rng.choice(REVIEW_STRENGTH), slots)))
    parts.append(cap(fill(rng.choice(REVIEW_GROWTH), slots)))
    parts.append(cap(fill(rng.choice(REVIEW_OVERALL), slots)))
    return cap(" ".join(parts))
