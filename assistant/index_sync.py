"""Keeping both retrieval legs in step with the database: outbox drain, full rebuild, drift check.

Every write to an indexed record enqueues an outbox row in the same transaction (assistant/outbox).
:func:`drain_outbox` consumes those rows in id order, a batch per transaction:

1. the batch's records are *re-rendered from the database as it is now* — the row's op is not
   trusted, so an update, a delete, or a record whose document set changed (a check-in whose
   private notes were cleared) are one code path: what renders is upserted, whatever was indexed
   for the record and no longer renders is deleted;
2. the vector index (Chroma, outside the transaction) is written first — upserts are idempotent by
   doc id and deletes of absent ids are no-ops;
3. then, inside the transaction, the lexical table is written and the outbox rows deleted, and the
   transaction commits.

A crash before step 3 commits leaves the outbox rows in place; the next drain redoes the batch and
ends in the same state: nothing lost, nothing doubled. On PostgreSQL the batch is taken with
``FOR UPDATE SKIP LOCKED`` so several workers can drain at once without taking the same rows.

A batch of records can render to any number of documents (a goal brings all its key results and
updates), so no batch size here can bound what one batch sends to Chroma; the vector index splits
every write to the client's maximum batch size instead, and a failure part-way through it is
redone the same way.

Parents re-render their parts. A goal's visibility and owner decide its key results' and updates'
access metadata (a private goal's parts are "restricted" to its owner's chain), and a check-in's
employee decides its action items' subject, so a touched goal also re-renders its key results and
updates and a touched check-in its action items. Parts removed by the database's ON DELETE CASCADE
(which enqueues nothing) are found as orphans — indexed in the lexical table, gone from their own
table — and removed from both legs in the same batch. A batch that re-renders parts also consumes
the parts' own pending outbox rows, so a bulk import (goals first, then their key results and
updates) writes each document once, not once with its parent and again for its own row.

Not covered by the outbox: a person changing team (``team`` metadata goes stale; access is not
affected, as the scope is built from subjects and authors). ``check`` reports such documents as
stale and ``rebuild`` fixes them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, sessionmaker

from assistant.models import INDEXED, OutboxEntry, OutboxOp
from assistant.record_kinds import PARTS
from retrieval.batches import batched
from retrieval.lexical import LexicalIndex, documents
from retrieval.types import Document, fingerprint

if TYPE_CHECKING:
    from retrieval.index import VectorIndex

Render = Callable[[Session, str, list[int]], list[Document]]
"""Turns records into documents (assistant.records.render_documents); ids that no longer exist
or are not indexable simply render nothing."""

Progress = Callable[[int, int], None]
"""Called with (done, total) as work advances; total may grow while draining."""

# parent record type -> [(child record type, child model's foreign key to the parent)]
_PARTS = PARTS


@dataclass
class SyncReport:
    outbox_rows: int = 0  # outbox entries consumed
    records: int = 0  # distinct records re-rendered
    upserted: int = 0  # documents written to each leg
    deleted: int = 0  # documents removed from each leg
    batches: int = 0

    def __bool__(self) -> bool:
        return self.outbox_rows > 0 or self.upserted > 0 or self.deleted > 0


@dataclass
class LegDrift:
    missing: set[str] = field(default_factory=set)  # in the database, not in this leg
    extra: set[str] = field(default_factory=set)  # in this leg, not in the database
    stale: set[str] = field(default_factory=set)  # in both, but the leg holds an old version

    @property
    def ok(self) -> bool:
        return not (self.missing or self.extra or self.stale)


@dataclass
class Drift:
    documents: int  # documents the database renders to
    vector: LegDrift
    lexical: LegDrift
    pending: int  # outbox rows not drained yet (drift they explain is expected)

    @property
    def ok(self) -> bool:
        return self.vector.ok and self.lexical.ok


def _children(session: Session, touched: dict[str, set[int]], deleted: set[str]) -> None:
    """Add the parts of touched parents, and the orphans a cascading delete left behind.

    Orphans can only follow a delete of their parent type, so the (table-wide) orphan scan runs
    only for batches that hold such a delete."""
    for parent, parts in _PARTS.items():
        parent_ids = touched.get(parent)
        if not parent_ids:
            continue
        for child_type, fk in parts:
            child_model = INDEXED[child_type]
            for chunk in batched(sorted(parent_ids)):
                rows = session.execute(
                    select(child_model.id).where(fk.in_(chunk))  # type: ignore[attr-defined]
                )
                touched[child_type].update(r[0] for r in rows)
            if parent not in deleted:
                continue
            orphans = session.execute(
                select(documents.c.record_id)
                .where(documents.c.record_type == child_type)
                .where(
                    documents.c.record_id.not_in(select(child_model.id))  # type: ignore[attr-defined]
                )
                .distinct()
            )
            touched[child_type].update(r[0] for r in orphans)


def _parts_rows(
    session: Session, touched: dict[str, set[int]], taken: set[int], *, lock: bool
) -> list[int]:
    """Pending outbox rows of the parts this batch re-renders with their parents, so the batch
    consumes them too instead of rendering the same documents again in a later batch.

    Selected (and on PostgreSQL locked, skipping rows another worker holds) *before* the batch
    renders: a row committed after this point is not taken, so a change made while the batch
    runs is never consumed by a render that predates it."""
    ids: list[int] = []
    for parent, parts in _PARTS.items():
        if not touched.get(parent):
            continue
        for child_type, _fk in parts:
            for chunk in batched(sorted(touched[child_type])):
                stmt = (
                    select(OutboxEntry.id)
                    .where(OutboxEntry.record_type == child_type)
                    .where(OutboxEntry.record_id.in_(chunk))
                )
                if lock:
                    stmt = stmt.with_for_update(skip_locked=True)
                ids.extend(i for i in session.scalars(stmt) if i not in taken)
    return ids


def _apply(
    session: Session,
    index: VectorIndex,
    lexical: LexicalIndex,
    render: Render,
    touched: dict[str, set[int]],
    report: SyncReport,
) -> None:
    """Make both legs hold exactly what ``touched`` records render to now."""
    fresh: list[Document] = []
    stale: set[str] = set()
    for record_type, ids in touched.items():
        if not ids:
            continue
        rendered = render(session, record_type, sorted(ids))
        fresh.extend(rendered)
        keep = {d.doc_id for d in rendered}
        indexed = index.doc_ids_for(record_type, ids) | lexical.doc_ids_for(
            session, record_type, ids
        )
        stale |= indexed - keep
        report.records += len(ids)
    # Vector leg first: outside the transaction, idempotent, so a crash after it is harmless.
    index.delete(stale)
    index.upsert(fresh)
    lexical.delete(session, stale)
    lexical.upsert(session, fresh)
    report.upserted += len(fresh)
    report.deleted += len(stale)


def pending(session: Session) -> int:
    return int(session.execute(select(func.count()).select_from(OutboxEntry)).scalar_one())


def drain_outbox(
    session_factory: sessionmaker[Session],
    index: VectorIndex,
    lexical: LexicalIndex,
    *,
    render: Render,
    batch: int = 500,
    progress: Progress | None = None,
    stop: Callable[[], bool] | None = None,
) -> SyncReport:
    """Consume the outbox until it is empty (or holds only rows other workers have locked), or
    until ``stop()`` says so after a batch (a worker shutting down, a time budget spent)."""
    report = SyncReport()
    total: int | None = None
    while True:
        with session_factory() as session, session.begin():
            if total is None:
                total = pending(session)
                if total == 0:
                    return report
            stmt = (
                select(
                    OutboxEntry.id, OutboxEntry.record_type, OutboxEntry.record_id, OutboxEntry.op
                )
                .order_by(OutboxEntry.id)
                .limit(batch)
            )
            lock = session.get_bind().dialect.name == "postgresql"
            if lock:
                stmt = stmt.with_for_update(skip_locked=True)
            rows = session.execute(stmt).all()
            if not rows:
                return report
            touched: dict[str, set[int]] = defaultdict(set)
            deleted: set[str] = set()
            for _id, record_type, record_id, op in rows:
                if record_type in INDEXED:
                    touched[record_type].add(record_id)
                    if op == OutboxOp.DELETE:
                        deleted.add(record_type)
            _children(session, touched, deleted)
            taken = [r[0] for r in rows]
            taken += _parts_rows(session, touched, set(taken), lock=lock)
            _apply(session, index, lexical, render, touched, report)
            for chunk in batched(taken):
                session.execute(delete(OutboxEntry).where(OutboxEntry.id.in_(chunk)))
        report.outbox_rows += len(taken)
        report.batches += 1
        if progress:
            total = max(total, report.outbox_rows)
            progress(report.outbox_rows, total)
        if stop is not None and stop():
            return report


def all_ids(session: Session, record_type: str) -> list[int]:
    model: Any = INDEXED[record_type]
    return [r[0] for r in session.execute(select(model.id).order_by(model.id))]


def check(
    session_factory: sessionmaker[Session],
    index: VectorIndex,
    lexical: LexicalIndex,
    *,
    render: Render,
    batch: int = 500,
    progress: Progress | None = None,
) -> Drift:
    """Compare what the database renders to with what each leg holds (ids and fingerprints)."""
    expected: dict[str, str] = {}
    with session_factory() as session:
        plan = {rtype: all_ids(session, rtype) for rtype in INDEXED}
        total = sum(len(ids) for ids in plan.values())
        done = 0
        for record_type, ids in plan.items():
            for chunk in batched(ids, batch):
                for doc in render(session, record_type, chunk):
                    expected[doc.doc_id] = fingerprint(doc)
                done += len(chunk)
                if progress:
                    progress(done, total)
        lexical_fps = lexical.fingerprints(session)
        waiting = pending(session)
    vector_fps = index.fingerprints()
    return Drift(
        documents=len(expected),
        vector=_compare(expected, vector_fps),
        lexical=_compare(expected, lexical_fps),
        pending=waiting,
    )


def _compare(expected: dict[str, str], actual: dict[str, str]) -> LegDrift:
    return LegDrift(
        missing=set(expected) - set(actual),
        extra=set(actual) - set(expected),
        stale={d for d in set(expected) & set(actual) if expected[d] != actual[d]},
    )


__all__ = [
    "Drift",
    "LegDrift",
    "Progress",
    "Render",
    "SyncReport",
    "all_ids",
    "check",
    "drain_outbox",
    "pending",
]
