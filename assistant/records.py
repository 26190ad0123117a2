"""Records as prompts see them, read through the access policy.

:func:`context_about` and :func:`fetch_context` return :class:`~retrieval.types.ContextItem` s,
each labelled with its citation id (``G12``, ``F3``...) and a few facts, and always query through
:func:`assistant.access.visible`: a record the caller may not see never leaves the database.
A check-in yields up to two items, both cited ``C12``: the shared notes (``facts["part"] ==
"shared"``) and, for the manager who wrote them only, the private notes (``"private"``).
Text someone else wrote is marked ``untrusted``. (Indexing: :func:`render_documents`, re-exported
from :mod:`assistant.documents`.)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from assistant.access import Caller, subject_scope, visible
from assistant.documents import goal_date
from assistant.documents import render_documents as render_documents
from assistant.kinds import RECORD_TYPES, cite, every_kind, kind, parse_citation
from assistant.models import (
    ActionItem,
    ActionStatus,
    CheckIn,
    Cycle,
    Feedback,
    Goal,
    GoalStatus,
    GoalUpdate,
    KeyResult,
    Person,
)
from assistant.record_facts import (
    ActionItemFacts,
    CheckInFacts,
    CycleState,
    FeedbackFacts,
    GoalFacts,
    GoalUpdateFacts,
    KeyResultFacts,
    RecordFacts,
    stored,
)
from assistant.record_kinds import about, model_of, window
from retrieval.batches import batched
from retrieval.types import ContextItem

__all__ = ["RECORD_TYPES", "context_about", "fetch_context", "parse_citation", "render_documents"]

_CLOSED_GOAL = (GoalStatus.DONE, GoalStatus.DROPPED)
Where = list[ColumnElement[bool]]


@dataclass
class _Ctx:
    session: Session
    caller: Caller
    today: dt.date
    names: dict[int, str] = field(default_factory=dict)

    def preload(self, ids: Iterable[int | None]) -> None:
        missing = sorted({i for i in ids if i is not None} - set(self.names))
        for chunk in batched(missing):
            rows = self.session.execute(select(Person.id, Person.name).where(Person.id.in_(chunk)))
            self.names.update({pid: name for pid, name in rows})

    def name(self, pid: int | None) -> str | None:
        return None if pid is None else self.names.get(pid, "?")

    def item(
        self, rtype: str, rid: int, author: int | None, *, facts: RecordFacts, **kw: Any
    ) -> ContextItem:
        return ContextItem(
            citation=cite(rtype, rid),
            record_type=rtype,
            record_id=rid,
            author_id=author,
            untrusted=author != self.caller.id,
            facts=stored(facts),
            **kw,
        )


def _overdue(due: dt.date | None, still_open: bool, today: dt.date) -> int | None:
    return (today - due).days if due and still_open and due < today else None


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def cycle_state(cycle: Cycle | None, today: dt.date) -> CycleState | None:
    """Where a goal's cycle stands on ``today``: a closed quarter's goals are history, not
    current risks or next quarter's plans (readers and models both see this fact)."""
    if cycle is None:
        return None
    if cycle.end_date < today:
        return "closed"
    return "upcoming" if cycle.start_date > today else "current"


def _goal_items(ctx: _Ctx, where: Where) -> list[ContextItem]:
    stmt = select(Goal).where(visible(Goal, ctx.caller), *where)
    goals = list(ctx.session.scalars(stmt.options(joinedload(Goal.cycle))))
    last: dict[int, dt.date] = {}
    for chunk in batched([g.id for g in goals]):
        # No extra check needed: an update is visible exactly when its goal is.
        rows = ctx.session.execute(
            select(GoalUpdate.goal_id, func.max(GoalUpdate.date))
            .where(GoalUpdate.goal_id.in_(chunk))
            .group_by(GoalUpdate.goal_id)
        )
        last.update({gid: day for gid, day in rows})
    ctx.preload(g.owner_person_id for g in goals)
    out = []
    for g in goals:
        owner = ctx.name(g.owner_person_id) or (
            g.owner_team.name if g.owner_team else "the company"
        )
        facts: GoalFacts = {
            "title": g.title,
            "status": g.status.value,
            "progress": g.progress,
            "due_date": _iso(g.due_date),
            "visibility": g.visibility.value,
            "level": g.level.value,
            "cycle": g.cycle.name if g.cycle else None,
            "cycle_state": cycle_state(g.cycle, ctx.today),
            "last_update": _iso(last.get(g.id)),
            "days_overdue": _overdue(g.due_date, g.status not in _CLOSED_GOAL, ctx.today),
        }
        label = f"Goal of {owner}" + (f", due {g.due_date.isoformat()}" if g.due_date else "")
        text = f"{g.title}\n{g.description}".rstrip()
        out.append(
            ctx.item(
                "goal",
                g.id,
                g.owner_person_id,
                date=goal_date(g),
                subject_id=g.owner_person_id,
                label=label,
                text=text,
                facts=facts,
            )
        )
    return out


def _key_result_items(ctx: _Ctx, where: Where) -> list[ContextItem]:
    stmt = select(KeyResult).where(visible(KeyResult, ctx.caller), *where)
    out = []
    for k in ctx.session.scalars(stmt.options(joinedload(KeyResult.goal).joinedload(Goal.cycle))):
        span = k.target_value - k.start_value
        pct = round(100 * (k.current_value - k.start_value) / span) if span else None
        facts: KeyResultFacts = {
            "goal": k.goal.title,
            "goal_citation": cite("goal", k.goal_id),
            "cycle_state": cycle_state(k.goal.cycle, ctx.today),
            "unit": k.unit,
            "start": k.start_value,
            "target": k.target_value,
            "current": k.current_value,
            "progress": pct,
        }
        owner = k.goal.owner_person_id
        out.append(
            ctx.item(
                "key_result",
                k.id,
                owner,
                date=goal_date(k.goal),
                subject_id=owner,
                label=f'Key result of goal "{k.goal.title}"',
                text=k.title,
                facts=facts,
            )
        )
    return out


def _update_items(ctx: _Ctx, where: Where) -> list[ContextItem]:
    stmt = select(GoalUpdate).where(visible(GoalUpdate, ctx.caller), *where)
    updates = list(
        ctx.session.scalars(stmt.options(joinedload(GoalUpdate.goal).joinedload(Goal.cycle)))
    )
    ctx.preload(u.author_id for u in updates)
    out = []
    for u in updates:
        author = ctx.name(u.author_id)
        facts: GoalUpdateFacts = {
            "goal": u.goal.title,
            "goal_citation": cite("goal", u.goal_id),
            "cycle_state": cycle_state(u.goal.cycle, ctx.today),
            "status": u.status.value,
            "progress": u.progress,
            "confidence": u.confidence,
            "author": author,
        }
        label = f'Update on goal "{u.goal.title}" by {author}, {u.date.isoformat()}'
        out.append(
            ctx.item(
                "goal_update",
                u.id,
                u.author_id,
                date=u.date,
                subject_id=u.goal.owner_person_id,
                label=label,
                text=u.note,
                facts=facts,
            )
        )
    return out


def _feedback_items(ctx: _Ctx, where: Where) -> list[ContextItem]:
    stmt = select(Feedback).where(visible(Feedback, ctx.caller), *where)
    stmt = stmt.options(joinedload(Feedback.goal), selectinload(Feedback.values))
    rows = list(ctx.session.scalars(stmt))
    ctx.preload(i for f in rows for i in (f.giver_id, f.receiver_id))
    out = []
    for f in rows:
        giver = ctx.name(f.giver_id)
        facts: FeedbackFacts = {
            "kind": f.kind.value,
            "visibility": f.visibility.value,
            "giver": giver,
            "receiver": ctx.name(f.receiver_id),
            "goal": f.goal.title if f.goal else None,
            "values": ", ".join(v.name for v in f.values) or None,
        }
        label = f"Feedback ({f.kind.value}) from {giver}, {f.date.isoformat()}"
        out.append(
            ctx.item(
                "feedback",
                f.id,
                f.giver_id,
                date=f.date,
                subject_id=f.receiver_id,
                label=label,
                text=f.text,
                facts=facts,
            )
        )
    return out


def _checkin_items(ctx: _Ctx, where: Where) -> list[ContextItem]:
    out = []
    parts: tuple[Literal["shared", "private"], ...] = ("shared", "private")
    for part in parts:
        stmt = select(CheckIn).where(visible(CheckIn, ctx.caller, part=part), *where)
        if part == "private":
            stmt = stmt.where(CheckIn.private_notes != "")
        rows = list(ctx.session.scalars(stmt))
        ctx.preload(i for c in rows for i in (c.manager_id, c.employee_id))
        for c in rows:
            mgr, emp, day = ctx.name(c.manager_id), ctx.name(c.employee_id), c.date.isoformat()
            facts: CheckInFacts = {"part": part, "manager": mgr, "employee": emp}
            if part == "shared":
                facts["mood"] = c.mood
                label, text = f"1:1 check-in of {emp} with {mgr}, {day}", c.shared_notes
            else:
                label, text = f"Private notes by {mgr}, 1:1 with {emp}, {day}", c.private_notes
            out.append(
                ctx.item(
                    "checkin",
                    c.id,
                    c.manager_id,
                    date=c.date,
                    subject_id=c.employee_id,
                    label=label,
                    text=text,
                    facts=facts,
                )
            )
    return out


def _action_items(ctx: _Ctx, where: Where) -> list[ContextItem]:
    stmt = select(ActionItem).where(visible(ActionItem, ctx.caller), *where)
    rows = list(ctx.session.scalars(stmt.options(joinedload(ActionItem.checkin))))
    ctx.preload(a.owner_id for a in rows)
    out = []
    for a in rows:
        owner, day = ctx.name(a.owner_id), a.checkin.date
        facts: ActionItemFacts = {
            "status": a.status.value,
            "owner": owner,
            "due_date": _iso(a.due_date),
            "checkin": cite("checkin", a.checkin_id),
            "checkin_date": day.isoformat(),
            "days_overdue": _overdue(a.due_date, a.status == ActionStatus.OPEN, ctx.today),
        }
        label = f"Action item for {owner} from the 1:1 on {day.isoformat()}"
        out.append(
            ctx.item(
                "action_item",
                a.id,
                a.owner_id,
                date=day,
                subject_id=a.checkin.employee_id,
                label=label,
                text=a.text,
                facts=facts,
            )
        )
    return out


_FETCH: dict[str, Callable[[_Ctx, Where], list[ContextItem]]] = every_kind(
    {
        "goal": _goal_items,
        "key_result": _key_result_items,
        "goal_update": _update_items,
        "feedback": _feedback_items,
        "checkin": _checkin_items,
        "action_item": _action_items,
    },
    "record readers",
)


def context_about(
    session: Session,
    caller: Caller,
    subject_id: int,
    *,
    record_types: Iterable[str] | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    today: dt.date,
) -> list[ContextItem]:
    """Every record about ``subject_id`` the caller may see, newest first (``since``/``until``
    inclusive). :class:`~assistant.errors.NotFound` for a person who does not exist; an empty
    list when the policy leaves nothing. ``today`` sets the clock for ``days_overdue``."""
    subject_scope(caller, subject_id)  # NotFound for a person who does not exist
    types = list(dict.fromkeys(record_types)) if record_types is not None else list(RECORD_TYPES)
    for rtype in types:
        kind(rtype)  # UnknownKind (a ValueError) before any query runs
    ctx = _Ctx(session, caller, today)
    items: list[ContextItem] = []
    for rtype in types:
        items.extend(_FETCH[rtype](ctx, [about(rtype, subject_id), *window(rtype, since, until)]))
    return sorted(items, key=lambda i: (i.date or dt.date.min, i.citation), reverse=True)


def fetch_context(
    session: Session, caller: Caller, citations: Iterable[str], *, today: dt.date
) -> list[ContextItem]:
    """The cited records the caller may see, in the order first cited. What they may not see,
    and anything that is not a citation, is silently left out. ``C12`` brings every part of a
    check-in the caller may see; ``C12:private`` only the private notes."""
    ctx = _Ctx(session, caller, today)
    order: dict[str, int] = {}
    by_type: dict[str, set[int]] = {}
    parts: dict[int, set[str]] = {}
    for raw in citations:
        parsed = parse_citation(raw)
        if parsed is None:
            continue
        rtype, rid, private_only = parsed
        order.setdefault(cite(rtype, rid), len(order))
        by_type.setdefault(rtype, set()).add(rid)
        if kind(rtype).private_part:
            parts.setdefault(rid, set()).update(
                ("private",) if private_only else ("shared", "private")
            )
    items: list[ContextItem] = []
    for rtype, rids in by_type.items():
        for chunk in batched(sorted(rids)):
            got = _FETCH[rtype](ctx, [model_of(rtype).id.in_(chunk)])
            if kind(rtype).private_part:
                got = [i for i in got if i.facts["part"] in parts[i.record_id]]
            items.extend(got)
    return sorted(items, key=lambda i: (order[i.citation], i.facts.get("part") == "private"))
