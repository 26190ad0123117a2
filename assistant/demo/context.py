"""What every generation step shares: the date, the cycles, the org and the records so far."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from functools import cached_property

from assistant.bundle import (
    ActionItemIn,
    CheckInIn,
    CycleIn,
    FeedbackIn,
    GoalIn,
    GoalUpdateIn,
    KeyResultIn,
    PersonIn,
    TeamIn,
    ValueIn,
)
from assistant.demo.org import Member, Org
from assistant.demo.slots import PRONOUNS, Slots

VALUES: tuple[tuple[str, str, str], ...] = (
    (
        "value-customers",
        "Customers first",
        "We start from the customer's problem and judge our work by what changes for them.",
    ),
    (
        "value-ownership",
        "Own the outcome",
        "We finish what we start, say early when something slips, and fix what we find.",
    ),
    (
        "value-write-it-down",
        "Write it down",
        "Decisions, plans and lessons live in writing so everyone can find them.",
    ),
    (
        "value-together",
        "Better together",
        "We share context, help each other out, and make room for every voice.",
    ),
    (
        "value-raise-the-bar",
        "Raise the bar",
        "We hold our craft to a high standard and help others do the same.",
    ),
    (
        "value-candid-kind",
        "Candid and kind",
        "We say what we see, directly and with care, and we listen when others do.",
    ),
)
VALUE_OF_BEHAVIOUR = {
    "customer": "value-customers",
    "research": "value-customers",
    "stakeholder_comms": "value-customers",
    "ownership": "value-ownership",
    "incident_response": "value-ownership",
    "planning": "value-ownership",
    "documentation": "value-write-it-down",
    "collaboration": "value-together",
    "mentoring": "value-together",
    "facilitation": "value-together",
    "code_review": "value-raise-the-bar",
    "design_craft": "value-raise-the-bar",
    "analysis": "value-raise-the-bar",
}


@dataclass(frozen=True)
class CycleSpan:
    id: str
    name: str
    start: dt.date
    end: dt.date


def quarter(day: dt.date) -> CycleSpan:
    q = (day.month - 1) // 3
    start = dt.date(day.year, 3 * q + 1, 1)
    nxt = dt.date(day.year + (q == 3), (3 * q + 3) % 12 + 1, 1)
    name = f"{day.year}-Q{q + 1}"
    return CycleSpan(f"cycle-{name.lower()}", name, start, nxt - dt.timedelta(days=1))


@dataclass
class Records:
    teams: list[TeamIn] = field(default_factory=list)
    people: list[PersonIn] = field(default_factory=list)
    values: list[ValueIn] = field(default_factory=list)
    cycles: list[CycleIn] = field(default_factory=list)
    goals: list[GoalIn] = field(default_factory=list)
    key_results: list[KeyResultIn] = field(default_factory=list)
    goal_updates: list[GoalUpdateIn] = field(default_factory=list)
    feedback: list[FeedbackIn] = field(default_factory=list)
    checkins: list[CheckInIn] = field(default_factory=list)
    action_items: list[ActionItemIn] = field(default_factory=list)


@dataclass
class Ctx:
    today: dt.date
    org: Org
    prev: CycleSpan
    cur: CycleSpan
    out: Records = field(default_factory=Records)
    # Filled by the goals step, read by feedback: goal ids per owner email and cycle id.
    goals_of: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    # People left out of all generated history (the planted new hire).
    no_history: frozenset[str] = frozenset()

    @property
    def start(self) -> dt.date:
        return self.prev.start

    def active(self) -> list[Member]:
        return [m for m in self.org.people if m.email not in self.no_history]

    def slots(self, rng: random.Random, about: Member, *, third: bool, peer: str) -> Slots:
        subj, obj, poss = PRONOUNS["you" if not third else about.pronouns]
        boss = self.org.by_email.get(about.manager or "")
        return Slots(
            rng,
            {
                "name": about.first,
                "Name": about.first,
                "subj": subj,
                "obj": obj,
                "poss": poss,
                "peer": peer,
                "cycle": self.prev.name,
                "team": self.team_names[about.team],
                "manager": boss.first if boss else "the board",
            },
        )

    @cached_property
    def team_names(self) -> dict[str, str]:
        return {t.id: t.name for t in self.org.teams}


def days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)
