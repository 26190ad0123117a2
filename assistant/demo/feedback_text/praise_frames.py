"""The frames of praise: openings (about anyone, spoken to the receiver, or about them in a note),
impact, closes, and the reservation a praise record can carry."""

from __future__ import annotations

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
