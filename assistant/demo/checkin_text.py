"""1:1 check-in prose: shared notes, the manager's private notes, and action items."""

from __future__ import annotations

import random

from assistant.demo.slots import Slots, cap, fill

# Each topic is a list of ways the same kind of conversation gets written up.
SHARED_TOPICS: tuple[tuple[str, ...], ...] = (
    (
        "Walked through {project}: the {service} piece is the long pole, agreed to revisit next "
        "time.",
        "{project} status: mostly fine, one open question on {service} ownership.",
        "Talked about {project}. Demo at {meeting} went well; next milestone is the {customer} "
        "pilot.",
        "Reviewed the {project} plan together and moved the {service} work up a week.",
    ),
    (
        "Workload feels heavy this sprint; we moved the {service} cleanup to next cycle.",
        "Workload is fine. {name} has room to pick up something from the {project} backlog.",
        "Too many meetings: {name} will decline the optional ones on {weekday}s.",
        "Context switching between {project} and support is the main drain right now.",
    ),
    (
        "Career: {name} is interested in leading a small project; {project} could be the one.",
        "Talked about the path to senior. Main gap is visibility of design decisions.",
        "{name} wants more exposure to customers; will join the next {customer} call.",
        "Discussed whether a move toward management is interesting. Not now, maybe next year.",
        "Went through the career framework together; {name} picked two areas to focus on.",
    ),
    (
        "Feedback: shared the kind words from {peer} about {project}.",
        "Shared some feedback from {meeting} about keeping updates shorter.",
        "{name} asked for more direct feedback in the moment rather than saved up for 1:1s.",
        "Talked about how the {service} review thread landed with {peer}.",
    ),
    (
        "Team: {name} flagged that on-call handoffs are getting sloppy.",
        "Team: would like clearer ownership between us and the {service} owners.",
        "Team mood seems OK; {name} mentioned the {project} crunch was tiring.",
        "Suggested we try a written standup on {weekday}s.",
    ),
    (
        "Time off: out the week after next, handover plan for {service} agreed.",
        "Planning a long weekend; {peer} will cover {project}.",
        "Back from leave; caught up on what changed in {project}.",
    ),
    (
        "Goals: progress looks {pace}; the {service} key result needs attention.",
        "Updated goal confidence together; {project} is {pace}.",
        "Agreed to rewrite one goal because the {project} scope changed.",
    ),
)
PACE = ("on track", "a bit behind", "ahead of plan", "roughly where we expected", "at risk")
PRIVATE_NOTES = (
    "Seemed tired; worth checking in on workload again before {project} crunch.",
    "Strong month. Start building the promotion case around {project}.",
    "Possible flight risk: mentioned a recruiter reaching out twice.",
    "Still defensive when {service} review feedback comes up. Coach, don't push.",
    "Needs more stretch; consider giving the {customer} rollout to {name}.",
    "Raised the {peer} friction again. Talk to {peer}'s manager if it continues.",
    "Much more confident than last quarter. Keep giving visibility at {meeting}.",
    "Compensation question coming at review time; prepare the band data.",
    "Hesitant about the lead role. Don't force it; revisit in a month.",
    "Quiet today. Could be the {project} slip weighing on {obj}.",
)
ACTIONS = (
    "Draft the {project} rollout plan and share it before {meeting}",
    "Share the {service} postmortem with {customer}",
    "Book a pairing session with {peer} on {service}",
    "Update the {project} goal with the new dates",
    "Write up a one-page proposal for the {service} split",
    "Review {peer}'s design doc for {service}",
    "Pick two areas from the career framework to work on",
    "Ask {peer} for feedback on the {project} demo",
    "Set up the {customer} pilot kickoff",
    "Clean up the {service} alerts that fire every night",
    "Prepare the {meeting} update on {project}",
    "Introduce {name} to the {customer} account team",
    "Find a conference talk slot for the {project} story",
    "Check the promotion timeline with HR",
    "Move the {service} on-call handbook to the wiki",
    "Decline the optional {weekday} meetings for a month and see if it helps",
    "Send {peer} the notes from the {project} retro",
    "Confirm the {project} scope cut with product",
)


def shared_notes(rng: random.Random, slots: Slots) -> str:
    slots["pace"] = rng.choice(PACE)
    topics = rng.sample(SHARED_TOPICS, k=rng.randint(2, 4))
    return "\n".join("- " + fill(rng.choice(topic), slots) for topic in topics)


def private_note(rng: random.Random, slots: Slots) -> str:
    return fill(rng.choice(PRIVATE_NOTES), slots)


def action_text(rng: random.Random, slots: Slots) -> str:
    return cap(fill(rng.choice(ACTIONS), slots))
