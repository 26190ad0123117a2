"""The frames of a suggestion: openings (in each voice, or about someone) and the reason given."""

from __future__ import annotations

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
