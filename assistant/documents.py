"""Database rows as :class:`~retrieval.types.Document` s for the index: text to embed plus the
access metadata the filters match (subject, author, team, visibility, date, cycle).

- Goals and their key results/updates: subject = the owning person; visibility ``public`` or
  ``restricted`` (a private goal). A team-owned goal has subject None and ``team_id`` set — the
  only documents that carry a team, so the team clause can never reach a person's private goal.
  Author: the goal owner (an update's author for an update).
- Feedback: subject = receiver, author = giver, visibility = its own (shared/manager_only/private).
- A check-in is two documents: ``C12`` (shared notes, ``shared``, author = the manager) and
  ``C12:private`` (the manager's private notes, ``private``), the latter only when there are any.
- Action items: subject = the check-in's employee, author = the item's owner, ``shared``.

Unfiltered by design: only the indexer calls this. Prompts read through :mod:`assistant.records`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from assistant.models import (
    CITATION_PREFIX,
    ActionItem,
    CheckIn,
    Cycle,
    Feedback,
    Goal,
    GoalUpdate,
    GoalVisibility,
    KeyResult,
)
from retrieval.batches import batched
from retrieval.types import Document, date_int

__all__ = ["RECORD_TYPES", "cite", "goal_date", "parse_citation", "render_documents"]

RECORD_TYPES = tuple(CITATION_PREFIX)
_TYPE_OF_PREFIX = {prefix: rtype for rtype, prefix in CITATION_PREFIX.items()}
_CITATION = re.compile(r"^([A-Z])(\d{1,12})(:private)?$")


def cite(record_type: str, record_id: int) -> str:
    return f"{CITATION_PREFIX[record_type]}{record_id}"


def parse_citation(citation: str) -> tuple[str, int, bool] | None:
    """``"F12"`` → ``("feedback", 12, False)``; ``"C3:private"`` → ``("checkin", 3, True)``;
    None for anything else."""
    m = _CITATION.match(citation.strip())
    if not m or m.group(1) not in _TYPE_OF_PREFIX:
        return None
    rtype = _TYPE_OF_PREFIX[m.group(1)]
    private = m.group(3) is not None
    if private and rtype != "checkin":
        return None
    return rtype, int(m.group(2)), private


def goal_date(goal: Goal) -> dt.date | None:
    """When a goal "happened", for ordering and date filters: created, else its cycle's start,
    else its due date."""
    if goal.created_on:
        return goal.created_on
    if goal.cycle is not None:
        return goal.cycle.start_date
    return goal.due_date


# The one id chunker is retrieval.batches.batched; records.py still imports it from here by its
# old name (issue 14: switch it there and drop this alias).
chunks = batched


def human(value: Any) -> str:
    return str(getattr(value, "value", value)).replace("_", " ")


def _num(value: float) -> str:
    return f"{value:g}"


class _Cycles:
    """The cycle a dated record falls in (feedback and check-ins carry no cycle of their own)."""

    def __init__(self, session: Session):
        self._rows = session.execute(select(Cycle.id, Cycle.start_date, Cycle.end_date)).all()

    def of(self, day: dt.date | None) -> int | None:
        if day is None:
            return None
        return next((cid for cid, start, end in self._rows if start <= day <= end), None)


def _doc(rtype: str, rid: int, *, suffix: str = "", day: dt.date | None, **kw: Any) -> Document:
    return Document(
        doc_id=cite(rtype, rid) + suffix,
        citation=cite(rtype, rid),
        record_type=rtype,
        record_id=rid,
        date=date_int(day) if day else 0,
        **kw,
    )


def _goal_meta(goal: Goal) -> dict[str, Any]:
    """Access metadata a goal shares with its key results and updates."""
    return {
        "subject_id": goal.owner_person_id,
        "team_id": goal.owner_team_id if goal.owner_person_id is None else None,
        "visibility": "public" if goal.visibility == GoalVisibility.PUBLIC else "restricted",
        "cycle_id": goal.cycle_id,
    }


def _goals(session: Session, ids: list[int], _c: _Cycles) -> list[Document]:
    out = []
    for g in session.scalars(select(Goal).where(Goal.id.in_(ids)).options(joinedload(Goal.cycle))):
        status = f"Status: {human(g.status)}; progress {g.progress}%"
        if g.due_date:
            status += f"; due {g.due_date.isoformat()}"
        text = f"Goal: {g.title}\n{g.description}".rstrip() + f"\n{status}"
        out.append(
            _doc(
                "goal",
                g.id,
                day=goal_date(g),
                author_id=g.owner_person_id,
                text=text,
                **_goal_meta(g),
            )
        )
    return out


def _key_results(session: Session, ids: list[int], _c: _Cycles) -> list[Document]:
    out = []
    stmt = select(KeyResult).where(KeyResult.id.in_(ids))
    for k in session.scalars(stmt.options(joinedload(KeyResult.goal).joinedload(Goal.cycle))):
        text = (
            f'Key result for goal "{k.goal.title}": {k.title} ({_num(k.current_value)} of '
            f"{_num(k.target_value)} {k.unit}, from {_num(k.start_value)})"
        )
        out.append(
            _doc(
                "key_result",
                k.id,
                day=goal_date(k.goal),
                author_id=k.goal.owner_person_id,
                text=text,
                **_goal_meta(k.goal),
            )
        )
    return out


def _updates(session: Session, ids: list[int], _c: _Cycles) -> list[Document]:
    out = []
    stmt = select(GoalUpdate).where(GoalUpdate.id.in_(ids))
    for u in session.scalars(stmt.options(joinedload(GoalUpdate.goal))):
        head = f'Update on goal "{u.goal.title}": {human(u.status)}, progress {u.progress}%'
        if u.confidence is not None:
            head += f", confidence {u.confidence}/5"
        out.append(
            _doc(
                "goal_update",
                u.id,
                day=u.date,
                author_id=u.author_id,
                text=f"{head}\n{u.note}".rstrip(),
                **_goal_meta(u.goal),
            )
        )
    return out


def _feedback(session: Session, ids: list[int], cycles: _Cycles) -> list[Document]:
    out = []
    stmt = select(Feedback).where(Feedback.id.in_(ids))
    for f in session.scalars(
        stmt.options(joinedload(Feedback.goal), selectinload(Feedback.values))
    ):
        head = f"{human(f.kind).capitalize()} feedback"
        if f.goal is not None:
            head += f' on goal "{f.goal.title}"'
        if f.values:
            head += " (values: " + ", ".join(v.name for v in f.values) + ")"
        out.append(
            _doc(
                "feedback",
                f.id,
                day=f.date,
                subject_id=f.receiver_id,
                author_id=f.giver_id,
                team_id=None,
                visibility=f.visibility.value,
                cycle_id=cycles.of(f.date),
                text=f"{head}\n{f.text}",
            )
        )
    return out


def _checkins(session: Session, ids: list[int], cycles: _Cycles) -> list[Document]:
    out = []
    for c in session.scalars(select(CheckIn).where(CheckIn.id.in_(ids))):
        meta: dict[str, Any] = {
            "day": c.date,
            "subject_id": c.employee_id,
            "author_id": c.manager_id,
            "team_id": None,
            "cycle_id": cycles.of(c.date),
        }
        text = f"1:1 check-in notes\n{c.shared_notes}".rstrip()
        out.append(_doc("checkin", c.id, visibility="shared", text=text, **meta))
        if c.private_notes.strip():
            text = f"Manager's private 1:1 notes\n{c.private_notes}"
            out.append(
                _doc("checkin", c.id, suffix=":private", visibility="private", text=text, **meta)
            )
    return out


def _actions(session: Session, ids: list[int], cycles: _Cycles) -> list[Document]:
    out = []
    stmt = select(ActionItem).where(ActionItem.id.in_(ids))
    for a in session.scalars(stmt.options(joinedload(ActionItem.checkin))):
        head = f"Action item from a 1:1 ({human(a.status)}"
        head += f", due {a.due_date.isoformat()})" if a.due_date else ")"
        day = a.checkin.date
        out.append(
            _doc(
                "action_item",
                a.id,
                day=day,
                subject_id=a.checkin.employee_id,
                author_id=a.owner_id,
                team_id=None,
                visibility="shared",
                cycle_id=cycles.of(day),
                text=f"{head}: {a.text}",
            )
        )
    return out


_RENDER: dict[str, Callable[[Session, list[int], _Cycles], list[Document]]] = {
    "goal": _goals,
    "key_result": _key_results,
    "goal_update": _updates,
    "feedback": _feedback,
    "checkin": _checkins,
    "action_item": _actions,
}


def render_documents(session: Session, record_type: str, ids: Iterable[int]) -> list[Document]:
    """The documents for the given records, ordered by record id. Ids that no longer exist yield
    nothing; a check-in without private notes yields no ``:private`` document (the indexer should
    drop a record's stale doc ids on upsert)."""
    try:
        render = _RENDER[record_type]
    except KeyError:
        raise ValueError(
            f"unknown record type {record_type!r}; indexed types: {', '.join(RECORD_TYPES)}"
        ) from None
    cycles = _Cycles(session)
    docs: list[Document] = []
    for chunk in batched(sorted(set(ids))):
        docs.extend(render(session, chunk, cycles))
    return sorted(docs, key=lambda d: (d.record_id, d.doc_id))
