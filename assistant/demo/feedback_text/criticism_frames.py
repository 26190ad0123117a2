"""The frames of criticism: openings (plain, mixed, sarcastic, about someone), impact, asks and
closes."""

from __future__ import annotations

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
