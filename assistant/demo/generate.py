"""Build the demo organisation as an import bundle.

Deterministic for (people, seed, today): every step draws from its own random stream seeded from
``seed`` and the step's name, so changing one step does not reshuffle the others. Records are
built with ``model_construct`` (no per-record validation) to keep 10,000 people fast; the tests
validate the dumped bundle.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from assistant.bundle import BUNDLE_FORMAT_VERSION, Bundle, CycleIn, PersonIn, TeamIn, ValueIn
from assistant.demo.checkins import build_checkins
from assistant.demo.context import VALUES, Ctx, days, quarter
from assistant.demo.feedback import build_feedback
from assistant.demo.goals import build_goals
from assistant.demo.org import build_org
from assistant.demo.plant import plant_checkins, plant_feedback, plant_goals
from assistant.demo.planted import PLANTED
from assistant.models import Role

Progress = Callable[[str, int, int], None]
STEPS = ("organisation", "goals", "feedback", "check-ins")


def generate(
    people: int = 60,
    seed: int = 42,
    *,
    today: dt.date,
    progress: Progress | None = None,
) -> Bundle:
    """A demo organisation of ``people`` people as of ``today`` (``cadence demo`` passes
    :func:`assistant.clock.today`; tests and evals pin it)."""

    def rng(step: str) -> random.Random:
        return random.Random(f"cadence-demo:{seed}:{step}")

    def report(done: int) -> None:
        if progress:
            progress(STEPS[min(done, len(STEPS) - 1)], done, len(STEPS))

    report(0)
    org = build_org(people, rng("org"))
    cur = quarter(today)
    ctx = Ctx(
        today=today,
        org=org,
        prev=quarter(cur.start - days(1)),
        cur=cur,
        no_history=frozenset({PLANTED.new_hire}),
    )
    out = ctx.out
    out.teams = [TeamIn.model_construct(id=t.id, name=t.name, parent=t.parent) for t in org.teams]
    out.people = [
        PersonIn.model_construct(
            id=m.id,
            name=m.name,
            email=m.email,
            title=m.title,
            team=m.team,
            manager=m.manager,
            roles=[Role(r) for r in m.roles],
            active=True,
            pronouns=m.pronouns,
        )
        for m in org.people
    ]
    out.values = [ValueIn.model_construct(id=i, name=n, description=d) for i, n, d in VALUES]
    out.cycles = [
        CycleIn.model_construct(id=c.id, name=c.name, start_date=c.start, end_date=c.end)
        for c in (ctx.prev, ctx.cur)
    ]
    report(1)
    writer = build_goals(ctx, rng("goals"), skip_individual=frozenset({PLANTED.report}))
    plant_goals(ctx, writer)
    report(2)
    build_feedback(ctx, rng("feedback"))
    plant_feedback(ctx, rng("planted-feedback"))
    report(3)
    build_checkins(ctx, rng("checkins"), skip=frozenset({(PLANTED.manager, PLANTED.report)}))
    plant_checkins(ctx, rng("planted-checkins"))
    report(4)
    return Bundle.model_construct(
        format_version=BUNDLE_FORMAT_VERSION,
        people=out.people,
        teams=out.teams,
        values=out.values,
        cycles=out.cycles,
        goals=out.goals,
        key_results=out.key_results,
        goal_updates=out.goal_updates,
        feedback=out.feedback,
        checkins=out.checkins,
        action_items=out.action_items,
    )
