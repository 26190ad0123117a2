"""Engine and session factories, and migrations that run on first use.

The user never runs a migration by hand: :func:`make_engine` brings the schema to head the first
time a process touches a database (guarded so that concurrent processes don't race on SQLite;
on PostgreSQL migrations/env.py takes an advisory lock, so processes starting together on a new
database wait for one of them to migrate).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from assistant import auth, data_version, outbox, reading_store
from assistant.files import PRIVATE_DIR, PRIVATE_FILE, private_file, tighten

_MIGRATIONS = Path(__file__).parent / "migrations"
_migrated: set[str] = set()
_lock = threading.Lock()


def alembic_config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(_MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision(engine: Engine) -> str | None:
    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head()


def migrate(engine: Engine) -> None:
    """Bring the database to the latest schema. A no-op when it is already there."""
    if current_revision(engine) != head_revision(engine):
        command.upgrade(alembic_config(engine), "head")


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    # Deleted content is overwritten with zeros, not just unlinked from the b-tree: erasure and
    # retention rely on it, and SQLite's compiled-in default differs between builds.
    cur.execute("PRAGMA secure_delete=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


def make_engine(url: str, *, auto_migrate: bool = True, echo: bool = False) -> Engine:
    """Build an engine for ``url``; with ``auto_migrate`` the schema is at head on return."""
    kwargs: dict[str, Any] = {"echo": echo}
    if url.startswith("sqlite"):
        db_path = url.split("///", 1)[-1]
        if db_path and db_path != ":memory:" and not db_path.startswith("file:"):
            path = Path(db_path.split("?", 1)[0])
            path.parent.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
            private_file(path)  # before SQLite creates it with the default umask
            for journal in ("-wal", "-shm"):  # made by an older version with a looser mode
                tighten(path.with_name(path.name + journal), PRIVATE_FILE)
        kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
    else:
        kwargs["pool_pre_ping"] = True
    engine = create_engine(url, **kwargs)
    if url.startswith("sqlite"):
        event.listen(engine, "connect", _sqlite_pragmas)
    if auto_migrate:
        with _lock:
            if url not in _migrated:
                migrate(engine)
                _migrated.add(url)
    return engine


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    factory = sessionmaker(engine, expire_on_commit=False)
    outbox.install(factory)
    auth.install(factory)
    data_version.install(factory)
    reading_store.install(factory)
    return factory


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any exception."""
    with factory() as session, session.begin():
        yield session
