"""What people do at work, per behaviour, as fragments that feedback sentences are built from.

Grammar contract (so one fragment serves "you", "Dana" and "they" alike):
- ``did`` and ``missed``: simple past verb phrases, no subject ("walked the team through ...").
- ``detail``: complete sentences about the work, no pronoun agreement needed.
- ``ask``: bare infinitive phrases ("send a short written update ...").
- ``names``: noun phrases a reviewer would use for the area ("how {poss} changes get reviewed").
Placeholders ({project}, {service}, {customer}, {meeting}, {weekday}, {n}, {pct}, {hours},
{peer}, {poss}) are filled per record from the vocab banks.

Written from what each kind of work looks like, in the words different people use for it, not
from the drafter's lexicon (evals/generator_overlap.py counts how much they share). A fragment
can mention a problem in praise ("kept the broken deploy away from customers") or criticise with
no problem word at all ("sent the numbers on Friday when we had said Tuesday").
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Behaviour:
    label: str  # the plainest name for it
    did: tuple[str, ...]
    detail: tuple[str, ...]
    missed: tuple[str, ...]
    ask: tuple[str, ...]
    names: tuple[str, ...] = ()  # other ways a review names it

    @property
    def all_names(self) -> tuple[str, ...]:
        return (self.label, *self.names)


B = Behaviour
BEHAVIOURS: dict[str, Behaviour] = {
    "code_review": B(
        "code review",
        did=(
            "went through {peer}'s {service} pull request line by line the same afternoon",
            "spotted that the {service} pagination dropped the last page before it went out",
            "asked the one question on the {project} branch that made the whole design simpler",
            "chopped a {n}-file change into pieces small enough to read over coffee",
            "sat with {peer} on the retry code in {service} rather than sending it back again",
            "said no, politely, to a shortcut in the {project} schema change",
            "wrote tests for the odd cases {peer} worried about, without a second reminder",
            "got through {n} pull requests on the {weekday} crunch and did not wave any through",
            "kept a nasty race condition out of {service} by actually running the branch",
            "explained in two lines why the {project} approach would hurt us later",
        ),
        detail=(
            "Moving the duplicate check into {service}, as suggested, spared us a repeat of last "
            "month's double charges.",
            "Changes on the team now wait hours for a reviewer, not days.",
            "{peer} called it the most useful reading of their work all quarter.",
            "The pull request description doubled as the design note for {project}.",
            "QA found nothing in that change, which almost never happens with {service}.",
            "The bug that slipped past three of us was gone before lunch.",
        ),
        missed=(
            "approved the {service} change without running it, and staging was down for a day",
            "let {n} of {peer}'s pull requests sit for over a week",
            "left comments on the {project} branch that came across as curt",
            "merged {n} thousand lines into {service} with nobody else looking",
            "rewrote {peer}'s approach in the review thread instead of talking first",
            "signed off the {project} migration on {weekday} after reading only the summary",
            "asked for {n} rounds of naming changes on a one-line fix",
            "ended up as the last approval on every {service} change for most of the sprint",
        ),
        ask=(
            "agree a turnaround time for reviews with the team and stick to it",
            "keep {service} changes small enough that someone can read them in one go",
            "phrase matters of taste as questions",
            "jump on a call once a thread goes past {n} rounds",
            "pull the branch and try it before approving anything in {service}",
            "leave one comment saying what is good before the list of changes",
        ),
        names=(
            "reviewing other people's changes",
            "how {poss} changes get read before they ship",
            "care in review",
            "engineering rigour",
        ),
    ),
    "incident_response": B(
        "incident response",
        did=(
            "took charge when {service} fell over on {weekday} and nobody panicked",
            "kept support posted every {n}0 minutes while {service} limped along",
            "traced the {service} slowdown to a bad config push in under an hour",
            "had the postmortem for the {project} outage out in two days, with no finger-pointing",
            "talked {customer} through the worst hour of the quarter",
            "rolled {service} back at 2am instead of trying to be a hero",
            "chased every follow-up from the {service} review until the last one was closed",
            "kept the broken deploy away from customers by pulling the flag in minutes",
            "woke up for the {service} page, fixed it, and still wrote it down before bed",
        ),
        detail=(
            "We were back up in {n}0 minutes; this kind of thing usually takes us three hours.",
            "{customer} brought up the status page updates on their renewal call, in a good way.",
            "The playbook written afterwards has been used twice since.",
            "The review ended with {n} fixes and a name next to each.",
            "The channel stayed calm because it was obvious who was steering.",
            "The outage could have cost us {customer}; it cost us an afternoon.",
        ),
        missed=(
            "went silent for over an hour while {service} was down, so support had nothing to "
            "tell {customer}",
            "never wrote the postmortem for the {project} outage",
            "handed over the pager with no note about the {service} alerts still firing",
            "tried to fix {service} alone at night instead of waking someone up",
            "closed the ticket before the {service} fix had actually gone out",
            "left {customer} to hear about the downtime from their own users",
            "answered the {weekday} page only after {n}0 minutes",
        ),
        ask=(
            "call in a second person after fifteen minutes if it is still unclear",
            "post something every half hour while it is ongoing, even 'still looking'",
            "get the write-up done within a week, while people remember",
            "leave a short note for whoever takes the pager next",
            "keep hold of the follow-ups from the {service} review until each one is done",
        ),
        names=(
            "handling outages",
            "being on call",
            "staying steady when things break",
            "the way {poss} firefights",
        ),
    ),
    "documentation": B(
        "documentation",
        did=(
            "rewrote the {service} getting-started page so a new joiner could deploy on day two",
            "wrote down why we chose the {project} design before anyone asked",
            "turned a {n}0-message chat thread into a page people actually bookmark",
            "kept the {project} how-to page true through {n} changes in one sprint",
            "wrote up the odd corners of the {customer} integration so support stopped escalating",
            "had the {meeting} outcomes written up by the end of the afternoon",
            "drew the one diagram of {service} that finally made sense to me",
        ),
        detail=(
            "Questions about {service} in the help channel dropped by about {pct}% after that.",
            "Two new starters said that page was the first thing about {project} that clicked.",
            "It is the link everyone pastes when {service} comes up.",
            "One picture on the first page replaced {n} pages of text.",
            "Nobody has asked me how {service} deploys since.",
        ),
        missed=(
            "shipped the {service} change and left the how-to page describing the old way",
            "kept the {project} decisions in {poss} head, so people had to ask every time",
            "left the {customer} handover half written",
            "said the {service} README would land last sprint, and it has not",
            "explained the {project} setup to {n} people one by one instead of once on a page",
            "wrote a page on {service} that only makes sense to someone who built it",
        ),
        ask=(
            "write a short note each time {project} changes direction",
            "count the how-to page as part of finishing anything in {service}",
            "put it on a page before explaining it a third time",
            "spend the last hour of each sprint tidying what is written about {project}",
            "ask a new joiner to follow the {service} page and fix where they get lost",
        ),
        names=(
            "writing things down",
            "the written side of {poss} work",
            "keeping pages up to date",
        ),
    ),
    "ownership": B(
        "ownership",
        did=(
            "adopted the {service} migration nobody wanted and got it finished",
            "saw the nightly job for {project} failing and fixed it without a word to anyone",
            "carried the {customer} rollout from start to finish, dull bits included",
            "told us early that {project} would be late and came with two ways out",
            "kept nagging about the {service} upgrade until it finally went in",
            "owned up to the {project} mistake in {meeting} before anyone else found it",
            "stayed on the {customer} problem until it was really gone, not just quiet",
        ),
        detail=(
            "That migration had been stuck for {n} months before it got picked up.",
            "Nobody had to chase for where {project} stood.",
            "The {customer} switch happened on the day we had promised.",
            "We heard about the slip {n} weeks ahead instead of on launch day.",
            "It was not {poss} job, and it got done anyway.",
        ),
        missed=(
            "let the {service} upgrade sit for weeks after saying it was handled",
            "said yes to {project} work without looking at the calendar, then let it go",
            "waited for somebody else to notice the {service} alert",
            "let the {weekday} date for {customer} pass without telling anyone",
            "picked up the {project} cleanup in {meeting} and it has not moved since",
            "handed the {service} work back half done, the day before the deadline",
        ),
        ask=(
            "say so as soon as something is sliding, even before the news is final",
            "give work back out loud when {poss} plate is full",
            "close the loop on anything taken on in {meeting}",
            "keep a list of what {poss} promises are, with dates, where we can see it",
            "tell people when something is finished, not only when it is late",
        ),
        names=(
            "taking things on unprompted",
            "following through",
            "accountability",
            "seeing things to the end",
        ),
    ),
    "collaboration": B(
        "collaboration",
        did=(
            "dropped {poss} own work to help {peer} get the {project} release out the "
            "night before launch",
            "briefed the {customer} account folks before they walked into the call",
            "made the hand-off between design and engineering on {project} painless",
            "took {peer}'s on-call shift when {peer} was off sick",
            "pulled three teams together to land {project}",
            "made room for the quieter people in {meeting}",
            "shared the credit for {project} with everyone who touched it",
            "answered {peer}'s questions on {service} all week without a sigh",
        ),
        detail=(
            "The {project} release went out on {weekday} as planned; otherwise it would not have.",
            "People on other teams now ask for {poss} opinion on {service} by name.",
            "{peer} told me it was the first hand-off that needed no follow-up meeting.",
            "{project} felt like one team's work instead of three.",
            "Nobody was stuck waiting on anybody that week.",
        ),
        missed=(
            "built the {project} spike alone and sprang it on {peer} at review",
            "turned down {peer}'s request for help on {service} without pointing them anywhere",
            "cut across {peer} a few times in {meeting}",
            "changed the {service} interface without telling the teams that call it",
            "kept the {project} board private until the day before the demo",
            "presented the {project} results without mentioning that {peer} did half of it",
        ),
        ask=(
            "show work in progress earlier, rough is fine",
            "point people to somebody who can help when {poss} own time is short",
            "check with the teams that use {service} before changing it",
            "let others finish before answering in {meeting}",
            "name the people who helped when presenting",
        ),
        names=(
            "working with others",
            "teamwork",
            "how {poss} partners with the teams around us",
            "being good company on a project",
        ),
    ),
    "stakeholder_comms": B(
        "stakeholder communication",
        did=(
            "sent a short weekly note on {project} that the leadership team actually read",
            "explained the {service} trade-offs to {customer} in plain words",
            "prepared the {meeting} slides so the call took ten minutes instead of an hour",
            "told sales early and straight that {project} would move",
            "walked {customer} through every step of the move",
            "kept finance, legal and sales on the same page about {project}",
            "handled a tense call with {customer}'s CTO without promising anything we can't do",
        ),
        detail=(
            "The leadership team stopped pinging for {project} news after the first {n} notes.",
            "{customer} wrote back to thank the team, which they never do.",
            "The {project} call was settled in the room, with no second meeting.",
            "Sales quoted the right {project} date in every conversation that month.",
            "The VP forwarded the note to the whole department.",
        ),
        missed=(
            "left the {customer} account team without a word on {project} for {n} weeks",
            "posted the {project} delay in a big channel before telling the people it hit",
            "sent a {n}-page write-up on {service} when people wanted three lines",
            "gave {customer} a {project} date without asking the team",
            "let the VP find out about the {project} change at {meeting}",
            "sent {customer} the same answer three times without reading their question",
        ),
        ask=(
            "agree with the people outside the team how often they want news, then keep to it",
            "open with the decision you need and put the detail after",
            "tell the people affected first, and the wide channel after",
            "check a date with the team before giving it to {customer}",
            "send the VP two lines on {project} every {weekday}",
        ),
        names=(
            "managing expectations outside the team",
            "keeping leadership and customers informed",
            "how {poss} keeps the rest of the company posted",
        ),
    ),
    "planning": B(
        "planning",
        did=(
            "broke {project} into milestones everyone could see and follow",
            "put together a believable plan for the {service} move, risks written out",
            "ran the sizing for {project}, and the numbers held",
            "trimmed {project} early and said plainly what we would not build",
            "ordered the {customer} launch so that nothing hung on the riskiest part",
            "spotted that {project} and {service} both needed {peer} in the same week",
        ),
        detail=(
            "We made {n} of the {n} dates we set.",
            "The risk list named the {service} dependency that later bit us, so we were ready.",
            "The {project} cuts were agreed in a week rather than fought over for a month.",
            "Guesses landed within {pct}% of what it really took, a first for us.",
            "The board on the wall matched reality all quarter.",
        ),
        missed=(
            "started {project} with no plan anyone else could see",
            "kept adding to {project} after the dates were fixed",
            "laid out the {service} work around {poss} own calendar only",
            "forgot the {customer} holiday freeze when dating {project}",
            "gave three different dates for {project} in the same week",
            "booked the {service} work for the same sprint as the {customer} launch",
        ),
        ask=(
            "write the plan down, with dates and names, before work starts",
            "hold the line on what is in once dates are promised, or move the dates openly",
            "leave slack around the {customer} freeze windows",
            "look at the plan again every two weeks and say what moved",
            "pick the two things that matter this quarter and say no to the rest",
        ),
        names=(
            "looking ahead",
            "sequencing work",
            "deciding what comes first",
            "estimates and scope",
        ),
    ),
    "mentoring": B(
        "mentoring",
        did=(
            "set aside an hour every week to work through {service} with {peer}",
            "helped {peer} get ready for {poss} first design review on {project}",
            "gave {peer} a stretch piece of {project} and stayed near enough to catch them",
            "ran a lunchtime session on {service} internals that {n}0 people came to",
            "read {peer}'s promotion case and gave honest, useful notes",
            "answered the new starter's questions on {service} with real patience",
            "let {peer} run the {meeting} demo and only stepped in once",
        ),
        detail=(
            "{peer} now runs the {service} deploys alone.",
            "{peer} presented at {meeting} and handled the hard questions well.",
            "The recording of that {service} session has been watched by most new joiners.",
            "{n} people brought up that session in their self-reviews.",
            "{peer} is asking better questions than I do now.",
        ),
        missed=(
            "took over {peer}'s {project} task instead of talking {peer} through it",
            "cancelled {n} one-to-ones with {peer} in a row",
            "told {peer} what was wrong with the {service} change in front of the whole channel",
            "left the new starter on {project} with a wiki link and no one to ask",
            "answered {peer}'s questions by fixing the code instead of explaining it",
        ),
        ask=(
            "let {peer} struggle a little longer before stepping in",
            "keep the weekly slot with {peer} even when the week is busy",
            "give the harder notes one to one, not in the channel",
            "ask {peer} what they think before saying what you think",
        ),
        names=(
            "growing the people around {obj}",
            "helping juniors",
            "teaching",
            "bringing new people up to speed",
        ),
    ),
    "facilitation": B(
        "meeting facilitation",
        did=(
            "ran {meeting} from a clear list and let us go ten minutes early",
            "stopped the {project} kick-off from turning into an argument",
            "made sure each decision in {meeting} left the room with a name and a date",
            "got the {project} look-back to be honest for once",
            "refereed the {service} design argument fairly",
            "ended {meeting} with the next steps read back to everyone",
        ),
        detail=(
            "Notes and names from {meeting} were posted within the hour.",
            "People walked out of {meeting} knowing what to do next on {project}.",
            "It was the first {meeting} in {n} months that ended on time.",
            "Even {peer}, who hates that call, said it was a good use of an hour.",
        ),
        missed=(
            "let {meeting} run {n}0 minutes over without reaching a decision",
            "started the {project} kick-off with no list, so we went round in circles",
            "closed {meeting} without saying who would do what",
            "let one person talk for most of {meeting}",
            "booked an hour for {meeting} when it needed fifteen minutes",
        ),
        ask=(
            "send the list of topics a day before {meeting}",
            "end each call by reading back what was decided and by whom",
            "park side topics and pick them up separately",
            "ask the people who have not spoken yet before closing",
        ),
        names=(
            "running meetings",
            "chairing",
            "keeping a room on track",
        ),
    ),
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
