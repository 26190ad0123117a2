"""Goals aligned company -> team -> individual, their key results and weekly-ish updates.

Each goal gets a hidden "pace" (how fast it moves relative to the calendar); progress, status,
key-result values and every update follow from the pace and the date, so the numbers agree with
each other and with the notes.
"""

from __future__ import annotations

import datetime as dt
import random

from assistant.bundle import GoalIn, GoalUpdateIn, KeyResultIn
from assistant.demo import goal_text
from assistant.demo.context import Ctx, CycleSpan, days
from assistant.demo.slots import Slots
from assistant.models import GoalLevel, GoalStatus, GoalVisibility

_CONFIDENCE = {
    GoalStatus.ON_TRACK: (4, 5),
    GoalStatus.AT_RISK: (3, 3),
    GoalStatus.OFF_TRACK: (1, 2),
    GoalStatus.DONE: (5, 5),
    GoalStatus.NOT_STARTED: (3, 4),
    GoalStatus.DROPPED: (1, 2),
}


def status_for(pace: float, progress: int, finished: bool) -> GoalStatus:
    if progress >= 100:
        return GoalStatus.DONE
    if progress == 0:
        return GoalStatus.NOT_STARTED
    if pace >= 0.85:
        return GoalStatus.ON_TRACK if not finished or progress >= 90 else GoalStatus.AT_RISK
    return GoalStatus.AT_RISK if pace >= 0.6 else GoalStatus.OFF_TRACK


def progress_at(pace: float, cycle: CycleSpan, day: dt.date) -> int:
    elapsed = (day - cycle.start).days / max(1, (cycle.end - cycle.start).days)
    return max(0, min(100, round(100 * pace * min(1.0, elapsed))))


def kr_value(start: float, target: float, progress: int) -> float:
    value = start + (target - start) * progress / 100
    # Counts (logos, services, incidents) stay whole; rates and money keep two decimals.
    return float(round(value)) if start.is_integer() and target.is_integer() else round(value, 2)


class GoalWriter:
    def __init__(self, ctx: Ctx, rng: random.Random):
        self.ctx, self.rng = ctx, rng
        self.seq = 0

    def add(
        self,
        *,
        cycle: CycleSpan,
        level: GoalLevel,
        title: str,
        kind: str,
        author: str,
        slots: Slots,
        owner_person: str | None = None,
        owner_team: str | None = None,
        parent: str | None = None,
        krs: list[tuple[str, str, float, float]] | None = None,
        pace: float | None = None,
        goal_id: str | None = None,
        update_days: list[dt.date] | None = None,
        visibility: GoalVisibility | None = None,
        description: str = "",
    ) -> str:
        rng, ctx = self.rng, self.ctx
        self.seq += 1
        gid = goal_id or f"goal-{self.seq:06d}"
        if pace is None:
            pace = rng.choice((0.35, 0.55, 0.7, 0.85, 0.95, 1.0, 1.05, 1.1, 1.2))
        dropped = goal_id is None and rng.random() < 0.04
        if krs is None:
            n = min(rng.choice((2, 2, 3)), len(goal_text.KEY_RESULTS[kind]))
            krs = goal_text.key_results(rng, kind, slots, n)
        horizon = min(cycle.end, ctx.today)
        if update_days is None:
            update_days = []
            day = cycle.start + days(rng.randint(4, 10))
            while day <= horizon:
                update_days.append(day)
                day += days(rng.choice((7, 7, 7, 10, 14)))
            if dropped and update_days:
                update_days = update_days[: max(1, len(update_days) // 2)]
        finished = ctx.today > cycle.end
        last = update_days[-1] if update_days else cycle.start
        progress = progress_at(pace, cycle, last) if update_days else 0
        status = status_for(pace, progress, finished)
        if dropped:
            status = GoalStatus.DROPPED
        out = ctx.out
        for i, day in enumerate(update_days):
            p = progress_at(pace, cycle, day)
            st = status_for(pace, p, finished and day == last)
            if dropped and i == len(update_days) - 1:
                st = GoalStatus.DROPPED
            kt, unit, start, target = krs[i % len(krs)]
            note = goal_text.update_note(
                rng, st.value, slots, (kt, unit, kr_value(start, target, p))
            )
            lo, hi = _CONFIDENCE[st]
            out.goal_updates.append(
                GoalUpdateIn.model_construct(
                    id=f"{gid}-u{i + 1:02d}",
                    goal=gid,
                    author=author,
                    date=day,
                    progress=p,
                    status=st,
                    confidence=rng.randint(lo, hi),
                    note=note,
                )
            )
        for i, (kt, unit, start, target) in enumerate(krs):
            out.key_results.append(
                KeyResultIn.model_construct(
                    id=f"{gid}-kr{i + 1}",
                    goal=gid,
                    title=kt,
                    unit=unit,
                    start_value=start,
                    target_value=target,
                    current_value=kr_value(start, target, progress),
                )
            )
        if visibility is None:
            private = level is GoalLevel.INDIVIDUAL and rng.random() < 0.08
            visibility = GoalVisibility.PRIVATE if private else GoalVisibility.PUBLIC
        out.goals.append(
            GoalIn.model_construct(
                id=gid,
                title=title,
                description=description,
                level=level,
                owner_person=owner_person,
                owner_team=owner_team,
                parent=parent,
                cycle=cycle.id,
                due_date=cycle.end,
                status=status,
                progress=progress,
                visibility=visibility,
                created_on=min(
                    cycle.start - days(rng.randint(0, 6)),
                    update_days[0] if update_days else cycle.start,
                ),
                values=[],
            )
        )
        key = (owner_person or owner_team or "", cycle.id)
        ctx.goals_of.setdefault(key, []).append(gid)
        return gid


def build_goals(ctx: Ctx, rng: random.Random, *, skip_individual: frozenset[str]) -> GoalWriter:
    """Company, team and individual goals for both cycles, except individual goals of
    ``skip_individual`` (people whose goals are planted)."""
    w = GoalWriter(ctx, rng)
    org, ceo = ctx.org, next(m for m in ctx.org.people if m.manager is None)
    peers = [m.first for m in ctx.active()]
    for cycle in (ctx.prev, ctx.cur):
        company: dict[str, str] = {}
        for theme, title, krs in rng.sample(goal_text.COMPANY_GOALS, k=4):
            slots = ctx.slots(rng, ceo, third=False, peer=rng.choice(peers))
            company[theme] = w.add(
                cycle=cycle,
                level=GoalLevel.COMPANY,
                title=title,
                kind="office",
                author=ceo.email,
                slots=slots,
                owner_person=ceo.email,
                krs=[(t, u, float(s), float(g)) for t, u, s, g in krs],
            )
        team_goals: dict[str, list[str]] = {}
        for team in org.teams:
            lead = org.by_email[team.lead or ceo.email]
            themes = [t for t in goal_text.THEME_OF_KIND[team.kind] if t in company]
            for _ in range(1 if team.kind == "office" else 2):
                slots = ctx.slots(rng, lead, third=False, peer=rng.choice(peers))
                parent = company[themes[0] if themes else rng.choice(list(company))]
                title = goal_text.goal_title(rng, team.kind, slots, team=True)
                team_goals.setdefault(team.id, []).append(
                    w.add(
                        cycle=cycle,
                        level=GoalLevel.TEAM,
                        title=title,
                        kind=team.kind,
                        author=lead.email,
                        slots=slots,
                        owner_team=team.id,
                        parent=parent,
                    )
                )
                if themes:
                    themes.append(themes.pop(0))
        for m in ctx.active():
            if m.manager is None or m.email in skip_individual:
                continue
            for _ in range(rng.choice((1, 2, 2, 2, 3)) if not m.lead else 1):
                slots = ctx.slots(rng, m, third=False, peer=rng.choice(peers))
                title = goal_text.goal_title(rng, m.kind, slots, team=False)
                w.add(
                    cycle=cycle,
                    level=GoalLevel.INDIVIDUAL,
                    title=title,
                    kind=m.kind,
                    author=m.email,
                    slots=slots,
                    owner_person=m.email,
                    parent=rng.choice(team_goals[m.team]),
                )
    return w
