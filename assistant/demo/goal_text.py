"""Goal titles, key results and goal-update notes for the demo organisation."""

from __future__ import annotations

import random

from assistant.demo.slots import Slots, cap, fill

# (title, key results as (title, unit, start, target)); the theme links team goals to them.
COMPANY_GOALS: tuple[tuple[str, str, tuple[tuple[str, str, float, float], ...]], ...] = (
    (
        "revenue",
        "Grow net revenue retention to 112%",
        (
            ("Net revenue retention", "%", 101, 112),
            ("Logo churn per quarter", "%", 4.2, 2.5),
            ("Expansion ARR", "$k", 0, 900),
        ),
    ),
    (
        "reliability",
        "Make the product reliable enough that customers stop noticing it",
        (
            ("Customer-facing incidents per month", "incidents", 9, 3),
            ("p95 API latency", "ms", 420, 250),
            ("Monthly uptime", "%", 99.5, 99.95),
        ),
    ),
    (
        "market",
        "Win the mid-market segment",
        (("New mid-market logos", "logos", 0, 25), ("Median sales cycle", "days", 62, 45)),
    ),
    (
        "people",
        "Be a place where people grow",
        (("Engagement score", "/5", 3.6, 4.1), ("Roles filled by internal moves", "%", 10, 25)),
    ),
    (
        "velocity",
        "Ship faster without breaking things",
        (("Production deploys per week", "deploys", 12, 30), ("Change failure rate", "%", 18, 8)),
    ),
)
THEME_OF_KIND = {
    "product_eng": ("velocity", "revenue"),
    "platform_eng": ("reliability", "velocity"),
    "data": ("revenue", "market"),
    "design": ("market", "revenue"),
    "sales": ("market", "revenue"),
    "success": ("revenue", "reliability"),
    "people": ("people",),
    "office": ("people", "market"),
}

TEAM_GOALS: dict[str, tuple[str, ...]] = {
    "product_eng": (
        "Launch {project} to every merchant",
        "Halve checkout errors on {service}",
        "Ship the self-serve upgrade flow",
        "Make {service} deploys boring",
    ),
    "platform_eng": (
        "Put every tier-1 service under SLOs",
        "Move {service} onto the new cluster",
        "Cut cloud spend by 15% without slowing teams down",
        "Give every team one-click rollbacks",
    ),
    "data": (
        "One trusted definition of active customers",
        "Ship churn risk scores to CS",
        "Make the warehouse fast and cheap enough for self-serve",
    ),
    "design": (
        "Redesign onboarding around the first hour",
        "Grow the design system to cover admin",
        "Run continuous discovery with mid-market customers",
    ),
    "sales": (
        "Build a repeatable mid-market motion",
        "Land {n} lighthouse customers",
        "Forecast within 10% every month",
    ),
    "success": (
        "Every top-50 account has a live success plan",
        "Cut first response time in half",
        "Launch the customer academy",
    ),
    "people": (
        "Roll out the new career framework",
        "Hire the H2 engineering plan on time",
        "Run the engagement survey and act on it",
    ),
    "office": (
        "Run a planning cycle people don't dread",
        "Close the board pack on time every month",
    ),
}
INDIVIDUAL_GOALS: dict[str, tuple[str, ...]] = {
    "product_eng": (
        "Ship retries for {service} to all merchants",
        "Cut {service} p95 latency below 300ms",
        "Own the {project} launch checklist",
        "Remove the flaky tests in {service}",
        "Lead the {service} move to the new queue",
        "Build the {project} admin screens",
        "Instrument {project} end to end",
        "Pay down auth debt in {service}",
    ),
    "platform_eng": (
        "Migrate {service} to the new cluster",
        "Bring {service} under SLO alerting",
        "Cut {service} compute cost by a fifth",
        "Automate {service} releases",
        "Roll out secret rotation for {service}",
        "Write the DR runbook for {service}",
    ),
    "data": (
        "Build the {project} metrics dashboard",
        "Ship churn model v1",
        "Cut warehouse query cost for {service} events",
        "Define active users with finance",
        "Backfill {service} events into the warehouse",
        "Automate the weekly revenue report",
    ),
    "design": (
        "Redesign {project} onboarding",
        "Add admin patterns to the design system",
        "Run the {project} usability study",
        "Ship the accessibility fixes for {project}",
    ),
    "sales": (
        "Close {n} new mid-market logos",
        "Build $1.2M of qualified pipeline",
        "Land the {customer} expansion",
        "Cut proposal turnaround to two days",
    ),
    "success": (
        "Raise {customer}'s health score to green",
        "Cut first response time under 2 hours",
        "Publish {n} academy courses",
        "Run QBRs with all my top-10 accounts",
    ),
    "people": (
        "Launch career framework training for managers",
        "Fill {n} engineering roles",
        "Run the engagement survey",
        "Rebuild the onboarding week",
    ),
    "office": ("Roll out device management to every laptop", "Run the quarterly planning offsite"),
}
KEY_RESULTS: dict[str, tuple[tuple[str, str, float, float], ...]] = {
    "product_eng": (
        ("Merchants on {project}", "%", 0, 100),
        ("p95 latency", "ms", 480, 300),
        ("Flaky tests in CI", "tests", 40, 5),
        ("Payment success rate", "%", 94.5, 97),
        ("Sev-2 incidents from {service}", "incidents", 6, 1),
    ),
    "platform_eng": (
        ("Services on the new cluster", "services", 0, 12),
        ("SLO coverage", "%", 30, 100),
        ("Monthly compute cost", "$k", 84, 68),
        ("Mean time to rollback", "min", 25, 5),
    ),
    "data": (
        ("Dashboard weekly active viewers", "people", 0, 40),
        ("Model AUC", "", 0.62, 0.8),
        ("Warehouse cost per month", "$k", 31, 22),
        ("Reports automated", "reports", 0, 6),
    ),
    "design": (
        ("Onboarding completion", "%", 54, 75),
        ("Design system components", "components", 38, 60),
        ("Usability sessions run", "sessions", 0, 12),
        ("WCAG AA issues open", "issues", 27, 0),
    ),
    "sales": (
        ("New logos closed", "logos", 0, 8),
        ("Qualified pipeline", "$k", 300, 1200),
        ("Forecast accuracy", "%", 72, 90),
        ("Proposal turnaround", "days", 6, 2),
    ),
    "success": (
        ("Accounts with a success plan", "accounts", 12, 50),
        ("First response time", "hours", 5, 2),
        ("Net promoter score", "NPS", 31, 45),
        ("Academy courses published", "courses", 0, 5),
    ),
    "people": (
        ("Managers trained", "managers", 0, 14),
        ("Roles filled", "roles", 0, 9),
        ("Survey participation", "%", 60, 85),
        ("Time to hire", "days", 48, 35),
    ),
    "office": (("Laptops enrolled", "%", 40, 100), ("Board pack days late", "days", 5, 0)),
}

UPDATE_OPEN: dict[str, tuple[str, ...]] = {
    "on_track": (
        "Good week.",
        "On track.",
        "Steady.",
        "Moving along.",
        "All green.",
        "Decent sprint on this one.",
        "A bit ahead of where I expected.",
        "No surprises this week.",
        "Fine so far.",
        "Quietly getting there.",
    ),
    "at_risk": (
        "Slipping a little.",
        "Amber this week.",
        "Not panicking yet, but watching it.",
        "Some wobble.",
        "Less done than planned.",
        "Flagging early.",
        "Could go either way.",
        "Honestly not sure we make the date.",
    ),
    "off_track": (
        "Off track.",
        "Red, honestly.",
        "Stalled.",
        "Behind and not catching up.",
        "Needs a decision from someone above me.",
        "We won't hit the date as planned.",
        "Not where it should be, no point pretending otherwise.",
    ),
    "done": (
        "Done!",
        "Wrapped up.",
        "Closed out.",
        "Shipped and measured.",
        "Finished.",
        "That's a wrap.",
        "Landed.",
    ),
    "not_started": (
        "Not started yet.",
        "Still queued behind other work.",
        "Kicking off next week.",
        "Waiting for a slot.",
    ),
    "dropped": ("Dropping this.", "Parking this goal.", "Deprioritised.", "Letting this one go."),
}
PROGRESS_LINES = (
    "{kr} is at {value} now.",
    "{kr} moved to {value}.",
    "Latest number for {kr}: {value}.",
    "We're at {value} on {kr}.",
    "{kr}: {value}, up from last time.",
    "{kr} reads {value} this week.",
    "{kr}: {value} as of {weekday}.",
)
GOOD_DETAIL = (
    "Finished the {service} switch-over without any downtime.",
    "{peer} and I worked through the odd cases together.",
    "{customer} is live on the new flow.",
    "The load test held at twice last year's peak.",
    "Showed it at {meeting} and got a clear yes.",
    "Closed {n} of the remaining tickets.",
    "The scary migration step was simpler than we feared.",
    "First real users on it since {weekday}.",
    "Nothing exciting, which is how I like it.",
    "{peer} signed off the design.",
)
BLOCKERS = (
    "Waiting on the {service} team for an API change.",
    "Two people out sick this sprint.",
    "The {customer} escalation took most of the week.",
    "The vendor contract is still sitting with legal.",
    "More got added after {meeting}.",
    "The {service} event data is a mess.",
    "The migration turned up {n} consumers nobody knew about.",
    "Everyone got pulled onto the {project} follow-ups.",
    "Blocked until security looks at {service}.",
    "We underestimated the {service} part by a lot.",
    "I've been on call most of the fortnight.",
)
NEXT_STEPS = (
    "Next: finish the {service} work and start load testing.",
    "Next week: work through what's left with {peer}.",
    "Going over it with my manager on {weekday}.",
    "Will ask for help at {meeting}.",
    "Going to propose cutting scope at {meeting}.",
    "Next step is the {customer} pilot.",
    "Writing up options so we can decide by {weekday}.",
    "Pulling {peer} in to take some risk out of the rollout.",
    "Will re-plan on {weekday} and post the new date.",
)
DONE_DETAIL = (
    "Retro notes are in the {project} folder.",
    "Thanks to {peer} for the last push.",
    "Handing the follow-ups to whoever runs {service}.",
    "{customer} confirmed it fixed their problem.",
    "Took longer than planned, but it's in.",
    "Numbers to be checked again in a month.",
)


def fmt_value(value: float, unit: str) -> str:
    if unit in ("%", "/5"):
        return f"{value:g}{unit}"
    if unit == "$k":
        return f"${value:g}k"
    return f"{value:g} {unit}" if unit and unit != "NPS" else f"{value:g}"


def goal_title(rng: random.Random, kind: str, slots: Slots, team: bool) -> str:
    bank = TEAM_GOALS[kind] if team else INDIVIDUAL_GOALS[kind]
    return fill(rng.choice(bank), slots)


def key_results(
    rng: random.Random, kind: str, slots: Slots, count: int
) -> list[tuple[str, str, float, float]]:
    out = []
    for title, unit, start, target in rng.sample(KEY_RESULTS[kind], k=count):
        jitter = rng.choice((0.8, 0.9, 1.0, 1.1, 1.25))
        tgt = start + (target - start) * jitter
        tgt = (
            round(tgt)
            if float(start).is_integer() and float(target).is_integer()
            else round(tgt, 2)
        )
        out.append((cap(fill(title, slots)), unit, float(start), float(tgt)))
    return out


def update_note(
    rng: random.Random, status: str, slots: Slots, kr: tuple[str, str, float] | None
) -> str:
    parts = [rng.choice(UPDATE_OPEN[status])]
    if kr is not None and rng.random() < 0.75:
        title, unit, value = kr
        slots["kr"], slots["value"] = title, fmt_value(value, unit)
        parts.append(cap(fill(rng.choice(PROGRESS_LINES), slots)))
    if status in ("on_track", "not_started"):
        parts.append(fill(rng.choice(GOOD_DETAIL), slots))
        if rng.random() < 0.5:
            parts.append(fill(rng.choice(NEXT_STEPS), slots))
    elif status in ("at_risk", "off_track"):
        parts.append(fill(rng.choice(BLOCKERS), slots))
        parts.append(fill(rng.choice(NEXT_STEPS), slots))
    elif status == "done":
        parts.append(fill(rng.choice(DONE_DETAIL), slots))
    return " ".join(parts)
