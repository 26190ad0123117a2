"""Deleting records for good, for erasure (assistant/erasure.py) and retention
(assistant/retention.py): the rows, their parts, the drafts that quote them, and the outbox rows
that take them out of both retrieval legs.

Everything here runs inside the caller's transaction and writes with bulk statements, so the ORM's
outbox hook sees nothing: each function enqueues its own outbox rows. Making the bytes go away
(index compaction, VACUUM) happens after the commit, in assistant/reclaim.py.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from assistant import outbox
from assistant.documents import cite
from assistant.models import (
    INDEXED,
    ActionItem,
    AuditEvent,
    Draft,
    Feedback,
    Goal,
    GoalUpdate,
    KeyResult,
    OutboxOp,
)
from retrieval.batches import batched

__all__ = [
    "DELETE_ORDER",
    "LABELS",
    "RecordIds",
    "citations_of",
    "delete_drafts",
    "delete_records",
    "drafts_mentioning",
    "empty_ids",
    "with_parts",
]

# Children before parents, so no foreign key ever points at a deleted row.
DELETE_ORDER = ("action_item", "checkin", "feedback", "goal_update", "key_result", "goal")

RecordIds = dict[str, set[int]]
"""Record type (a key of models.INDEXED) -> ids."""

# How counts of each record type read in reports ("3 goal updates").
LABELS = {
    "goal": "goals",
    "key_result": "key results",
    "goal_update": "goal updates",
    "feedback": "feedback",
    "checkin": "1:1 check-ins",
    "action_item": "action items",
}


def empty_ids() -> RecordIds:
    return {rtype: set() for rtype in INDEXED}


def _ids(session: Session, stmt: Any) -> set[int]:
    return {int(r[0]) for r in session.execute(stmt)}


def with_parts(session: Session, ids: RecordIds) -> RecordIds:
    """``ids`` plus the parts that cannot outlive them: a goal's key results and updates, a
    check-in's action items."""
    out = {rtype: set(ids.get(rtype, ())) for rtype in INDEXED}
    for chunk in batched(sorted(out["goal"])):
        out["key_result"] |= _ids(session, select(KeyResult.id).where(KeyResult.goal_id.in_(chunk)))
        out["goal_update"] |= _ids(
            session, select(GoalUpdate.id).where(GoalUpdate.goal_id.in_(chunk))
        )
    for chunk in batched(sorted(out["checkin"])):
        out["action_item"] |= _ids(
            session, select(ActionItem.id).where(ActionItem.checkin_id.in_(chunk))
        )
    return out


def citations_of(ids: RecordIds) -> set[str]:
    return {cite(rtype, rid) for rtype, rids in ids.items() for rid in rids}


def _cited(value: Any) -> Iterator[str]:
    """Every citation anywhere in a stored draft output (every item carries ``citations``)."""
    if isinstance(value, dict):
        for key, inner in value.items():
            if key == "citations" and isinstance(inner, list):
                yield from (c for c in inner if isinstance(c, str))
            else:
                yield from _cited(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _cited(inner)


_DRAFT_COLUMNS = (
    Draft.id,
    Draft.subject_id,
    Draft.requester_id,
    Draft.output,
    Draft.dropped,
    Draft.degraded,
    Draft.subject_group,
)


def _stored_text(row: Any) -> str:
    parts = (
        json.dumps(row.output, ensure_ascii=False),
        " ".join(row.dropped or ()),
        row.degraded or "",
        row.subject_group or "",
    )
    return " ".join(parts).lower()


def drafts_mentioning(
    session: Session,
    *,
    citations: set[str],
    needles: Sequence[str] = (),
    people: Iterable[int] = (),
    extra: Any = None,
) -> set[int]:
    """Ids of stored drafts (the cache and the audit trail) that are about or by ``people``,
    cite any of ``citations``, or contain any of ``needles`` (matched case-insensitively anywhere
    in what the draft stores). ``extra`` is an optional SQL condition that selects a draft on its
    own (retention's age cut-off)."""
    who = set(people)
    words = [n.lower() for n in needles if n.strip()]
    found: set[int] = set()
    if extra is not None:
        found |= _ids(session, select(Draft.id).where(extra))
    rows = session.execute(select(*_DRAFT_COLUMNS).execution_options(yield_per=500))
    for row in rows:
        if row.id in found:
            continue
        if (
            row.subject_id in who
            or row.requester_id in who
            or {c.split(":", 1)[0] for c in _cited(row.output)} & citations
            or (words and any(w in _stored_text(row) for w in words))
        ):
            found.add(row.id)
    return found


def delete_drafts(session: Session, ids: Iterable[int]) -> int:
    """Delete drafts. Audit rows that pointed at them keep who-did-what-when without the draft."""
    n = 0
    for chunk in batched(sorted(set(ids))):
        session.execute(
            update(AuditEvent).where(AuditEvent.draft_id.in_(chunk)).values(draft_id=None)
        )
        session.execute(delete(Draft).where(Draft.id.in_(chunk)))
        n += len(chunk)
    return n


def delete_records(session: Session, ids: RecordIds) -> set[int]:
    """Delete the records (call :func:`with_parts` first) and queue them out of the index.

    Links that other records keep to a deleted goal are cut (a child goal's parent, feedback's
    goal); such feedback is re-indexed, since its document names the goal. Returns those
    feedback ids."""
    goals = ids.get("goal", set())
    relinked: set[int] = set()
    for chunk in batched(sorted(goals)):
        session.execute(update(Goal).where(Goal.parent_id.in_(chunk)).values(parent_id=None))
        linked = _ids(session, select(Feedback.id).where(Feedback.goal_id.in_(chunk)))
        relinked |= linked - ids.get("feedback", set())
        session.execute(update(Feedback).where(Feedback.goal_id.in_(chunk)).values(goal_id=None))
    outbox.enqueue(session, "feedback", sorted(relinked), OutboxOp.UPSERT)
    for rtype in DELETE_ORDER:
        model: Any = INDEXED[rtype]
        for chunk in batched(sorted(ids.get(rtype, ()))):
            session.execute(delete(model).where(model.id.in_(chunk)))
            outbox.enqueue(session, rtype, chunk, OutboxOp.DELETE)
    return relinked
