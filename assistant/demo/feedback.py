"""Everyday feedback: ~25 items per person over the two quarters, all kinds and visibilities.

Givers are mostly teammates and the manager, some from other teams. Reviews cluster at the end of
the previous quarter, written by the manager. Planted people with a rule about what they receive
(only praise, only criticism) get only that kind.
"""

from __future__ import annotations

import random

from assistant.bundle import FeedbackIn
from assistant.demo import feedback_text
from assistant.demo.context import VALUE_OF_BEHAVIOUR, Ctx, days
from assistant.demo.org import Member
from assistant.demo.planted import PLANTED
from assistant.demo.vocab import KINDS
from assistant.models import FeedbackKind, FeedbackVisibility

PER_PERSON = 25
_KINDS = (
    FeedbackKind.PRAISE,
    FeedbackKind.CONSTRUCTIVE,
    FeedbackKind.SUGGESTION,
    FeedbackKind.REVIEW,
)
_KIND_WEIGHTS = (42, 20, 24, 14)
_VIS = (FeedbackVisibility.SHARED, FeedbackVisibility.MANAGER_ONLY, FeedbackVisibility.PRIVATE)
_VIS_WEIGHTS = {
    FeedbackKind.PRAISE: (86, 6, 8),
    FeedbackKind.CONSTRUCTIVE: (60, 25, 15),
    FeedbackKind.SUGGESTION: (84, 6, 10),
    FeedbackKind.REVIEW: (75, 25, 0),
}
_FORCED_KIND = {
    PLANTED.only_praise: FeedbackKind.PRAISE,
    PLANTED.only_criticism: FeedbackKind.CONSTRUCTIVE,
}


def _giver(
    ctx: Ctx,
    rng: random.Random,
    receiver: Member,
    everyone: list[Member],
    mates_of: dict[str, list[str]],
    kind: FeedbackKind,
) -> Member:
    org = ctx.org
    if kind is FeedbackKind.REVIEW and receiver.manager and rng.random() < 0.8:
        return org.by_email[receiver.manager]
    roll = rng.random()
    if roll < 0.15 and receiver.manager:
        return org.by_email[receiver.manager]
    if roll < 0.65:
        mates = mates_of[receiver.team]
        if len(mates) > 1:
            mate = rng.choice(mates)
            if mate != receiver.email:
                return org.by_email[mate]
    while True:
        g = rng.choice(everyone)
        if g.email != receiver.email:
            return g


def build_feedback(ctx: Ctx, rng: random.Random) -> None:
    everyone = ctx.active()
    firsts = [m.first for m in everyone]
    teams = {t.id: t for t in ctx.org.teams}
    mates_of = {t.id: [e for e in t.members if e not in ctx.no_history] for t in ctx.org.teams}
    total = PER_PERSON * len(everyone)
    span = (ctx.today - ctx.start).days
    review_days = max(1, min(14, (ctx.prev.end - ctx.prev.start).days))
    out = ctx.out.feedback
    for i in range(total):
        receiver = rng.choice(everyone)
        kind = _FORCED_KIND.get(receiver.email) or rng.choices(_KINDS, _KIND_WEIGHTS)[0]
        giver = _giver(ctx, rng, receiver, everyone, mates_of, kind)
        visibility = rng.choices(_VIS, _VIS_WEIGHTS[kind])[0]
        if visibility is FeedbackVisibility.MANAGER_ONLY and giver.email == receiver.manager:
            visibility = FeedbackVisibility.PRIVATE  # a manager's note to self is private
        third = visibility is not FeedbackVisibility.SHARED
        slots = ctx.slots(rng, receiver, third=third, peer=rng.choice(firsts))
        voice = feedback_text.voice_of(giver.email)
        behaviours = KINDS[teams[receiver.team].kind].behaviours
        values: list[str] = []
        if kind is FeedbackKind.REVIEW:
            day = ctx.prev.end - days(rng.randint(0, review_days))
            text = feedback_text.review(rng, slots, behaviours, third, voice)
        else:
            day = ctx.start + days(rng.randint(0, span))
            behaviour = rng.choice(behaviours)
            compose = {
                FeedbackKind.PRAISE: feedback_text.praise,
                FeedbackKind.CONSTRUCTIVE: feedback_text.constructive,
                FeedbackKind.SUGGESTION: feedback_text.suggestion,
            }[kind]
            text = compose(rng, slots, behaviour, third, voice)
            if rng.random() < (0.6 if kind is FeedbackKind.PRAISE else 0.25):
                values.append(VALUE_OF_BEHAVIOUR[behaviour])
            if kind is FeedbackKind.CONSTRUCTIVE and rng.random() < 0.2:
                values.append("value-candid-kind")
        cycle = ctx.cur if day >= ctx.cur.start else ctx.prev
        own_goals = ctx.goals_of.get((receiver.email, cycle.id))
        goal = rng.choice(own_goals) if own_goals and rng.random() < 0.15 else None
        requested = None
        if rng.random() < 0.1:
            requested = receiver.email if rng.random() < 0.6 else receiver.manager
        out.append(
            FeedbackIn.model_construct(
                id=f"fb-{i + 1:07d}",
                giver=giver.email,
                receiver=receiver.email,
                date=day,
                kind=kind,
                visibility=visibility,
                text=text,
                values=values,
                goal=goal,
                requested_by=requested,
            )
        )
