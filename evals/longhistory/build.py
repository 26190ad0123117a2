"""A two-year history between one manager and one report, with facts planted in it.

Dana Okafor has reported to Morgan Hale for two years: nine quarterly cycles of goals with key
results and updates, fortnightly 1:1s with action items, and a couple of hundred pieces of
feedback from six colleagues. The filler is drawn, with a fixed seed, from several sentence
shapes per kind of record over a pool of work topics, so records differ in wording and length
the way a real history does (and share topics with the planted facts, so finding those is not
a keyword lookup).

Planted in it (:data:`PLANTED`, a declarative list the measure reads) are the records a good
1:1 agenda, feedback summary or coaching draft must carry although most are old: an action item
promised ten months ago and still open; feedback from fourteen months ago about the topic of a
goal that is at risk now; a concern raised in a 1:1 a year ago that came back last month; the
early update that found why that at-risk goal is stuck.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from assistant.bundle import (
    ActionItemIn,
    Bundle,
    CheckInIn,
    CycleIn,
    FeedbackIn,
    GoalIn,
    GoalUpdateIn,
    KeyResultIn,
    PersonIn,
    TeamIn,
)
from assistant.models import ActionStatus, FeedbackKind, GoalLevel, GoalStatus

DOMAIN = "longhistory.example"
MANAGER = f"morgan.hale@{DOMAIN}"
REPORT = f"dana.okafor@{DOMAIN}"
YEARS = 2
CHECKIN_EVERY = 14  # days between 1:1s
FEEDBACK_PER_MONTH = 9  # on average, from six colleagues and the manager

Task = str  # "agenda", "summary", "coaching"


@dataclass(frozen=True)
class Planted:
    """A record a draft of ``tasks`` should be able to use, and why."""

    key: str  # the record's external id in the bundle
    kind: str  # its record kind ("action_item", "feedback", "checkin", "goal_update")
    why: str
    tasks: tuple[Task, ...]


PLANTED: tuple[Planted, ...] = (
    Planted(
        "a-runbook",
        "action_item",
        "an action item from a 1:1 ten months ago, still open and long overdue",
        ("agenda", "coaching"),
    ),
    Planted(
        "f-recon-14mo",
        "feedback",
        "feedback fourteen months old about the reconciliation work a current goal is at risk on",
        ("agenda", "summary", "coaching"),
    ),
    Planted(
        "c-oncall-1y",
        "checkin",
        "a 1:1 a year ago where Dana raised the night on-call load",
        ("agenda", "coaching"),
    ),
    Planted(
        "c-oncall-back",
        "checkin",
        "the 1:1 last month where the on-call load came back",
        ("agenda", "coaching"),
    ),
    Planted(
        "u-recon-cause",
        "goal_update",
        "the at-risk goal's early update that found the cause it is still stuck on",
        ("agenda", "coaching"),
    ),
    Planted(
        "f-recon-recent-peer",
        "feedback",
        "feedback five months ago on the same reconciliation habit",
        ("summary",),
    ),
)


# --- the planted records' text ------------------------------------------------------------------

_RECON_GOAL = (
    "Cut ledger reconciliation mismatches below 0.1%",
    "Nightly reconciliation between the ledger service and the bank settlement files flags too "
    "many mismatches; finance closes the month by hand. Bring the mismatch rate under 0.1%.",
)
_RECON_CAUSE = (
    "Found why most reconciliation mismatches happen: the bank writes settlement files in local "
    "time while the ledger closes its day at midnight UTC, so late-evening transactions land on "
    "different days. The fix needs the ledger team to move the daily cutoff."
)
_RECON_LATEST = (
    "Mismatch rate stuck at 0.4% for three weeks. Still waiting on the ledger team's cutoff "
    "change; without it the target slips past the quarter."
)
_RECON_14MO = (
    "During the quarter-end close the reconciliation report showed hundreds of settlement "
    "mismatches and Dana patched the numbers by hand overnight. It got finance through the "
    "close, but nobody traced why the settlement timestamps drifted, so it will come back. Next "
    "time pull in the ledger team and chase the root cause before patching."
)
_RECON_5MO = (
    "Dana is quick to fix a broken reconciliation run, but the fixes stay manual: I'd like to "
    "see the mismatch rules written down and automated instead of redone every close."
)
_ONCALL_1Y = (
    "Dana raised that the night on-call pages are wearing her down: the rota has her on two "
    "weekends a month and the payment-gateway alerts fire at 3am for things that could wait. "
    "We agreed to look at alert thresholds and the rota."
)
_ONCALL_BACK = (
    "The on-call load is back: four night pages in the last rotation, two of them the same noisy "
    "payment-gateway alert we tuned last year. Dana is tired and it shows in her mornings."
)
_RUNBOOK = "Dana to write the runbook for replaying settlement files after a failed import."


# --- filler -------------------------------------------------------------------------------------

# Work topics: (short name, noun phrase, a detail, a system) — filler records talk about these.
TOPICS: tuple[tuple[str, str, str, str], ...] = (
    ("webhooks", "the partner webhook retries", "exponential backoff with a dead-letter queue",
     "the webhook dispatcher"),
    ("refunds", "the refunds API", "idempotency keys on every refund call", "the refunds service"),
    ("fraud", "the fraud-score rollout", "shadow scoring before enforcement", "the risk engine"),
    ("payouts", "weekly merchant payouts", "batching payouts by currency", "the payouts scheduler"),
    ("docs", "the public API docs", "runnable examples for every endpoint", "the docs site"),
    ("migration", "the Postgres 16 upgrade", "a blue-green cutover", "the primary database"),
    ("latency", "checkout latency", "caching card-network lookups", "the checkout path"),
    ("ledger", "the ledger service", "double-entry checks on every write", "the ledger"),
    ("onboarding", "onboarding the two new hires", "pairing sessions twice a week",
     "the onboarding plan"),
    ("testing", "the flaky integration tests", "quarantining flaky tests", "the CI pipeline"),
    ("incident", "the March card-auth incident", "a blameless postmortem", "the incident review"),
    ("dashboards", "the merchant dashboards", "a single source for revenue numbers",
     "the analytics pipeline"),
    ("currency", "multi-currency settlement", "rounding rules per currency", "the FX module"),
    ("compliance", "the PCI audit", "evidence collected as we go", "the audit tracker"),
    ("hiring", "the backend hiring loop", "a structured system-design interview",
     "the interview panel"),
    ("cost", "cloud spend", "rightsizing the worker fleet", "the cost dashboard"),
)  # fmt: skip

PRAISE = (
    "Really appreciated how Dana handled {noun} — {detail} was exactly the right call.",
    "Dana's work on {noun} made my week easier. Clear notes, no surprises.",
    "Thanks for jumping in on {system} last {weekday}; you unblocked three of us.",
    "The write-up on {noun} was the clearest design doc I've read this quarter.",
    "Dana explained {detail} to the whole team with patience and good examples.",
    "Great pairing session on {noun}. I learned a lot from how you debug.",
    "Solid, careful review of my change to {system}; caught an edge case I'd missed.",
    "{noun_cap} shipped on time and the rollout was quiet. Nicely done.",
    "Kudos for keeping stakeholders posted on {noun} without being asked.",
    "Your demo of {noun} answered questions before anyone asked them.",
    "Thanks for staying calm when {system} went down; the comms were spot on.",
    "I liked how you split {noun} into small, reviewable pull requests.",
    "Dana mentored our intern through {detail}; they speak highly of her.",
)
CONSTRUCTIVE = (
    "On {noun}, the status updates dried up for two weeks; a short note would have helped us plan.",
    "I'd like more context in pull requests touching {system} — the why, not just the what.",
    "The estimate for {noun} slipped twice. Flag risks earlier, even when unsure.",
    "In the {weekday} review Dana talked over others a bit; let the quieter folks finish.",
    "Could you write down decisions on {noun}? We re-discussed {detail} three times.",
    "The handover of {system} was rushed; a checklist would make the next one smoother.",
    "Sometimes you take on {noun} alone when asking for help would be faster.",
    "Meetings about {noun} ran long; an agenda up front would keep them to time.",
    "The alerts you added to {system} are noisy; please tune them before handing over.",
    "Tests for {noun} were thin at merge time, and we paid for it later.",
)
SUGGESTION = (
    "Maybe try {detail} for {noun} next time; it worked well on our side.",
    "Suggestion: a weekly ten-minute demo of {noun} would keep product in the loop.",
    "Consider pairing a junior engineer on {system}; it would spread the knowledge.",
    "You might time-box the spikes on {noun} so they don't eat the sprint.",
)
REVIEW = (
    "Mid-year review: Dana delivered {noun} and grew as the go-to person for {system}. "
    "Next: more visible leadership in design discussions.",
    "Review note: strong execution on {noun}; planning and early risk calls still uneven.",
)

CHECKIN = (
    "Went through {noun}. {detail_cap} is in progress; Dana expects to finish next sprint.",
    "Mostly talked about {noun} and how it fits the roadmap. No blockers.",
    "Dana demoed {system}. We discussed {detail} and agreed on the next step.",
    "Short 1:1 — Dana was heads-down on {noun}. Mood good; nothing to escalate.",
    "Talked career growth: Dana wants to lead a design review this quarter, maybe for {noun}.",
    "Reviewed feedback from the team on {noun}; Dana agreed it was fair and has a plan.",
    "Planning for next quarter: {noun} and {noun2} are the candidates. Dana prefers {noun2}.",
    "Discussed the interview load and {noun}; Dana is fine with two interviews a week.",
    "Dana asked for more context on why {noun} was reprioritised; I'll bring it from staff.",
    "We agreed {system} needs a second owner before the holidays.",
    "Dana felt the last sprint was too crowded; we cut scope on {noun}.",
    "Checked on the pairing with the new hire; it's going well, they're on {detail} now.",
    "Dana brought a draft proposal for {detail}; I suggested sharing it with the tech lead.",
    "Some friction with product over {noun} deadlines; Dana will set up a three-way chat.",
    "Mood upbeat. Dana enjoyed presenting {noun} at the all-hands.",
    "Talked about the on-site and travel; nothing else pressing.",
)
ACTION = (
    "Dana to share a one-page plan for {noun}.",
    "Morgan to introduce Dana to the team that owns {system}.",
    "Dana to pair with a new hire on {detail}.",
    "Dana to write down the decision on {detail}.",
    "Morgan to check budget for a conference talk on {noun}.",
    "Dana to demo {noun} at the team sync.",
    "Dana to draft the rollout checklist for {system}.",
    "Morgan to ask product for a decision on {noun} by Friday.",
    "Dana to book a session with the tech lead about {detail}.",
    "Dana to hand over {system} notes before her leave.",
    "Morgan to raise the staffing question for {noun} at the leads meeting.",
    "Dana to send the postmortem summary to the wider team.",
    "Dana to pick one stretch item for next quarter and tell Morgan.",
    "Morgan to find Dana a mentor outside the team.",
    "Dana to clean up the stale tickets for {system}.",
)
UPDATE = (
    "Progress on {noun}: {detail} is done for the first half; the rest is next.",
    "Slower week; {system} needed a hotfix, so {noun} moved a few days.",
    "{detail_cap} merged. Early numbers look good.",
    "Blocked for two days on review capacity, now unblocked.",
    "Halfway there. Nothing worrying; {noun} is on plan.",
    "Wrapped up the main work on {noun}; tidying docs and alerts.",
    "Scope clarified with product; {detail} is in, the rest moves to next quarter.",
    "Two of three milestones done; the last depends on {system}.",
    "Paired with a teammate on {detail}, which sped things up.",
    "Numbers dipped after a deploy to {system}; rolled back and fixed.",
)
GOAL = (
    ("Ship {noun}", "Deliver {noun} with {detail}."),
    ("Stabilise {system}", "Fewer pages and a clear owner for {system}."),
    ("Improve {noun}", "Measurable improvement on {noun}, starting with {detail}."),
    ("Lead {noun}", "Own {noun} end to end and write up what we learn."),
)
OPENERS = (
    "{when}:",
    "Quick note from {when}.",
    "Something I noticed {when}.",
    "Following up on {when}.",
    "Writing this down while it's fresh ({when}).",
)
WHEN = (
    "last sprint", "this week", "the planning meeting", "Tuesday's standup", "the design review",
    "the retro", "the quarterly planning", "the on-site", "our team sync", "the demo day",
)  # fmt: skip
ASIDES = (
    "For context, {system} is owned by two teams, which doesn't make it easier.",
    "No action needed, just wanted it on record.",
    "Happy to talk it through if useful.",
    "This came up again when we looked at {noun}.",
    "The team noticed too.",
    "It's a pattern I've seen a couple of times now.",
    "Numbers for {noun} are in the weekly report.",
    "Product asked about {noun} in the same week.",
    "Might be worth a mention in the next review.",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
COLLEAGUES = (
    ("priya", "Priya Raman"),
    ("kiran", "Kiran Shah"),
    ("lena", "Lena Fischer"),
    ("tomas", "Tomas Silva"),
    ("aiko", "Aiko Mori"),
    ("ravi", "Ravi Menon"),
)


@dataclass(frozen=True)
class LongHistory:
    bundle: Bundle
    today: dt.date
    planted: tuple[Planted, ...]
    current_goal: str  # the at-risk goal's external id


def _quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def _next_quarter(start: dt.date) -> dt.date:
    month = start.month + 3
    return dt.date(start.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


class _Filler:
    def __init__(self, rng: random.Random):
        self.rng = rng

    def fill(self, shape: str) -> str:
        topic, other = self.rng.sample(TOPICS, 2)
        _, noun, detail, system = topic
        return shape.format(
            noun=noun,
            noun_cap=noun[:1].upper() + noun[1:],
            noun2=other[1],
            detail=detail,
            detail_cap=detail[:1].upper() + detail[1:],
            system=system,
            weekday=self.rng.choice(WEEKDAYS),
        )

    def pick(self, shapes: tuple[str, ...]) -> str:
        """One shape filled in, often with an opener and an aside, so no two records read the
        same even when they share a shape and a topic."""
        count = self.rng.choice((1, 1, 2, 2, 3))
        parts = [self.fill(shape) for shape in self.rng.sample(shapes, min(count, len(shapes)))]
        if self.rng.random() < 0.5:
            parts.insert(0, self.rng.choice(OPENERS).format(when=self.rng.choice(WHEN)))
        if self.rng.random() < 0.6:
            parts.append(self.fill(self.rng.choice(ASIDES)))
        return " ".join(parts)


def build(*, today: dt.date, seed: int = 11) -> LongHistory:
    """The organisation as of ``today`` (every date is relative to it)."""
    rng = random.Random(f"cadence-longhistory:{seed}")
    filler = _Filler(rng)
    start = today - dt.timedelta(days=365 * YEARS)
    team = TeamIn(id="payments", name="Payments")
    people = [
        PersonIn(id="morgan", name="Morgan Hale", email=MANAGER, team=team.id),
        PersonIn(id="dana", name="Dana Okafor", email=REPORT, team=team.id, manager="morgan"),
        *(
            PersonIn(id=key, name=name, email=f"{key}@{DOMAIN}", team=team.id, manager="morgan")
            for key, name in COLLEAGUES
        ),
    ]
    b = Bundle(teams=[team], people=people)

    def ago(days: int) -> dt.date:
        return today - dt.timedelta(days=days)

    # Cycles: every calendar quarter from two years back to the current one.
    current = _quarter_start(today)
    q = _quarter_start(start)
    cycles: list[CycleIn] = []
    while q <= current:
        end = _next_quarter(q) - dt.timedelta(days=1)
        name = f"{q.year}-Q{(q.month - 1) // 3 + 1}"
        cycles.append(CycleIn(id=f"q{name}", name=name, start_date=q, end_date=end))
        q = _next_quarter(q)
    b.cycles = cycles

    # Goals: three a quarter from the topic pool; the current quarter holds the planted one.
    for cycle in cycles:
        is_current = cycle.start_date == current
        topics = rng.sample([t for t in TOPICS if t[0] != "ledger"], 3)
        for n in range(3):
            gid = f"g-{cycle.id}-{n}"
            if is_current and n == 0:
                gid, (title, description) = "g-recon", _RECON_GOAL
                status, progress = GoalStatus.AT_RISK, 35
            else:
                t_shape, d_shape = rng.choice(GOAL)
                topic = topics[n]
                title = t_shape.format(noun=topic[1], system=topic[3])
                description = d_shape.format(noun=topic[1], detail=topic[2], system=topic[3])
                if is_current:
                    status, progress = GoalStatus.ON_TRACK, rng.randint(30, 60)
                else:
                    # Most past goals were closed; a few were left open, as real ones are.
                    status = rng.choices(
                        (GoalStatus.DONE, GoalStatus.DROPPED, GoalStatus.ON_TRACK), (7, 1, 2)
                    )[0]
                    progress = 100 if status is GoalStatus.DONE else rng.randint(40, 90)
            b.goals.append(
                GoalIn(
                    id=gid, title=title[:200], description=description, level=GoalLevel.INDIVIDUAL,
                    owner_person="dana", cycle=cycle.id, status=status, progress=progress,
                    created_on=cycle.start_date, due_date=cycle.end_date,
                )
            )  # fmt: skip
            for k in range(2):
                target = float(rng.choice((5, 10, 20, 50, 100)))
                b.key_results.append(
                    KeyResultIn(
                        id=f"k-{gid}-{k}", goal=gid, title=f"{title[:150]}: milestone {k + 1}",
                        unit="%", target_value=target,
                        current_value=round(target * progress / 100, 1),
                    )
                )  # fmt: skip
            # Updates through the goal's quarter (up to today for the current one).
            last = min(cycle.end_date, today - dt.timedelta(days=2))
            span = max((last - cycle.start_date).days, 1)
            days = sorted(rng.sample(range(3, span + 1), k=min(span - 2, rng.randint(4, 6))))
            for i, offset in enumerate(days):
                on = cycle.start_date + dt.timedelta(days=offset)
                note = filler.pick(UPDATE)
                uid = f"u-{gid}-{i}"
                upd_status = status if i == len(days) - 1 else GoalStatus.ON_TRACK
                if gid == "g-recon":
                    if i == 0:
                        uid, note = "u-recon-cause", _RECON_CAUSE
                    elif i == len(days) - 1:
                        note = _RECON_LATEST
                    else:
                        note = rng.choice(
                            (
                                "Worked through the mismatch backlog by hand again this week.",
                                "Added a dashboard for the mismatch rate per bank.",
                                "Met the ledger team; the cutoff change is on their list.",
                            )
                        )
                b.goal_updates.append(
                    GoalUpdateIn(
                        id=uid, goal=gid, author="dana", date=on,
                        progress=min(progress, 10 + i * 15), status=upd_status, note=note,
                    )
                )  # fmt: skip

    # Feedback: colleagues and the manager, spread over the two years.
    kinds = (
        (FeedbackKind.PRAISE, PRAISE, 5),
        (FeedbackKind.CONSTRUCTIVE, CONSTRUCTIVE, 3),
        (FeedbackKind.SUGGESTION, SUGGESTION, 2),
    )
    n_feedback = FEEDBACK_PER_MONTH * 12 * YEARS
    for i in range(n_feedback):
        kind, shapes, _ = rng.choices(kinds, [w for *_, w in kinds])[0]
        giver = rng.choice([*(k for k, _ in COLLEAGUES), "morgan"])
        b.feedback.append(
            FeedbackIn(
                id=f"f-{i}", giver=giver, receiver="dana", date=ago(rng.randint(1, 365 * YEARS)),
                kind=kind, text=filler.pick(shapes),
            )
        )  # fmt: skip
    for half in range(YEARS * 2):
        b.feedback.append(
            FeedbackIn(
                id=f"f-review-{half}", giver="morgan", receiver="dana",
                date=ago(365 * YEARS - 182 * half - 10), kind=FeedbackKind.REVIEW,
                text=filler.pick(REVIEW),
            )
        )  # fmt: skip
    b.feedback += [
        FeedbackIn(
            id="f-recon-14mo", giver="priya", receiver="dana", date=ago(425),
            kind=FeedbackKind.CONSTRUCTIVE, text=_RECON_14MO,
        ),
        FeedbackIn(
            id="f-recon-recent-peer", giver="kiran", receiver="dana", date=ago(150),
            kind=FeedbackKind.SUGGESTION, text=_RECON_5MO,
        ),
    ]  # fmt: skip

    # 1:1s every two weeks, each with one or two action items.
    day = CHECKIN_EVERY * (365 * YEARS // CHECKIN_EVERY)
    n = 0
    while day >= 3:
        cid = f"c-{n}"
        notes, mood = filler.pick(CHECKIN), rng.choice((3, 4, 4, 4, 5))
        if abs(day - 365) < CHECKIN_EVERY / 2:
            cid, notes, mood = "c-oncall-1y", _ONCALL_1Y, 2
        elif abs(day - 30) < CHECKIN_EVERY / 2:
            cid, notes, mood = "c-oncall-back", _ONCALL_BACK, 2
        elif abs(day - 300) < CHECKIN_EVERY / 2:
            b.action_items.append(
                ActionItemIn(
                    id="a-runbook", checkin=cid, owner="dana", text=_RUNBOOK,
                    due_date=ago(day - 21), status=ActionStatus.OPEN,
                )
            )  # fmt: skip
        b.checkins.append(
            CheckInIn(
                id=cid, employee="dana", manager="morgan", date=ago(day), shared_notes=notes,
                mood=mood,
            )
        )  # fmt: skip
        recent = day <= 2 * CHECKIN_EVERY + 3
        for k in range(rng.randint(1, 2)):
            text = filler.fill(rng.choice(ACTION))  # one commitment each
            owner = "morgan" if text.startswith("Morgan") else "dana"
            if recent:
                done_as, done = ActionStatus.OPEN, None
            else:
                done_as = rng.choices((ActionStatus.DONE, ActionStatus.DROPPED), (6, 1))[0]
                closed = ago(max(day - rng.randint(3, 20), 1))
                done = closed if done_as is ActionStatus.DONE else None
            b.action_items.append(
                ActionItemIn(
                    id=f"a-{cid}-{k}", checkin=cid, owner=owner, text=text,
                    due_date=ago(max(day - 14, 0)), status=done_as, completed_on=done,
                )
            )  # fmt: skip
        day -= CHECKIN_EVERY
        n += 1
    return LongHistory(b, today, PLANTED, "g-recon")
