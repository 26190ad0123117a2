"""What people do at work, per behaviour, as fragments that feedback sentences are built from.

Grammar contract (so one fragment serves "you", "Dana" and "they" alike):
- ``did`` and ``missed``: simple past verb phrases, no subject ("walked the team through ...").
- ``detail``: complete sentences about the work, no pronoun agreement needed.
- ``ask``: bare infinitive phrases ("send a short written update ...").
Placeholders ({project}, {service}, {customer}, {meeting}, {weekday}, {n}, {pct}, {hours},
{peer}, {poss}) are filled per record from the vocab banks.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Behaviour:
    label: str  # how a person would name it in a review
    did: tuple[str, ...]
    detail: tuple[str, ...]
    missed: tuple[str, ...]
    ask: tuple[str, ...]


B = Behaviour
BEHAVIOURS: dict[str, Behaviour] = {
    "code_review": B(
        "code review",
        did=(
            "turned around the {service} reviews within a day all sprint",
            "left review comments on the {project} branch that explained the why, not just the "
            "what",
            "caught the off-by-one in the {service} pagination before it shipped",
            "split {poss} {n}-file change into small reviewable PRs",
            "paired with {peer} on the gnarly retry logic in {service} instead of bouncing the PR",
            "pushed back, kindly, on a shortcut in the {project} schema migration",
            "added tests for the edge cases {peer} flagged without being asked twice",
            "reviewed {n} PRs during the {weekday} crunch and still kept the bar high",
        ),
        detail=(
            "The suggestion to move the idempotency check into {service} saved us a follow-up "
            "incident.",
            "Review turnaround on the team went from days to hours in the weeks after that.",
            "{peer} said it was the most useful review they had had all quarter.",
            "The PR description alone was good enough to serve as the design note for {project}.",
            "Nothing in that change came back in QA, which is rare for {service}.",
        ),
        missed=(
            "approved the {service} change without running it, and it broke staging for a day",
            "left {n} PRs from {peer} waiting for more than a week",
            "wrote review comments on the {project} PR that read as dismissive",
            "merged a {n}-thousand-line PR into {service} with no second reviewer",
            "rewrote {peer}'s approach in review instead of discussing it first",
        ),
        ask=(
            "agree on a review turnaround with the team and hold to it",
            "keep changes to {service} under a few hundred lines so they can be reviewed properly",
            "frame review comments as questions when it's a matter of taste",
            "pull the author into a quick call when a review thread passes {n} rounds",
            "run the change locally before approving anything that touches {service}",
        ),
    ),
    "incident_response": B(
        "incident response",
        did=(
            "took incident command during the {service} outage on {weekday} and kept everyone calm",
            "posted clear status updates every {n}0 minutes while {service} was degraded",
            "found the bad config push behind the {service} latency spike in under an hour",
            "wrote the postmortem for the {project} incident within two days, blameless and "
            "specific",
            "handled the {customer} escalation during the outage with real care",
            "rolled back {service} quickly instead of trying to fix forward at 2am",
            "followed up on every action item from the {service} retro until it was closed",
        ),
        detail=(
            "Time to mitigate was {n}0 minutes, against a three-hour median for that class of "
            "incident.",
            "{customer} mentioned the status page updates specifically in their renewal call.",
            "The runbook written up afterwards has been used twice already.",
            "The retro ended with {n} concrete fixes and owners, not a list of regrets.",
            "The {service} incident channel stayed focused because someone was clearly in charge.",
        ),
        missed=(
            "went quiet for over an hour during the {service} incident, so support had nothing to "
            "tell {customer}",
            "skipped the postmortem for the {project} outage",
            "handed off the on-call pager without a written summary of the open {service} alerts",
            "tried to debug the {service} outage alone instead of paging for help",
            "closed the incident ticket before the {service} fix was actually deployed",
        ),
        ask=(
            "page a second person within fifteen minutes when an incident is still unclear",
            "post an update in the incident channel at least every half hour, even if it's 'no "
            "news'",
            "write the postmortem within a week while the details are fresh",
            "leave a written handoff note at the end of each on-call shift",
            "own the follow-up actions from the {service} retro until they're closed",
        ),
    ),
    "documentation": B(
        "documentation",
        did=(
            "rewrote the onboarding guide for {service} so new joiners can deploy on day two",
            "wrote the decision record for {project} before anyone asked for it",
            "turned a {n}0-message Slack thread into a clear FAQ on the wiki",
            "kept the {project} runbook current through {n} changes in a single sprint",
            "documented the {customer} integration quirks so support stopped escalating them",
            "wrote up the {meeting} outcomes the same afternoon",
        ),
        detail=(
            "Questions about {service} in the help channel dropped by about {pct}% after that.",
            "Two new hires told me that page was the first thing that made {project} make sense.",
            "It's now the doc everyone links to when {service} comes up.",
            "The diagram on the first page does more than the previous {n} pages did.",
        ),
        missed=(
            "shipped the {service} change with no update to the runbook",
            "kept the {project} decisions in {poss} head, so the team had to ask every time",
            "left the {customer} handover notes half-finished",
            "said the README for {service} would be done last sprint and it still isn't",
        ),
        ask=(
            "add a short decision record whenever {project} changes direction",
            "treat the runbook update as part of done for anything touching {service}",
            "write things down before explaining them a third time",
            "spend the last hour of each sprint tidying the {project} docs",
        ),
    ),
    "ownership": B(
        "ownership",
        did=(
            "picked up the orphaned {service} migration and drove it to done",
            "noticed the failing nightly job for {project} and fixed it without being asked",
            "owned the {customer} rollout end to end, including the boring parts",
            "flagged early that {project} would slip and came with two options",
            "kept chasing the {service} dependency upgrade until it actually landed",
        ),
        detail=(
            "That migration had been stuck for {n} months before it was picked up.",
            "Nobody had to ask twice about where {project} stood.",
            "The cut-over for {customer} happened on the date we promised.",
            "We caught the slip with {n} weeks to spare instead of finding out on launch day.",
        ),
        missed=(
            "let the {service} upgrade sit for weeks after saying it was in hand",
            "said yes to {project} work without checking capacity, and then dropped it",
            "waited for someone else to notice the broken {service} alert",
            "missed the {weekday} deadline for the {customer} deliverable without warning anyone",
        ),
        ask=(
            "say early when something is slipping, even if the news isn't final",
            "hand work back explicitly when {poss} plate is too full",
            "close the loop on tasks picked up in {meeting}",
            "keep a visible list of what {poss} commitments are and their dates",
        ),
    ),
    "collaboration": B(
        "collaboration",
        did=(
            "jumped in to help {peer} unblock the {project} release the night before launch",
            "shared context with the {customer} account team before they walked into the call",
            "made the handover between design and engineering on {project} feel seamless",
            "offered to take {peer}'s on-call shift when {peer} was out sick",
            "worked across three teams to get {project} over the line",
            "made space for quieter voices in {meeting}",
        ),
        detail=(
            "The {project} release went out on {weekday} as planned, which it would not have "
            "otherwise.",
            "People on other teams now ask for {poss} input on {service} by name.",
            "{peer} told me it was the first time the handover did not need a follow-up meeting.",
            "It made {project} feel like one team's work rather than three.",
        ),
        missed=(
            "worked on the {project} spike in isolation and surprised {peer} with it at review",
            "declined {peer}'s request for help on {service} without suggesting anyone else",
            "talked over {peer} a few times in {meeting}",
            "changed the {service} API contract without telling the teams that consume it",
        ),
        ask=(
            "share work in progress earlier, even when it is rough",
            "point people to someone who can help when {poss} own time is short",
            "check with consuming teams before changing {service}",
            "let others finish their point in {meeting} before responding",
        ),
    ),
    "stakeholder_comms": B(
        "stakeholder communication",
        did=(
            "sent a crisp weekly note on {project} that leadership actually read",
            "explained the {service} trade-offs to {customer} without any jargon",
            "prepared the {meeting} deck so the decision took ten minutes instead of an hour",
            "reset expectations with the sales team on {project} early and honestly",
            "kept {customer} informed at every step of the migration",
        ),
        detail=(
            "Leadership stopped asking for ad-hoc status on {project} after the first {n} notes.",
            "{customer} replied to thank the team, which they never do.",
            "The {project} decision was made in the room, with no follow-up meeting needed.",
            "Sales had the right date for {project} in every deal conversation that month.",
        ),
        missed=(
            "left the {customer} account team without an update on {project} for {n} weeks",
            "announced the {project} delay in a large channel before telling the people affected",
            "sent a {n}-page update on {service} when people needed three lines",
            "committed a date for {project} to {customer} without checking with the team",
        ),
        ask=(
            "agree with stakeholders how often they want updates, then keep to it",
            "lead with the decision needed, then the detail",
            "tell the people affected first, then the wider channel",
            "check dates with the team before sharing them with {customer}",
        ),
    ),
    "planning": B(
        "planning",
        did=(
            "broke {project} into milestones the whole team could see and track",
            "built a realistic plan for the {service} migration with explicit risks",
            "ran the estimation for {project} and the numbers held up",
            "cut scope on {project} early, and said clearly what we would not do",
            "sequenced the {customer} launch so nothing depended on the riskiest piece",
        ),
        detail=(
            "We hit {n} of the {n} milestones on the date we set.",
            "The risk list flagged the {service} dependency that later bit us, so we were ready.",
            "Scope cuts on {project} were agreed in a week instead of argued about for a month.",
            "Estimates landed within {pct}% of actuals, which is a first for this team.",
        ),
        missed=(
            "started {project} without a plan the team could see",
            "kept adding scope to {project} after the dates were set",
            "planned the {service} work around {poss} own availability only",
            "didn't account for the {customer} holiday freeze in the {project} timeline",
        ),
        ask=(
            "write the plan down, with dates and owners, before work starts",
            "protect the scope once dates are committed, or move the dates openly",
            "add a buffer for the {customer} freeze windows",
            "revisit the plan every two weeks and say what changed",
        ),
    ),
    "mentoring": B(
        "mentoring",
        did=(
            "spent time every week pairing with {peer} on {service}",
            "helped {peer} prepare {poss} first design review for {project}",
            "gave {peer} a stretch task on {project} and stayed close enough to catch them",
            "ran a lunch-and-learn on {service} internals that {n}0 people joined",
            "reviewed {peer}'s promotion case and gave honest, useful notes",
        ),
        detail=(
            "{peer} now runs the {service} deploys on their own.",
            "{peer} presented at {meeting} and handled the tough questions well.",
            "The {service} lunch-and-learn recording has been watched by most of the new joiners.",
            "{n} people mentioned that session in their self-reviews.",
        ),
        missed=(
            "took over {peer}'s {project} task instead of coaching {peer} through it",
            "cancelled {n} mentoring sessions with {peer} in a row",
            "gave {peer} feedback on {service} in front of the whole channel",
        ),
        ask=(
            "let {peer} struggle a little longer before stepping in",
            "keep the mentoring slot with {peer} even in busy weeks",
            "give developmental feedback one to one, not in the channel",
        ),
    ),
    "facilitation": B(
        "meeting facilitation",
        did=(
            "ran {meeting} with a clear agenda and finished ten minutes early",
            "kept the {project} kickoff on track when it started to turn into a debate",
            "made sure every decision in {meeting} had an owner and a date",
            "turned the {project} retro into an honest conversation",
            "moderated the {service} architecture debate fairly",
        ),
        detail=(
            "Notes and owners from {meeting} were in the channel within the hour.",
            "People left {meeting} knowing what to do next on {project}.",
            "It was the first {meeting} in {n} months without an overrun.",
        ),
        missed=(
            "let {meeting} overrun by {n}0 minutes without getting to the decision",
            "ran the {project} kickoff with no agenda, so it went in circles",
            "ended {meeting} without confirming owners for the actions",
        ),
        ask=(
            "send an agenda a day before {meeting}",
            "close each meeting by reading back decisions and owners",
            "park side debates and follow up on them separately",
        ),
    ),
    "analysis": B(
        "analysis",
        did=(
            "built the churn analysis for {customer}'s segment that changed our pricing discussion",
            "found that {pct}% of {service} errors came from one client version",
            "challenged the {project} success metric with data and got it changed",
            "turned the messy {service} event logs into a dashboard the team uses daily",
            "validated the {project} experiment properly before anyone celebrated",
        ),
        detail=(
            "The finding moved the roadmap for {project}.",
            "The {service} dashboard gets opened every morning in standup.",
            "The confidence intervals were right there on the {project} slide, which kept us "
            "honest.",
            "It took a question about {customer} nobody could answer and made it a number.",
        ),
        missed=(
            "shared the {project} numbers before checking the data quality",
            "presented the {customer} analysis without saying what decision it supported",
            "used a different definition of active user than finance in the {project} report",
        ),
        ask=(
            "state the question and the decision before showing the chart",
            "note data caveats on the first slide, not in an appendix",
            "align metric definitions with finance before publishing",
        ),
    ),
    "design_craft": B(
        "design craft",
        did=(
            "designed the {project} empty states so well that support tickets about them stopped",
            "simplified the {customer} admin flow from {n} screens to two",
            "brought three options to the {project} critique with the trade-offs spelled out",
            "polished the accessibility details on {project} nobody else had noticed",
        ),
        detail=(
            "Task completion in the last usability round went up by {pct}%.",
            "Engineering built the {project} screens in one sprint because the specs were that "
            "clear.",
            "The design system now has {n} new components because of that work.",
        ),
        missed=(
            "handed off the {project} designs without edge cases, so engineering guessed",
            "kept iterating on visual polish for {project} past the agreed handoff",
            "skipped the accessibility check on the {customer} flow",
        ),
        ask=(
            "include error and empty states in every handoff",
            "timebox visual polish and agree the handoff date up front",
            "run the accessibility checklist before the critique",
        ),
    ),
    "research": B(
        "user research",
        did=(
            "ran {n} customer interviews for {project} and synthesised them in a week",
            "brought a clip from the {customer} session that changed the team's mind",
            "recruited a properly varied set of participants for the {project} study",
        ),
        detail=(
            "The insight about admins versus end users reshaped the {project} roadmap.",
            "{n} engineers started joining research sessions voluntarily after that.",
        ),
        missed=(
            "shared the {project} findings weeks after the decisions were made",
            "only interviewed customers that {customer}'s account team suggested",
        ),
        ask=(
            "share a first read of findings within a few days",
            "recruit beyond the friendliest accounts",
        ),
    ),
    "customer": B(
        "customer focus",
        did=(
            "turned the {customer} renewal around after a rough quarter",
            "spotted the expansion opportunity at {customer} and brought in the right people",
            "handled a very frustrated admin at {customer} with patience and clarity",
            "wrote the {customer} success plan with them, not for them",
            "closed the {customer} deal with a scope we can actually deliver",
            "brought the {customer} feedback about {service} straight to the product team",
        ),
        detail=(
            "{customer} renewed for two years and added {n}00 seats.",
            "{customer}'s NPS response went from a 4 to a 9.",
            "Product shipped a fix for {customer}'s top complaint within the month.",
            "The deal closed at {pct}% above the initial quote.",
        ),
        missed=(
            "promised {customer} a {project} feature we have not committed to",
            "let the {customer} ticket sit for {n} days without a reply",
            "went into the {customer} QBR without reviewing their usage data",
            "escalated the {customer} issue to engineering without the details they needed",
        ),
        ask=(
            "check the roadmap with product before promising dates to {customer}",
            "reply to customers within a day, even just to say it's being looked at",
            "review usage data before every QBR",
            "include steps to reproduce when escalating to engineering",
        ),
    ),
}
