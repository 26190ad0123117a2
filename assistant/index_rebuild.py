"""A full rebuild of both retrieval legs: in one process, or split between two.

:func:`rebuild` drops both legs and re-renders every indexed record in this process. Its cost
(1,000-person demo, ~100k documents, CPU seconds): Chroma's writes ~66 (its log, one SQLite row
per metadata key and vector, the HNSW graph), the full-text rows ~15, embedding ~13, rendering
~5. Chroma's ``add`` holds the GIL for the whole call (a spinning thread got ~1% of its rate
while it ran), so no thread can overlap the rest with it.

:func:`rebuild_pipelined` splits the work between processes instead: a producer (spawned, with
its own engine and embedder built from the same settings) renders, writes the full-text leg and
embeds, and hands each batch's documents and vectors to this process, which writes them to
Chroma. On two cores the two halves run at once: the wall time falls towards Chroma's share; the
CPU is the same. The producer builds its embedder from the settings, so a runtime handed another
embedder, or an engine the settings do not name (an in-memory database), rebuilds in one process.
Like any ``multiprocessing`` spawn, it imports the caller's ``__main__`` again: a script that
calls it needs an ``if __name__ == "__main__"`` guard.
"""

from __future__ import annotations

import multiprocessing
import queue
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, sessionmaker

from assistant.errors import IndexError_
from assistant.index_sync import Progress, Render, SyncReport, all_ids
from assistant.models import INDEXED, OutboxEntry
from retrieval.batches import batched
from retrieval.lexical import LexicalIndex
from retrieval.types import Document

if TYPE_CHECKING:
    from multiprocessing.process import BaseProcess

    from assistant.settings import Settings
    from retrieval.index import VectorIndex

__all__ = ["PIPELINE_MIN_RECORDS", "indexed_records", "rebuild", "rebuild_pipelined"]

# Below this many records the producer's start (a new interpreter, its imports and model: ~2-4 s
# of CPU) costs more than the overlap saves.
PIPELINE_MIN_RECORDS = 20_000
# Batches in flight between the producer and Chroma: enough to keep both busy, few enough that
# memory stays bounded (a batch is ~5k documents and their vectors, a few MB).
QUEUE_DEPTH = 3
_POLL_S = 1.0

Plan = dict[str, list[int]]


def indexed_records(session: Session) -> int:
    return sum(
        int(session.execute(select(func.count()).select_from(model)).scalar_one())
        for model in INDEXED.values()
    )


def rebuild(
    session_factory: sessionmaker[Session],
    index: VectorIndex,
    lexical: LexicalIndex,
    *,
    render: Render,
    batch: int = 500,
    progress: Progress | None = None,
) -> SyncReport:
    """Drop both legs and re-render every indexed record, in this process.

    Outbox rows that existed when the rebuild started are superseded and removed at the end; rows
    written meanwhile stay for the next drain. An interrupted rebuild leaves a partial index that
    ``check`` reports; run it again."""
    report, high_water, plan = _start(session_factory, index, lexical)
    total = sum(len(ids) for ids in plan.values())
    steps = render_for_rebuild(
        session_factory, lexical, render, plan, batch=batch, vector_batch=index.max_batch
    )
    for docs, records in steps:
        index.upsert(docs)
        _advance(report, docs, records, total, progress)
    _finish(session_factory, high_water, report)
    return report


def rebuild_pipelined(
    settings: Settings,
    session_factory: sessionmaker[Session],
    index: VectorIndex,
    lexical: LexicalIndex,
    *,
    batch: int = 500,
    progress: Progress | None = None,
) -> SyncReport | None:
    """:func:`rebuild` with rendering, the full-text leg and embedding in a producer process.

    Returns None, having changed nothing, when the producer's embedder (built from ``settings``)
    is not ``index``'s: the caller then rebuilds in one process."""
    ctx = multiprocessing.get_context("spawn")
    orders: Any = ctx.Queue()
    results: Any = ctx.Queue(maxsize=QUEUE_DEPTH)
    child = ctx.Process(
        target=produce,
        args=(settings, index.embedder.id, batch, index.max_batch, orders, results),
        name="cadence-rebuild-producer",
        daemon=True,
    )
    child.start()
    finished = False
    try:
        if _receive(results, child)[0] == "mismatch":
            finished = True
            return None
        report, high_water, plan = _start(session_factory, index, lexical)
        total = sum(len(ids) for ids in plan.values())
        orders.put(plan)
        while (message := _receive(results, child))[0] == "docs":
            _kind, docs, vectors, records = message
            if docs:
                index.upsert_embedded(docs, vectors)
            _advance(report, docs, records, total, progress)
        _finish(session_factory, high_water, report)
        finished = True
        return report
    finally:
        orders.cancel_join_thread()  # a producer that failed never reads its orders
        if not finished:  # it may be blocked handing over a batch nobody will take
            child.terminate()
        child.join(timeout=30)
        if child.is_alive():
            child.kill()
            child.join()


def _receive(results: Any, child: BaseProcess) -> tuple[Any, ...]:
    """The producer's next message; a failure it reported, or its death, raises."""
    while True:
        try:
            message: tuple[Any, ...] = results.get(timeout=_POLL_S)
        except queue.Empty:
            if child.is_alive():
                continue
            try:  # it may have said something just before it ended
                message = results.get(timeout=_POLL_S)
            except queue.Empty:
                raise IndexError_(
                    f"index rebuild failed: its producer process ended (exit code "
                    f"{child.exitcode}) without finishing; run the rebuild again"
                ) from None
        if message[0] == "error":
            raise IndexError_(f"index rebuild failed in its producer process: {message[1]}")
        return message


def produce(
    settings: Settings,
    embedder_id: str,
    batch: int,
    vector_batch: int,
    orders: Any,
    results: Any,
) -> None:
    """The producer process: render, write the full-text leg, embed, hand the batches over.

    Says ("mismatch",) and stops if its embedder is not the one the index was opened with, else
    ("ready",); then takes the plan and sends ("docs", documents, vectors, records) per batch of
    records and ("done",) at the end, or ("error", what) on a failure."""
    from assistant.documents import render_documents
    from assistant.runtime import Runtime

    runtime = Runtime(settings)
    try:
        embedder = runtime.embedder
        if embedder.id != embedder_id:
            results.put(("mismatch",))
            return
        results.put(("ready",))
        plan: Plan | None = orders.get()
        if plan is None:
            return
        steps = render_for_rebuild(
            runtime.sessions,
            runtime.lexical,
            render_documents,
            plan,
            batch=batch,
            vector_batch=vector_batch,
        )
        for docs, records in steps:
            vectors = embedder.embed([d.text for d in docs]) if docs else None
            results.put(("docs", docs, vectors, records))
        results.put(("done",))
    except BaseException as exc:  # the parent must hear of any failure, then we end
        results.put(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        runtime.close()


def render_for_rebuild(
    session_factory: sessionmaker[Session],
    lexical: LexicalIndex,
    render: Render,
    plan: Plan,
    *,
    batch: int,
    vector_batch: int,
) -> Iterator[tuple[list[Document], int]]:
    """Render the plan ``batch`` records a transaction, writing the full-text leg as it goes, and
    yield (documents for the vector leg, records rendered) after each transaction.

    Vector writes are held until they fill one Chroma call (``vector_batch``) instead of one
    call per batch of records: an embedded Chroma persists its whole HNSW graph after any call
    that brings the writes since the last persist to 1,000, so with calls of ~500 documents a
    rebuild rewrote the growing graph after nearly every call (0.85 GB written for 50,000
    documents; 0.55 GB with calls of ~2,000)."""
    held: list[Document] = []
    for record_type, ids in plan.items():
        for chunk in batched(ids, batch):
            with session_factory() as session, session.begin():
                docs = render(session, record_type, chunk)
                lexical.upsert(session, docs)
            held.extend(docs)
            cut = len(held) - len(held) % vector_batch
            ready, held = held[:cut], held[cut:]
            yield ready, len(chunk)
    yield held, 0


def _start(
    session_factory: sessionmaker[Session], index: VectorIndex, lexical: LexicalIndex
) -> tuple[SyncReport, int, Plan]:
    """Empty both legs; a fresh report, the outbox's high-water mark and the plan (every
    indexed record's id, by type)."""
    with session_factory() as session:
        high_water = session.execute(select(func.max(OutboxEntry.id))).scalar_one() or 0
        plan = {rtype: all_ids(session, rtype) for rtype in INDEXED}
    index.drop()
    with session_factory() as session, session.begin():
        lexical.clear(session)
    return SyncReport(), high_water, plan


def _advance(
    report: SyncReport, docs: list[Document], records: int, total: int, progress: Progress | None
) -> None:
    """Count a step whose documents reached both legs."""
    report.upserted += len(docs)
    if records:
        report.records += records
        report.batches += 1
        if progress:
            progress(report.records, total)


def _finish(session_factory: sessionmaker[Session], high_water: int, report: SyncReport) -> None:
    with session_factory() as session, session.begin():
        gone = session.execute(delete(OutboxEntry).where(OutboxEntry.id <= high_water))
        report.outbox_rows = int(gone.rowcount or 0)  # type: ignore[attr-defined]
