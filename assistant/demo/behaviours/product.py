"""Product and customer behaviours: analysis, design craft, user research, customer focus."""

from __future__ import annotations

from assistant.demo.behaviours.behaviour import Behaviour

B = Behaviour
PRODUCT: dict[str, Behaviour] = {
    "analysis": B(
        "analysis",
        did=(
            "built the churn breakdown for {customer}'s segment that changed the pricing talks",
            "found that {pct}% of {service} errors came from one old client version",
            "questioned the {project} success number with data and got it changed",
            "turned the messy {service} event logs into a dashboard we open every day",
            "checked the {project} experiment properly before anyone celebrated",
            "got to the bottom of why {customer}'s invoices were off by a few cents",
        ),
        detail=(
            "The finding moved the {project} roadmap.",
            "The {service} dashboard is the first tab open at standup.",
            "The error bars were right there on the {project} slide, which kept us honest.",
            "It took a question about {customer} nobody could answer and made it a number.",
            "The odd spike turned out to be a timezone bug, not real users.",
        ),
        missed=(
            "shared the {project} numbers before checking the data underneath",
            "showed the {customer} breakdown without saying what it was for",
            "counted active users differently from finance in the {project} report",
            "presented {n} charts at {meeting} and no conclusion",
            "took two weeks on the {service} question when a rough answer in a day would have done",
        ),
        ask=(
            "say the question and the choice it feeds before showing the chart",
            "put the data caveats on the first slide, not at the back",
            "agree definitions with finance before publishing",
            "send a rough answer early and a careful one later",
        ),
        names=(
            "working with data",
            "getting to the bottom of things",
            "numbers",
        ),
    ),
    "design_craft": B(
        "design craft",
        did=(
            "designed the {project} empty screens so well that tickets about them stopped",
            "took the {customer} admin flow from {n} screens down to two",
            "brought three options to the {project} review with the trade-offs laid out",
            "fixed the contrast and keyboard details on {project} that nobody else had noticed",
            "made the {project} error messages sound like a person wrote them",
        ),
        detail=(
            "Task completion in the last usability round went up by {pct}%.",
            "Engineering built the {project} screens in one sprint because the specs were that "
            "clear.",
            "The component library has {n} new pieces because of that work.",
            "The old flow confused everyone; the new one needs no explaining.",
        ),
        missed=(
            "handed over the {project} screens without the edge cases, so engineering guessed",
            "kept polishing {project} visuals past the agreed handover",
            "skipped the contrast and keyboard checks on the {customer} flow",
            "brought one option to the {project} review and defended it for an hour",
        ),
        ask=(
            "include the error and empty screens in every handover",
            "timebox the polish and agree the handover date up front",
            "run through the accessibility list before the review",
            "bring two or three options, not one",
        ),
        names=(
            "the quality of {poss} screens",
            "visual and interaction work",
            "the craft side of design",
        ),
    ),
    "research": B(
        "user research",
        did=(
            "talked to {n} customers about {project} and pulled it together in a week",
            "brought a clip from the {customer} session that changed the room's mind",
            "found a properly mixed group of people for the {project} study",
            "sat in on {n} support calls to hear how {customer} really uses {service}",
        ),
        detail=(
            "The point about admins versus everyday users reshaped the {project} roadmap.",
            "{n} engineers started joining sessions on their own after that.",
            "We stopped guessing what {customer} wanted and started asking.",
        ),
        missed=(
            "shared the {project} findings weeks after the decisions were made",
            "only spoke to the customers {customer}'s account team picked",
            "wrote a {n}0-page report on {project} that nobody had time to read",
        ),
        ask=(
            "share a first read of what you heard within a few days",
            "talk to people beyond the friendliest accounts",
            "lead with the three things we should change",
        ),
        names=(
            "listening to users",
            "the studies {poss} runs",
        ),
    ),
    "customer": B(
        "customer focus",
        did=(
            "turned the {customer} renewal around after a rough quarter",
            "saw room to grow at {customer} and brought the right people in",
            "dealt with a furious admin at {customer} calmly and clearly",
            "wrote the {customer} plan together with them, not for them",
            "signed {customer} for a scope we can actually deliver",
            "took what {customer} said about {service} straight to the product team",
            "called {customer} back the same day, every time, all quarter",
        ),
        detail=(
            "{customer} renewed for two years and added {n}00 seats.",
            "{customer}'s survey score went from a 4 to a 9.",
            "Product fixed {customer}'s biggest complaint within the month.",
            "The deal closed {pct}% above the first quote.",
            "The angry email thread ended with a thank-you.",
        ),
        missed=(
            "promised {customer} a {project} feature nobody has agreed to build",
            "left the {customer} ticket unanswered for {n} days",
            "walked into the {customer} business review without looking at their usage",
            "passed the {customer} problem to engineering without the details they needed",
            "told {customer} it was fixed before checking that it was",
        ),
        ask=(
            "check the roadmap with product before giving {customer} a date",
            "answer customers within a day, even just to say someone is on it",
            "look at the usage numbers before every business review",
            "include the steps to reproduce when passing a problem to engineering",
        ),
        names=(
            "looking after customers",
            "the client side of {poss} role",
            "the accounts {poss} looks after",
        ),
    ),
}
