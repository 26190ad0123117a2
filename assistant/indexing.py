"""Keeping the retrieval index fresh from the assistant's side.

Writes enqueue outbox rows in their own transaction (assistant/outbox.py); :func:`sync_now` is
what the CLI write commands and the API call right after a write commits ("drain after write"), so
a search straight after a write already finds it. It costs one indexed ``SELECT`` when the outbox
is empty and never builds the embedder or the Chroma client in that case.

A failed drain after a write does not fail the write: the rows stay in the outbox and the next
drain (the next write, ``cadence index``, or a worker) picks them up. ``cadence index`` itself
calls with ``strict=True`` and reports the failure.
"""

from __future__ import annotations

import logging
import threading

from sqlalchemy import select

from assistant.documents import render_documents
from assistant.errors import CadenceError, IndexError_
from assistant.models import OutboxEntry
from assistant.runtime import Runtime
from retrieval.sync import Drift, Progress, SyncReport, check, drain_outbox, rebuild

__all__ = ["check_index", "compact_index", "outbox_empty", "rebuild_index", "sync_now"]

log = logging.getLogger(__name__)

# One drain at a time per process: two threads draining the same rows is harmless (idempotent)
# but wasted work, and on SQLite there is no SKIP LOCKED to split the rows between them.
_drain_lock = threading.Lock()


def outbox_empty(runtime: Runtime) -> bool:
    with runtime.sessions() as session:
        return session.execute(select(OutboxEntry.id).limit(1)).first() is None


def sync_now(
    runtime: Runtime, *, strict: bool = False, progress: Progress | None = None
) -> SyncReport:
    """Drain the outbox into both retrieval legs. Cheap when there is nothing to do.

    With ``strict`` a failure raises :class:`IndexError_`; otherwise it is logged and an empty
    report returned (the outbox keeps the rows)."""
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
                    "kept; run `cadence index` again to resume)"
                ) from exc
            log.warning("index sync after write failed; the outbox keeps the rows: %s", exc)
            return SyncReport()


def rebuild_index(runtime: Runtime, *, progress: Progress | None = None) -> SyncReport:
    with _drain_lock:
        try:
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
    for an embedded store, also shred dropped segments and vacuum Chroma's file. Returns (vectors
    kept, segment directories removed)."""
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
