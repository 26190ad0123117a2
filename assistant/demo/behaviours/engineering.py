"""Engineering behaviours: code review, incident response, documentation."""

from __future__ import annotations

from assistant.demo.behaviours.behaviour import Behaviour

B = Behaviour
ENGINEERING: dict[str, Behaviour] = {
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
}
