"""Keeping the retrieval index fresh from the assistant's side.

Writes enqueue outbox rows in their own transaction (assistant/outbox.py) and return; draining
the outbox into the index is a worker's job (assistant/index_worker.py: ``cadence worker``, or the
background thread of ``cadence serve``). :func:`sync_now` is that drain. It costs one indexed
``SELECT`` when the outbox is empty and never builds the embedder or the Chroma client then.

A one-shot CLI write has no worker behind it, so it calls :func:`sync_briefly`: a drain bounded by
a time budget that never fails the write. Rows it leaves (a failure, a spent budget) wait for the
next drain (a worker, ``cadence index``, the next write). ``cadence index`` calls with
``strict=True`` and reports a failure.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from sqlalchemy import make_url, select

from assistant.documents import render_documents
from assistant.errors import CadenceError, IndexError_
from assistant.index_rebuild import (
    PIPELINE_MIN_RECORDS,
    indexed_records,
    rebuild,
    rebuild_pipelined,
)
from assistant.index_sync import Drift, Progress, SyncReport, check, drain_outbox
from assistant.models import OutboxEntry
from assistant.runtime import Runtime

__all__ = [
    "check_index",
    "compact_index",
    "outbox_empty",
    "outbox_worker",
    "rebuild_index",
    "sync_briefly",
    "sync_now",
]

if TYPE_CHECKING:
    from assistant.index_worker import OutboxWorker

log = logging.getLogger(__name__)

# One drain at a time per process: two threads draining the same rows is harmless (idempotent)
# but wasted work, and on SQLite there is no SKIP LOCKED to split the rows between them.
_drain_lock = threading.Lock()


def outbox_empty(runtime: Runtime) -> bool:
    with runtime.sessions() as session:
        return session.execute(select(OutboxEntry.id).limit(1)).first() is None


def sync_now(
    runtime: Runtime,
    *,
    strict: bool = False,
    progress: Progress | None = None,
    stop: Callable[[], bool] | None = None,
) -> SyncReport:
    """Drain the outbox into both retrieval legs. Cheap when there is nothing to do.

    With ``strict`` a failure raises :class:`IndexError_`; otherwise it is logged and an empty
    report returned (the outbox keeps the rows). ``stop`` ends the drain between batches."""
    if outbox_empty(runtime):
        return SyncReport()
    seen = [0, 0]  # (done, total) so far: a failure says how far the drain got

    def track(done: int, total: int) -> None:
        seen[:] = [done, total]
        if progress:
            progress(done, total)

    with _drain_lock:
        try:
            return drain_outbox(
                runtime.sessions,
                runtime.index,
                runtime.lexical,
                render=render_documents,
                progress=track,
                stop=stop,
            )
        except CadenceError:
            if strict:
                raise
            log.warning("index sync after write failed; the outbox keeps the rows", exc_info=True)
            return SyncReport()
        except Exception as exc:
            if strict:
                done, total = seen
                where = f" after {done:,} of {total:,} changes" if done else ""
                raise IndexError_(
                    f"index sync failed{where}: {type(exc).__name__}: {exc} (what was synced is "
                    "kept; run `cadence index` again to resume)",
                    synced=done,
                ) from exc
            log.warning("index sync after write failed; the outbox keeps the rows: %s", exc)
            return SyncReport()


def sync_briefly(runtime: Runtime, budget_s: float = 2.0) -> SyncReport:
    """After a one-shot CLI write: drain for at most about ``budget_s`` (whole batches), never
    failing the write that already committed."""
    deadline = time.monotonic() + budget_s
    return sync_now(runtime, stop=lambda: time.monotonic() >= deadline)


def outbox_worker(runtime: Runtime, *, interval: float | None = None) -> OutboxWorker:
    """A worker draining this runtime's outbox (strict: it logs and retries failures itself)."""
    from assistant.index_worker import OutboxWorker

    return OutboxWorker(
        lambda stop: sync_now(runtime, strict=True, stop=stop),
        interval=interval if interval is not None else runtime.settings.index_poll_s,
    )


def rebuild_index(
    runtime: Runtime, *, progress: Progress | None = None, two_processes: bool | None = None
) -> SyncReport:
    """Rebuild both legs from the database. ``two_processes`` renders, writes the full-text leg
    and embeds in a producer process while this one writes Chroma (assistant/index_rebuild.py);
    None decides: from :data:`PIPELINE_MIN_RECORDS` records, when the producer can open the
    same database."""
    with _drain_lock:
        try:
            if two_processes is None:
                two_processes = _producer_can_stand_in(runtime) and _large(runtime)
            if two_processes:
                report = rebuild_pipelined(
                    runtime.settings,
                    runtime.sessions,
                    runtime.index,
                    runtime.lexical,
                    progress=progress,
                )
                if report is not None:
                    return report
            return rebuild(
                runtime.sessions,
                runtime.index,
                runtime.lexical,
                render=render_documents,
                progress=progress,
            )
        except CadenceError:
            raise
        except Exception as exc:
            raise IndexError_(f"index rebuild failed: {exc}") from exc


def _producer_can_stand_in(runtime: Runtime) -> bool:
    """Whether a process built from the settings alone opens the database this runtime uses (not
    when the runtime was handed another engine, nor for an in-memory database)."""
    url = runtime.engine.url
    if url != make_url(runtime.settings.resolved_database_url):
        return False
    return url.get_backend_name() != "sqlite" or url.database not in (None, "", ":memory:")


def _large(runtime: Runtime) -> bool:
    with runtime.sessions() as session:
        return indexed_records(session) >= PIPELINE_MIN_RECORDS


def check_index(runtime: Runtime, *, progress: Progress | None = None) -> Drift:
    try:
        return check(
            runtime.sessions,
            runtime.index,
            runtime.lexical,
            render=render_documents,
            progress=progress,
        )
    except CadenceError:
        raise
    except Exception as exc:
        raise IndexError_(f"index check failed: {exc}") from exc


def compact_index(runtime: Runtime) -> tuple[int, int]:
    """Rebuild the vector collection from its live vectors, so deleted ones leave no bytes behind;
    for an embedded store, also shred dropped segments, blank live ones past their vectors and
    vacuum Chroma's file. Returns (vectors kept, segment directories removed)."""
    from retrieval.chroma_files import scrub

    with _drain_lock:
        try:
            kept = runtime.index.compact()
            removed = 0 if runtime.settings.chroma_url else scrub(runtime.settings.chroma_path)
        except CadenceError:
            raise
        except Exception as exc:
            raise IndexError_(f"index compaction failed: {exc}") from exc
    return kept, removed
