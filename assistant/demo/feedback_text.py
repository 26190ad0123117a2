"""Feedback prose: sentence frames for each kind and audience, filled with behaviour fragments.

Shared feedback speaks to the receiver ("you ..."); manager-only feedback and private notes speak
about them ("Dana ...", "she ..."). Each text is built from an opening that carries a behaviour
fragment, optional specifics, an optional impact and an optional close, so two texts rarely share
more than a short phrase.
"""

from __future__ import annotations

import random

from assistant.demo.behaviours import BEHAVIOURS
from assistant.demo.slots import Slots, cap, fill

PRAISE_OPEN_2P = (
    "Wanted to say thanks: you {did}.",
    "Really appreciated that you {did}.",
    "Kudos: you {did}.",
    "Quick note to say you {did}, and it made a difference.",
    "On {weekday} you {did}.",
    "I noticed you {did}.",
    "You {did}, which was great to see.",
    "Credit where it's due: you {did}.",
    "Not sure anyone has said it yet, but you {did}.",
    "Huge thanks, you {did}.",
    "It did not go unnoticed that you {did}.",
    "Loved that you {did}.",
    "Shout-out from me: you {did}.",
    "During {project} you {did}, and I want you to hear that it mattered.",
    "Thank you, you {did} when it would have been easy not to.",
    "Small thing, big effect: you {did}.",
    "I'm still thinking about how you {did}.",
    "Sending some appreciation your way because you {did}.",
)
PRAISE_OPEN_3P = (
    "Worth recognising: {name} {did}.",
    "For {name}'s next review: {subj} {did}.",
    "{Name} {did}, and it deserves a mention at the next 1:1.",
    "Flagging something good: {name} {did}.",
    "Saw first-hand that {name} {did}.",
    "Quietly impressive week from {name}, who {did}.",
    "Noting for calibration that {name} {did}.",
    "In case it doesn't reach you otherwise, {name} {did}.",
)
PRAISE_IMPACT = (
    "That made a real difference to the team.",
    "It saved us at least {hours} hours.",
    "It set the tone for the rest of {project}.",
    "It unblocked {n} people that week.",
    "That is the kind of work that never shows up in a metric but matters a lot.",
    "It raised the bar for the rest of us.",
    "{customer} noticed, too.",
    "Honestly, it's why {project} is still on schedule.",
    "It took pressure off {peer} at exactly the right moment.",
    "It made the {meeting} conversation far easier.",
    "{peer} mentioned it to me unprompted on {weekday}.",
    "It turned a tense week on {service} into a manageable one.",
    "Without it we'd still be arguing about {project}.",
    "It's the reason {customer} is still talking to us about {project}.",
)
PRAISE_CLOSE_2P = (
    "Keep it up, {name}.",
    "More of this on {project}, please.",
    "Thank you, {name}.",
    "Really grateful for it this {weekday}.",
    "Looking forward to seeing what you do with {project} next.",
    "Happy to tell anyone who asks about {project}.",
    "You should be proud of the {project} work.",
    "Owe you a coffee, {name}.",
    "The whole {team} team noticed.",
    "Thanks again from all of us on {service}.",
    "I'll be mentioning this to {manager}.",
    "{peer} and I were both impressed.",
    "Seriously, thank you.",
    "Hope you got some rest after {weekday}.",
    "If you ever write up how you did it, I'd read it.",
    "That's the bar for {project} from now on.",
)
PRAISE_CLOSE_3P = (
    "Would be good to bring up at the next 1:1 with {name}.",
    "Adding this to {name}'s review notes.",
    "Worth considering {name} for the {project} lead role.",
    "Remember this at calibration.",
    "Deserves a public thank-you at {meeting}.",
    "{peer} saw it too and agrees.",
    "One for the {cycle} review.",
    "Evidence for the promotion conversation, I think.",
)

CONSTRUCTIVE_OPEN_2P = (
    "I wanted to raise something from {meeting}: you {missed}.",
    "A bit of feedback, shared in good faith: last {weekday} you {missed}.",
    "Something I've noticed: you {missed}.",
    "Last sprint you {missed}.",
    "This is a hard one to write, but during the {project} work you {missed}.",
    "When you {missed}, it put the team in a tough spot.",
    "I'd be doing you a disservice not to mention that you {missed}.",
    "Flagging this directly rather than letting it build up: you {missed}.",
    "Not a big deal on its own, but you {missed}, and it's happened before.",
    "Following up on {project}: you {missed}.",
)
CONSTRUCTIVE_OPEN_3P = (
    "Raising this privately: {name} {missed}.",
    "A concern about {name}: {subj} {missed}.",
    "Not sure how to raise this with {name} directly yet, but {subj} {missed}.",
    "For context before the next 1:1: {name} {missed}.",
    "Writing this down so I don't lose it: {name} {missed}.",
    "Something to watch: {name} {missed}.",
)
CONSTRUCTIVE_IMPACT = (
    "That left {peer} scrambling.",
    "It cost us about {hours} hours of rework.",
    "It made {customer} nervous about the rollout.",
    "It slowed {project} down by about {n} days.",
    "The team lost confidence in the {project} plan for a while.",
    "{peer} ended up covering for it late in the evening.",
    "We had to reopen the conversation in {meeting}, which nobody enjoyed.",
    "It is starting to become a pattern, which is why I'm writing it down.",
    "{customer} asked about it on {weekday}, and I had no good answer.",
    "It also meant the {service} work was redone, at least in part.",
    "I think it's part of why {meeting} keeps running long.",
)
ASK_2P = (
    "Next time, could you {ask}?",
    "It would help a lot if you could {ask}.",
    "My ask: {ask}.",
    "Going forward, please {ask}.",
    "Could we agree that you'll {ask}?",
    "I'd love to see you {ask}.",
    "One concrete change that would help: {ask}.",
)
ASK_3P = (
    "I'd like to see {name} {ask}.",
    "It would help if {name} were able to {ask}.",
    "Suggested coaching point: {ask}.",
    "What would help most: {ask}.",
)
CONSTRUCTIVE_CLOSE_2P = (
    "Happy to talk it through on {weekday}.",
    "I know the {project} pressure is real, and I appreciate you hearing this.",
    "You're great at a lot of this; this one thing would make a big difference.",
    "Let me know if I've misread the {project} situation.",
    "Glad to pair on the {service} part if useful.",
    "Tell me if there's context I'm missing, {name}.",
    "Writing it here so it doesn't fester.",
    "I'd rather say this now than at the {cycle} review.",
)

SUGGEST_OPEN_2P = (
    "One idea: {ask}.",
    "Suggestion for {project}: {ask}.",
    "Have you thought about trying to {ask}?",
    "Small thing that might help: {ask}.",
    "Something that worked for me: {ask}.",
    "Possibly useful for next sprint: {ask}.",
    "Throwing this out there: maybe {ask}?",
    "A thought after {meeting}: it might be worth trying to {ask}.",
)
SUGGEST_OPEN_3P = (
    "Suggestion for {name}: {ask}.",
    "It might help {name} to {ask}.",
    "Idea to pass on to {name}: {ask}.",
)
SUGGEST_REASON = (
    "It would make {project} easier to follow for everyone.",
    "I think it would save you time on {service}.",
    "Just a thought; you know the {project} context better than I do.",
    "We tried something similar on {service} and it helped.",
    "{peer} does this and it works well for them.",
    "No pressure, it's only an idea.",
    "It might also make {meeting} shorter.",
    "It worked for {customer}'s team when they tried it.",
    "It came up in {meeting} and I thought of you.",
    "Could be worth a two-week experiment on {project}.",
)

REVIEW_OPEN = (
    "Looking back over {cycle}, {who} {did}.",
    "{cycle} summary: {who} {did}.",
    "The highlight of {cycle} for me: {who} {did}.",
    "Over {cycle}, {who} {did}.",
    "Across {cycle} the standout was that {who} {did}.",
)
REVIEW_STRENGTH = (
    "Strongest areas: {b1} and {b2}.",
    "I'd point to {b1} as a clear strength, with {b2} close behind.",
    "Peers consistently mention {b1}.",
    "{b1} is where {who_poss} impact is most visible.",
)
REVIEW_GROWTH = (
    "Area to grow: {b3}. Concretely, {ask}.",
    "Next cycle, the focus should be {b3}: {ask}.",
    "The main development area is {b3}; a good start would be to {ask}.",
    "To reach the next level, {b3} needs attention. Try to {ask}.",
)
REVIEW_OVERALL = (
    "Overall a strong {cycle}.",
    "Overall, solid and dependable work on {project}.",
    "Overall for {cycle}: exceeded expectations.",
    "Overall: met expectations, with room to stretch.",
    "A good cycle with a clear next step on {b3}.",
    "Overall a mixed {cycle}, but trending the right way.",
    "Rating for {cycle}: strong.",
    "Overall: a real step up from last quarter.",
    "Net: the team would miss {who_obj} if {project} lost {who_obj}.",
    "Summing up: dependable, with {b3} as the stretch for next quarter.",
)


def praise(rng: random.Random, slots: Slots, behaviour: str, third: bool) -> str:
    b = BEHAVIOURS[behaviour]
    slots["did"] = fill(rng.choice(b.did), slots)
    parts = [fill(rng.choice(PRAISE_OPEN_3P if third else PRAISE_OPEN_2P), slots)]
    if rng.random() < 0.7:
        parts.append(fill(rng.choice(b.detail), slots))
    if rng.random() < 0.45:
        parts.append(fill(rng.choice(PRAISE_IMPACT), slots))
    if rng.random() < 0.5:
        parts.append(fill(rng.choice(PRAISE_CLOSE_3P if third else PRAISE_CLOSE_2P), slots))
    return cap(" ".join(parts))


def constructive(rng: random.Random, slots: Slots, behaviour: str, third: bool) -> str:
    b = BEHAVIOURS[behaviour]
    slots["missed"] = fill(rng.choice(b.missed), slots)
    slots["ask"] = fill(rng.choice(b.ask), slots)
    parts = [fill(rng.choice(CONSTRUCTIVE_OPEN_3P if third else CONSTRUCTIVE_OPEN_2P), slots)]
    if rng.random() < 0.75:
        parts.append(fill(rng.choice(CONSTRUCTIVE_IMPACT), slots))
    parts.append(fill(rng.choice(ASK_3P if third else ASK_2P), slots))
    if not third and rng.random() < 0.4:
        parts.append(fill(rng.choice(CONSTRUCTIVE_CLOSE_2P), slots))
    return cap(" ".join(parts))


def suggestion(rng: random.Random, slots: Slots, behaviour: str, third: bool) -> str:
    b = BEHAVIOURS[behaviour]
    slots["ask"] = fill(rng.choice(b.ask), slots)
    parts = [fill(rng.choice(SUGGEST_OPEN_3P if third else SUGGEST_OPEN_2P), slots)]
    if rng.random() < 0.15:  # sometimes the suggestion follows an observation
        parts.insert(0, fill(rng.choice(b.detail), slots))
    if rng.random() < 0.6:
        parts.append(fill(rng.choice(SUGGEST_REASON), slots))
    return cap(" ".join(parts))


def review(rng: random.Random, slots: Slots, behaviours: tuple[str, ...], third: bool) -> str:
    picks = rng.sample(behaviours, k=min(3, len(behaviours)))
    while len(picks) < 3:
        picks.append(picks[0])
    b1, b2, b3 = (BEHAVIOURS[p] for p in picks)
    slots["who"] = slots["name"] if third else "you"
    slots["who_poss"] = slots["name"] + "'s" if third else "your"
    slots["who_obj"] = slots["name"] if third else "you"
    slots["did"] = fill(rng.choice(b1.did), slots)
    slots["ask"] = fill(rng.choice(b3.ask), slots)
    slots.update(b1=b1.label, b2=b2.label, b3=b3.label)
    parts = [fill(rng.choice(REVIEW_OPEN), slots), fill(rng.choice(b1.detail), slots)]
    second = rng.choice(b2.did)
    parts.append(cap(f"{slots['who']} also {fill(second, slots)}."))
    if rng.random() < 0.6:
        parts.append(fill(rng.choice(b2.detail), slots))
    parts.append(cap(fill(rng.choice(REVIEW_STRENGTH), slots)))
    parts.append(fill(rng.choice(REVIEW_GROWTH), slots))
    parts.append(cap(fill(rng.choice(REVIEW_OVERALL), slots)))
    return cap(" ".join(parts))
