"""The outbox: every create/update/delete of an indexed record enqueues (record, op) in the
same transaction as the change, so the index can never miss a committed write.

ORM writes are caught by a flush hook installed on the session factory; bulk writes (the importer)
call :func:`enqueue` themselves.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session, sessionmaker

from assistant.models import (
    RECORD_TYPE_OF,
    OutboxEntry,
    OutboxOp,
)

_OUTBOX_ATTR = "_cadence_outbox_installed"


def enqueue(session: Session, record_type: str, ids: Iterable[int], op: OutboxOp) -> int:
    rows = [{"record_type": record_type, "record_id": i, "op": op} for i in ids]
    if rows:
        session.execute(insert(OutboxEntry), rows)
    return len(rows)


def _changes(session: Session) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for obj in list(session.new) + [o for o in session.dirty if session.is_modified(o)]:
        rtype = RECORD_TYPE_OF.get(type(obj))
        if rtype is not None:
            rows.append({"record_type": rtype, "record_id": obj.id, "op": OutboxOp.UPSERT})
    for obj in session.deleted:
        rtype = RECORD_TYPE_OF.get(type(obj))
        if rtype is not None:
            rows.append({"record_type": rtype, "record_id": obj.id, "op": OutboxOp.DELETE})
    return rows


def _after_flush(session: Session, _ctx: Any) -> None:
    rows = _changes(session)
    if rows:
        session.connection().execute(insert(OutboxEntry), rows)


def install(factory: sessionmaker[Session]) -> None:
    """Attach the outbox hook to sessions made by ``factory`` (idempotent)."""
    from sqlalchemy import event

    if getattr(factory, _OUTBOX_ATTR, False):
        return
    event.listen(factory, "after_flush", _after_flush)
    setattr(factory, _OUTBOX_ATTR, True)


__all__ = ["enqueue", "install"]
