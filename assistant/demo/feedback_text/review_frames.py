"""The frames of a cycle review: an opening in each voice, strengths, the growth area, an overall
line."""

from __future__ import annotations

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
