"""1:1 check-in prose: shared notes, the manager's private notes, and action items.

Managers write notes in their own way (:func:`style_of`): full sentences, clipped bullet
fragments, or a narrative. Each topic of a conversation has several ways of being written up, in
several registers, so two pairs' notes rarely share a line.
"""

from __future__ import annotations

import random
import zlib

from assistant.demo.slots import Slots, cap, fill

# Each topic is a list of ways the same kind of conversation gets written up.
SHARED_TOPICS: tuple[tuple[str, ...], ...] = (
    (  # the work itself
        "Walked through {project}: the {service} piece is the long pole; we'll look at it "
        "again next time.",
        "{project} status: mostly fine, one open question about who looks after {service}.",
        "Talked about {project}. The demo at {meeting} landed well; next stop is the {customer} "
        "pilot.",
        "Went over the {project} plan and pulled the {service} work forward a week.",
        "{project} - fine. {service} - still unclear who decides.",
        "{name} thinks {project} is about two weeks from done; I'm less sure.",
        "Spent most of the half hour on {service}. No decision yet, both of us to think.",
        "{project}: {name} would like a second pair of hands for the {customer} part.",
    ),
    (  # load and energy
        "A heavy sprint; we moved the {service} cleanup to next cycle.",
        "Load is OK. {name} has room to take something from the {project} backlog.",
        "Too many meetings, so {name} will skip the optional ones on {weekday}s.",
        "Jumping between {project} and support all week is what wears {obj} out.",
        "Said {subj} is tired. Not a crisis, but worth watching.",
        "{name} feels good about the pace, first time in a while.",
        "Evenings creeping in again because of {project}. Agreed that stops after the launch.",
        "Energy 3/5 by {poss} own count.",
    ),
    (  # career
        "Career: {name} would like to lead something small; {project} could be it.",
        "The path to senior came up. The gap, as we both see it, is visibility of {poss} "
        "decisions.",
        "{name} wants to be closer to customers and will join the next {customer} call.",
        "Asked whether managing people appeals. Not now, maybe next year.",
        "Went through the career ladder together; {name} picked two areas.",
        "{name} asked what a promotion case looks like here. Sent the template afterwards.",
        "Talked about a conference talk on {project}. {name} is keen but nervous.",
    ),
    (  # feedback both ways
        "Passed on the kind words from {peer} about {project}.",
        "Shared what came up at {meeting} about keeping updates shorter.",
        "{name} asked for feedback in the moment instead of saved up for 1:1s.",
        "Talked about how the {service} thread came across to {peer}.",
        "{name} gave me feedback too: my {weekday} messages are too late in the day.",
        "Went through the comments from the {cycle} review; nothing surprising for {obj}.",
    ),
    (  # the team
        "Team: {name} says the on-call hand-offs have got sloppy.",
        "Team: would like a clearer line between us and whoever owns {service}.",
        "Team mood seems fine; {name} mentioned the {project} push was tiring.",
        "Idea from {name}: a written standup on {weekday}s.",
        "{peer} and {name} still don't see eye to eye on {service}. Keeping an eye on it.",
        "{name} would like more say in how {project} work is split.",
    ),
    (  # time off
        "Time off: away the week after next; the {service} hand-over is agreed.",
        "Long weekend coming up; {peer} will cover {project}.",
        "Back from leave and caught up on what changed in {project}.",
        "Holiday booked for next month, {peer} covering.",
        "Off {weekday} for a family thing.",
    ),
    (  # goals
        "Goals: looking {pace}; the {service} key result needs attention.",
        "Re-scored goal confidence together; {project} is {pace}.",
        "Agreed to rewrite one goal because the {project} scope moved.",
        "Goals {pace}, apart from the {service} one.",
        "{name} wants to drop the {service} goal. Asked for a week to think about it.",
    ),
)
PACE = ("on track", "a bit behind", "ahead of plan", "roughly where we expected", "at risk")
# Clipped bullets: how a manager who writes in shorthand notes the same conversations.
SHORTHAND_TOPICS: tuple[tuple[str, ...], ...] = (
    ("{project}: ok", "{project} - blocked on {service}", "{project} demo {weekday}"),
    ("load: high", "load ok", "tired, watch", "mtgs too many"),
    ("career: wants lead role", "career - later", "promo q's -> sent template"),
    ("fb from {peer}: positive", "fb: shorter updates", "asked for faster fb"),
    ("team: on-call hand-offs", "team ok", "{peer} friction, watch", "try written standup?"),
    ("PTO next month", "out {weekday}", "back from leave"),
    ("goals {pace}", "goal rewrite - {project}", "KR on {service} at risk"),
)
# A short paragraph, for managers who write their notes as prose.
NARRATIVE_OPEN = (
    "Good conversation today.",
    "Short one this week.",
    "{name} came in with a list, which helped.",
    "Mostly talked about {project}.",
    "Bit of a heavy 1:1.",
    "We ran over, in a good way.",
)

PRIVATE_NOTES = (
    "Looked tired; check on load again before the {project} crunch.",
    "Strong month. Start building the promotion case around {project}.",
    "Mentioned a recruiter has reached out twice. Could lose {obj}.",
    "Still bristles when {service} comments come up. Coach, don't push.",
    "Ready for more; think about giving {name} the {customer} rollout.",
    "The {peer} friction came up again. Talk to {peer}'s manager if it carries on.",
    "Far more confident than last quarter. Keep giving {obj} airtime at {meeting}.",
    "Pay question coming at review time; have the band data ready.",
    "Unsure about the lead role. Don't force it; come back to it in a month.",
    "Quiet today. Maybe the {project} slip is weighing on {obj}.",
    "Said nothing about {project} unless asked. Not like {obj}.",
    "Asked twice about the reorg rumours. Be straight with {obj} once I know.",
    "Doing fine, I think, but {subj} never says when something is wrong.",
    "Laughed a lot today, first time in weeks.",
    "Talked about {poss} parent being ill; be flexible on hours.",
)
ACTIONS = (
    "Draft the {project} rollout plan and share it before {meeting}",
    "Send {customer} the {service} write-up",
    "Book an hour with {peer} on {service}",
    "Put the new {project} dates on the goal",
    "Write a one-page proposal for splitting {service}",
    "Read {peer}'s {service} design doc",
    "Pick two areas from the career ladder",
    "Ask {peer} what they thought of the {project} demo",
    "Set up the {customer} pilot kick-off",
    "Silence the {service} alerts that fire every night",
    "Prepare the {meeting} slides on {project}",
    "Introduce {name} to the {customer} account team",
    "Look for a conference talk slot for the {project} story",
    "Check the promotion timeline with HR",
    "Move the {service} on-call notes to the wiki",
    "Skip the optional {weekday} meetings for a month and see",
    "Send {peer} the {project} retro notes",
    "Confirm the {project} cut with product",
    "Find out who owns {service} now",
    "Book the {customer} visit",
    "Write down what done means for {project}",
    "Ask finance for the {project} numbers",
)

STYLES = ("sentences", "shorthand", "narrative")
_STYLE_WEIGHTS = (6, 3, 2)


def style_of(manager: str) -> str:
    """How ``manager`` (an email) writes up 1:1s: fixed per person, the same on every run."""
    point = zlib.crc32(manager.encode("utf-8")) % sum(_STYLE_WEIGHTS)
    for style, weight in zip(STYLES, _STYLE_WEIGHTS, strict=True):
        if point < weight:
            return style
        point -= weight
    return STYLES[0]


def shared_notes(rng: random.Random, slots: Slots, style: str = "sentences") -> str:
    slots["pace"] = rng.choice(PACE)
    picks = rng.sample(range(len(SHARED_TOPICS)), k=rng.randint(2, 4))
    if style == "narrative":
        lines = [fill(rng.choice(NARRATIVE_OPEN), slots)]
        lines += [fill(rng.choice(SHARED_TOPICS[i]), slots) for i in picks]
        return " ".join(lines)
    if style == "shorthand":
        # Shorthand writers still spell out one topic in full now and then.
        lines = [
            fill(rng.choice(SHARED_TOPICS[i] if rng.random() < 0.3 else SHORTHAND_TOPICS[i]), slots)
            for i in picks
        ]
        return "\n".join("- " + line for line in lines)
    return "\n".join("- " + fill(rng.choice(SHARED_TOPICS[i]), slots) for i in picks)


def private_note(rng: random.Random, slots: Slots) -> str:
    return fill(rng.choice(PRIVATE_NOTES), slots)


def action_text(rng: random.Random, slots: Slots) -> str:
    return cap(fill(rng.choice(ACTIONS), slots))
