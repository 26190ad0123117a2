"""Biweekly 1:1 check-ins between every manager and report, with notes, mood and action items.

Action items due in the past are mostly done, sometimes dropped, and sometimes still open (overdue);
those due later are mostly open.
"""

from __future__ import annotations

import datetime as dt
import random

from assistant.bundle import ActionItemIn, CheckInIn
from assistant.demo import checkin_text
from assistant.demo.context import Ctx, days
from assistant.demo.org import Member
from assistant.models import ActionStatus

_MOODS = (1, 2, 3, 4, 5)
_MOOD_WEIGHTS = (3, 10, 35, 40, 12)


def add_checkin(
    ctx: Ctx,
    rng: random.Random,
    manager: Member,
    employee: Member,
    day: dt.date,
    cid: str,
    *,
    peer: str,
    past_items_done: bool = False,
) -> CheckInIn:
    """One check-in and its action items; ``past_items_done`` closes every item already due."""
    slots = ctx.slots(rng, employee, third=True, peer=peer)
    private = checkin_text.private_note(rng, slots) if rng.random() < 0.35 else ""
    checkin = CheckInIn.model_construct(
        id=cid,
        employee=employee.email,
        manager=manager.email,
        date=day,
        shared_notes=checkin_text.shared_notes(rng, slots, checkin_text.style_of(manager.email)),
        private_notes=private,
        mood=rng.choices(_MOODS, _MOOD_WEIGHTS)[0],
    )
    ctx.out.checkins.append(checkin)
    today = ctx.today
    for j in range(rng.choices((0, 1, 2, 3), (15, 40, 30, 15))[0]):
        owner = employee if rng.random() < 0.7 else manager
        due = day + days(rng.choice((7, 10, 14, 21)))
        completed: dt.date | None = None
        if due < today:
            roll = 0.0 if past_items_done else rng.random()
            status = (
                ActionStatus.DONE
                if roll < 0.8
                else ActionStatus.DROPPED
                if roll < 0.86
                else ActionStatus.OPEN
            )
        else:
            status = ActionStatus.DONE if rng.random() < 0.2 else ActionStatus.OPEN
        if status is ActionStatus.DONE:
            latest = min(due + days(5), today)
            completed = day + days(rng.randint(1, max(1, (latest - day).days)))
            completed = min(completed, today)
        ctx.out.action_items.append(
            ActionItemIn.model_construct(
                id=f"{cid}-a{j + 1}",
                checkin=cid,
                owner=owner.email,
                text=checkin_text.action_text(rng, slots),
                due_date=due,
                status=status,
                completed_on=completed,
            )
        )
    return checkin


def build_checkins(ctx: Ctx, rng: random.Random, *, skip: frozenset[tuple[str, str]]) -> None:
    """Every (manager, report) pair meets every two weeks, except the pairs in ``skip``."""
    org = ctx.org
    firsts = [m.first for m in ctx.active()]
    seq = 0
    for m in ctx.active():
        if m.manager is None or (m.manager, m.email) in skip:
            continue
        manager = org.by_email[m.manager]
        day = ctx.start + days(rng.randint(0, 13))
        while day < ctx.today:
            seq += 1
            add_checkin(ctx, rng, manager, m, day, f"ci-{seq:07d}", peer=rng.choice(firsts))
            day += days(rng.choice((14, 14, 14, 13, 15, 21)))
