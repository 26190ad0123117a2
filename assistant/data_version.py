"""A number that moves whenever anything a draft is made from changes: the draft cache's cheap
fingerprint of the data (assistant/tasks/draft_key.py).

Every transaction that writes any table other than the bookkeeping ones (:data:`UNVERSIONED`:
drafts, the audit log, the outbox, credentials, this counter) adds one to the counter as the last
thing before it commits: a person's write, an import, a reorg (a manager change writes ``people``),
an erasure or retention run, and the index sync (the lexical leg's table is versioned, so a
search's answer changes the number once the index has the change). Writes through the ORM are
seen by the flush hook, bulk statements (``session.execute(insert/update/delete …)``) by the
execute hook; a text statement that may write counts as a write.

Why not a sequence or ``max(outbox.id)``: those are read outside the reader's snapshot, or commit
out of order (id 11 visible while id 10 is still uncommitted), so a reader could key a draft on a
number that a later commit does not move. A counter row updated in the writing transaction is read
under the same rules as the data. It is split into :data:`SLOTS` rows, each transaction bumping
one at random, and read as their sum: on PostgreSQL concurrent writers rarely wait on one row lock,
and the lock is taken only at commit time, so it is held for the commit alone.
"""

from __future__ import annotations

import random
from typing import Any

from sqlalchemy import Table, TextClause, bindparam, event, func, select, update
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker

from assistant.models import DataVersion

SLOTS = 64
"""Rows of the counter (the migration writes them: slots 0 … SLOTS-1, each at 0)."""

UNVERSIONED = frozenset(
    {
        "drafts",
        "audit_log",
        "outbox",
        "api_tokens",
        "ui_sessions",
        "feedback_readings",  # derived from feedback, rewritten by reads (reading_store.py)
        DataVersion.__tablename__,
    }
)
"""Tables no draft is made from: writing them does not move the version."""

_TABLE = Table(DataVersion.__tablename__, DataVersion.metadata)  # the ORM's table, typed as one
_BUMP = update(_TABLE).where(_TABLE.c.slot == bindparam("which")).values(n=_TABLE.c.n + 1)
_CHANGED = "cadence_data_changed"
_HOOK_ATTR = "_cadence_data_version_installed"


def read(session: Session) -> int:
    """The data version now: one statement, so one snapshot of every slot."""
    return int(session.execute(select(func.coalesce(func.sum(DataVersion.n), 0))).scalar_one())


def describes(session: Session) -> bool:
    """Whether :func:`read` in ``session`` names the data it sees: false when the session's
    factory does not move the version (no :func:`install`), or when the session has written
    something it has not committed yet (the version moves only at commit)."""
    if _before_commit not in session.dispatch.before_commit:
        return False
    return not (session.info.get(_CHANGED) or session.new or session.deleted or session.dirty)


def _table_of(obj: Any) -> str | None:
    table = getattr(type(obj), "__table__", None)
    return getattr(table, "name", None)


def _after_flush(session: Session, _ctx: Any) -> None:
    if session.info.get(_CHANGED):
        return
    for obj in (*session.new, *session.deleted, *session.dirty):
        if _table_of(obj) not in UNVERSIONED and (
            obj not in session.dirty or session.is_modified(obj)
        ):
            session.info[_CHANGED] = True
            return


def _writes_versioned(state: ORMExecuteState) -> bool:
    statement: Any = state.statement
    if isinstance(statement, TextClause):
        return not statement.text.lstrip().upper().startswith(("SELECT", "PRAGMA", "WITH"))
    if not (state.is_insert or state.is_update or state.is_delete):
        return False
    name = getattr(getattr(statement, "table", None), "name", None)
    return name not in UNVERSIONED  # an unnamed target counts: better a miss than a stale hit


def _on_execute(state: ORMExecuteState) -> None:
    if not state.session.info.get(_CHANGED) and _writes_versioned(state):
        state.session.info[_CHANGED] = True


def _before_commit(session: Session) -> None:
    if session.new or session.deleted or session.dirty:
        session.flush()  # so the flush hook sees what this commit will write
    if session.info.pop(_CHANGED, False):
        slot = random.randrange(SLOTS)  # spreads row locks over the slots
        # Core on the session's connection: none of the ORM's bulk-update bookkeeping per commit.
        session.connection().execute(_BUMP, {"which": slot})


def _forget(session: Session, *_args: Any) -> None:
    session.info.pop(_CHANGED, None)


def install(factory: sessionmaker[Session]) -> None:
    """Move the version in every transaction of ``factory``'s sessions that writes data."""
    if getattr(factory, _HOOK_ATTR, False):
        return
    event.listen(factory, "after_flush", _after_flush)
    event.listen(factory, "do_orm_execute", _on_execute)
    event.listen(factory, "before_commit", _before_commit)
    event.listen(factory, "after_rollback", _forget)
    setattr(factory, _HOOK_ATTR, True)


__all__ = ["SLOTS", "UNVERSIONED", "describes", "install", "read"]
