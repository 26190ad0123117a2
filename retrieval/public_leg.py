"""The public part of every scope, scored from one in-process matrix.

Every caller's scope has one unpinned clause: every public goal of the organisation with its key
results and updates (``split_scope`` in retrieval/filters.py). It is the same for every caller and
grows with the organisation (~a third of a 10,000-person org's million documents), so neither
exact scoring read from SQL per query (the ids and fingerprints alone are hundreds of thousands of
rows) nor Chroma's filtered search (whose cost follows the whole collection: 66% of a search's
time at 2,000 people) is cheap. Here a snapshot of the public documents — the rows the lexical
table holds under ``visibility = 'public'``, read with that ``WHERE``, and their vectors — is kept
per index object, and a query scores the ones its narrowing allows (subject, record types, date
window, named people) with one product.

Access stays in the query: the snapshot only ever holds rows SQL returned as public, and the best
candidates are then read back under the scope part's own SQL ``WHERE`` (with the narrowing) and
their fingerprints compared, so a goal made private, deleted or rewritten since the snapshot never
comes back from it; the list is read deeper until ``k`` rows pass or the snapshot runs out. With
a snapshot as fresh as the database the answer is the one an exact scan of the part gives.

Freshness: writes through this index object (``VectorIndex.upsert``/``delete``: this process's
sync) mark the snapshot stale when they touch a public document, other processes' writes are
picked up by re-reading at most every :data:`REFRESH_S`; until then the vector leg misses what
became public meanwhile (the lexical leg, read from SQL, has it). A refresh re-reads the public
rows (ids, fingerprints and the filter columns) and fetches only the vectors it lacks. On an
engine it runs in a background thread, the query using the older snapshot, and before the first
snapshot exists the caller searches as before (exactly, or Chroma's filtered search).

Past :data:`public_cells.MIN_ROWS` rows the snapshot is cut into cells (retrieval/public_cells.py)
and a search whose narrowing allows more than :data:`EXACT_ROWS` rows scores the nearest cells'
rows only, falling back to every allowed row when fewer than ``k`` of those pass the read-back.

Memory: float32 vectors, ``dimension * 4`` bytes each (1 KiB at 256 dimensions: ~100 MiB per
100,000 public documents) plus ~100 bytes of ids and columns; past :data:`DEFAULT_MAX_BYTES` no
snapshot is kept and the caller searches as before.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import ColumnElement, Engine, select
from sqlalchemy.orm import Session

from retrieval import public_cells
from retrieval.batches import batched
from retrieval.lexical import documents
from retrieval.public_rows import PUBLIC, Narrowing, Row, Snapshot, View, mask, read_back
from retrieval.types import AccessScope, Document, fingerprint
from retrieval.vectors import Vectors

if TYPE_CHECKING:
    from retrieval.index import VectorHit, VectorIndex

__all__ = ["DEFAULT_MAX_BYTES", "REFRESH_S", "Narrowing", "PublicVectors"]

# Seconds a snapshot is trusted before it is read again for other processes' writes.
REFRESH_S = 10.0
# 1 GiB: ~1M public documents of 256 float32 dimensions.
DEFAULT_MAX_BYTES = 1024 * 1024 * 1024
# Most allowed rows scored all together; past it (and with a partition) only the nearest cells'.
EXACT_ROWS = 16_384

log = logging.getLogger(__name__)


class PublicVectors:
    """The public documents' vectors of one :class:`~retrieval.index.VectorIndex`; off until
    :meth:`refresh` or :meth:`keep_fresh` builds the first snapshot (a one-shot command would
    pay more for it than its one search saves)."""

    def __init__(
        self,
        index: VectorIndex,
        *,
        refresh_s: float = REFRESH_S,
        max_bytes: int = DEFAULT_MAX_BYTES,
    ) -> None:
        self._index = index
        self.refresh_s = refresh_s
        self.max_bytes = max_bytes
        self.exact_rows = EXACT_ROWS
        self.probes = public_cells.probes
        self._snap: Snapshot | None = None
        self._lock = threading.Lock()  # guards the snapshot's writes and the swap
        self._building = threading.Lock()  # one refresh at a time
        self._pending: list[tuple[str, Row | None, Any]] | None = None  # writes mid-refresh
        self._engine: Engine | None = None
        self._thread: threading.Thread | None = None

    def __len__(self) -> int:
        snap = self._snap
        return 0 if snap is None else len(snap)

    # --- keeping it fresh ---------------------------------------------------------------------

    def wrote(self, docs: Sequence[Document], vectors: Iterable[Any]) -> None:
        """This process wrote ``docs`` (with ``vectors``) to the index: a public one joins the
        snapshot, one that is no longer public leaves it."""
        for doc, vector in zip(docs, vectors, strict=True):
            if doc.visibility == PUBLIC:
                row = Row(
                    doc.doc_id,
                    fingerprint(doc),
                    doc.subject_id,
                    doc.author_id,
                    doc.record_type,
                    doc.date,
                )
                self._apply(doc.doc_id, row, vector)
            else:
                self._apply(doc.doc_id, None, None)

    def deleted(self, doc_ids: Iterable[str]) -> None:
        for doc_id in doc_ids:
            self._apply(doc_id, None, None)

    def _apply(self, doc_id: str, row: Row | None, vector: Any) -> None:
        with self._lock:
            if self._pending is not None:  # replayed on the snapshot being built
                self._pending.append((doc_id, row, vector))
            if self._snap is None:
                return
            if row is None:
                self._snap.remove(doc_id)
            else:
                self._snap.add(row, vector)

    def clear(self) -> None:
        with self._lock:
            self._snap = None

    def keep_fresh(self, engine: Engine) -> None:
        """Build the first snapshot in the background, and from then on re-read it (in the
        background, searches using the older one meanwhile) when it is :attr:`refresh_s` old.
        For long-lived processes: ``cadence serve``, benchmarks."""
        self._engine = engine
        self._start()

    def refresh(self, session: Session) -> bool:
        """Read the public rows again and build a new snapshot (vectors of unchanged rows are
        kept, the rest fetched); False when there are too many to keep."""
        with self._building:
            c = documents.c
            stmt = (
                select(c.doc_id, c.fingerprint, c.subject_id, c.author_id, c.record_type, c.date)
                .where(c.visibility == PUBLIC)
                .order_by(c.doc_id)
            )
            with self._lock:
                self._pending = []
            try:
                rows = [Row(*r) for r in session.execute(stmt)]
                taken = time.monotonic()
                dim = self._index.embedder.dimension
                if len(rows) * dim * 4 > self.max_bytes:
                    with self._lock:
                        self._snap = None
                    return False
                new = Snapshot(dim, len(rows) + len(rows) // 8, taken)
                vectors, found = self._vectors(session, rows)
                kept = [r for r, ok in zip(rows, found, strict=True) if ok]
                centroids, cells = self._cells(kept)
                new.fill(kept, vectors[found], cells)
                fresh = False
                if len(kept) < public_cells.MIN_ROWS:
                    centroids = None
                elif centroids is None or centroids.stale(len(kept)):
                    centroids, fresh = public_cells.train(new.vectors[: len(kept)]), True
                new.partition(centroids, fresh=fresh)
                with self._lock:
                    for doc_id, change, vector in self._pending:
                        if change is None:
                            new.remove(doc_id)
                        else:
                            new.add(change, vector)
                    self._snap = new
            finally:
                with self._lock:
                    self._pending = None
            return True

    def _cells(
        self, rows: list[Row]
    ) -> tuple[public_cells.Centroids | None, NDArray[np.int32] | None]:
        """The current snapshot's partition, and the cell it gave each of ``rows`` that it holds
        unchanged (-1 for the rest, to be assigned)."""
        with self._lock:
            old = self._snap
            if old is None or old.centroids is None:
                return None, None
            size, at, fps, cell, centroids = len(old.ids), old.at, old.fps, old.cell, old.centroids
        out = np.full(len(rows), -1, dtype=np.int32)
        for pos, row in enumerate(rows):
            i = at.get(row.doc_id, size)
            if i < size and fps[i] == row.fingerprint:
                out[pos] = cell[i]
        return centroids, out

    def _vectors(self, session: Session, rows: list[Row]) -> tuple[Vectors, NDArray[np.bool_]]:
        """The vectors of ``rows`` in order (zeros where none was found) and which were found:
        from the current snapshot, the index's memo, or the index itself (re-embedded from the
        row's text by an in-process embedder, read back from Chroma for a remote one). Fetched
        vectors do not go into the memo: the public set would evict everything else there."""
        dim = self._index.embedder.dimension
        out = np.zeros((len(rows), dim), dtype=np.float32)
        found = np.zeros(len(rows), dtype=bool)
        with self._lock:  # only to take the arrays: a search must not wait on a refresh
            old = self._snap
            kept = (len(old.ids), old.at, old.fps, old.vectors) if old is not None else None
        if kept is not None:
            # Rows written since are past ``size`` (and replayed from the pending list).
            size, at, fps, vectors = kept
            same = [
                (pos, i)
                for pos, row in enumerate(rows)
                if (i := at.get(row.doc_id, size)) < size and fps[i] == row.fingerprint
            ]
            if same:
                to, frm = (np.asarray(x, dtype=np.intp) for x in zip(*same, strict=True))
                out[to] = vectors[frm]
                found[to] = True
        need = np.flatnonzero(~found).tolist()
        if need:
            wanted = [(rows[p].doc_id, rows[p].fingerprint) for p in need]
            positions, matrix = self._index.cache.get(wanted, lambda _ids: {}, max_fetch=None) or (
                [],
                None,
            )
            if matrix is not None:
                for i, pos in enumerate(positions):
                    out[need[pos]] = matrix[i]
                    found[need[pos]] = True
        missing = [p for p in need if not found[p]]
        for chunk in batched(missing):
            ids = [rows[p].doc_id for p in chunk]
            fetched = (
                _embed_rows(self._index, session, ids)
                if self._index.embedder.local
                else self._index.fetch_vectors(ids)
            )
            for p in chunk:
                got = fetched.get(rows[p].doc_id)
                if got is not None and got[0] == rows[p].fingerprint:
                    out[p] = np.asarray(got[1], dtype=np.float32)
                    found[p] = True
        return out, found

    def _ready(self, session: Session) -> Snapshot | None:
        """The snapshot to search (None before the first), re-read when it is
        :attr:`refresh_s` old: in the background with :meth:`keep_fresh`, else here."""
        snap = self._snap
        if snap is None or time.monotonic() - snap.taken < self.refresh_s:
            return snap
        if self._engine is not None:
            self._start()
            return snap
        self.refresh(session)
        return self._snap

    def _start(self) -> None:
        engine = self._engine
        if engine is None or (self._thread is not None and self._thread.is_alive()):
            return

        def run() -> None:
            try:
                with Session(engine) as session:
                    self.refresh(session)
            except Exception:  # the searches go on with the older snapshot, or without one
                log.exception("refreshing the public vectors failed")

        self._thread = threading.Thread(target=run, name="public-vectors", daemon=True)
        self._thread.start()

    def wait(self) -> None:
        """Until a background refresh in progress has finished (for start-up and tests)."""
        thread = self._thread
        if thread is not None:
            thread.join()

    # --- searching ----------------------------------------------------------------------------

    def search(
        self,
        session: Session,
        query: Sequence[float] | Vectors,
        part: AccessScope,
        where: ColumnElement[bool],
        narrowing: Narrowing,
        k: int,
    ) -> list[VectorHit] | None:
        """The ``k`` documents of ``part`` (a scope's public part, see
        :func:`retrieval.filters.split_scope`) nearest to ``query`` (an embedded query) that
        ``where`` (the part's SQL filter with the narrowing) allows, best first; None when no
        snapshot is ready, for the caller to search otherwise."""
        if any(c.visibilities != (PUBLIC,) for c in part.clauses):
            raise ValueError("the public leg only searches a scope's public part")
        if where is None:
            raise ValueError("refusing an unfiltered vector query")
        snap = self._ready(session)
        if snap is None:
            return None
        if k <= 0:
            return []
        with self._lock:  # the rows so far and their arrays: a write appends past them
            view = View.of(snap)
        allow = mask(view, part, narrowing)
        q = np.asarray(query, dtype=np.float32)
        near = self._near(view, allow, q)
        if near is not None:
            hits = self._ranked(session, view, *near, where, k)
            if len(hits) >= k:
                return hits
            # Too few passed in the probed cells: every allowed row, as without a partition.
        rows = np.flatnonzero(allow)
        # einsum, not ``@`` (see retrieval/exact.py). A narrow mask gathers its rows; a wide one
        # scores them all in place rather than copy most of the matrix.
        if len(rows) * 4 < view.n:
            sims = np.einsum("ij,j->i", view.vectors[rows], q)
        else:
            sims = np.einsum("ij,j->i", view.vectors[: view.n], q)[rows]
        return self._ranked(session, view, rows, sims, where, k)

    def _near(
        self, view: View, allow: NDArray[np.bool_], query: Vectors
    ) -> tuple[NDArray[np.intp], NDArray[np.float32]] | None:
        """The allowed rows in the cells nearest ``query`` and their similarities; None to
        score every allowed row (no partition yet, or few enough allowed to score them all).
        A cell's rows are one run of the snapshot (sorted by cell when it was built), scored in
        place; rows written since are scored when their cell is probed."""
        centroids = view.centroids
        if centroids is None or np.count_nonzero(allow) <= self.exact_rows:
            return None
        cells = len(centroids.matrix)
        nearest = public_cells.nearest_cells(centroids.matrix, query, self.probes(cells))
        probed = np.zeros(cells + 1, dtype=bool)
        probed[nearest] = True
        probed[-1] = True  # a row not placed yet (cell -1) is always scored
        starts, end = view.starts, view.sorted_to
        tail = np.arange(end, view.n)
        runs = [np.arange(starts[c], starts[c + 1]) for c in nearest.tolist()]
        rows = np.concatenate([*runs, tail[probed[view.cell[end : view.n]]]])
        vectors = view.vectors
        parts = [np.einsum("ij,j->i", vectors[starts[c] : starts[c + 1]], query) for c in nearest]
        newer = rows[sum(len(r) for r in runs) :]
        parts.append(np.einsum("ij,j->i", vectors[newer], query))
        sims = np.concatenate(parts)
        keep = allow[rows]
        return rows[keep], sims[keep]

    def _ranked(
        self,
        session: Session,
        view: View,
        rows: NDArray[np.intp],
        sims: NDArray[np.float32],
        where: ColumnElement[bool],
        k: int,
    ) -> list[VectorHit]:
        """The ``k`` of ``rows`` (scored ``sims``) that ``where`` allows now, best first."""
        if not len(rows):
            return []
        hits: list[VectorHit] = []
        done, depth = 0, k
        while True:
            # The best ``depth`` in order; the ones past ``done`` are read back under ``where``.
            depth = min(depth, len(rows))
            top = np.arange(len(rows))
            if depth < len(rows):
                top = np.argpartition(-sims, depth - 1)[:depth]
            order = sorted(top.tolist(), key=lambda i: (-float(sims[i]), view.ids[rows[i]]))
            hits += read_back(session, view, rows, sims, order[done:], where, k - len(hits))
            done = depth
            if len(hits) >= k or depth == len(rows):
                return hits
            depth *= 4


def _embed_rows(index: VectorIndex, session: Session, doc_ids: Sequence[str]) -> dict[str, Any]:
    """doc id -> (fingerprint, vector), embedded from the rows' text by the index's in-process
    embedder (cheaper than reading the vectors back from Chroma)."""
    rows = session.execute(
        select(documents.c.doc_id, documents.c.fingerprint, documents.c.text).where(
            documents.c.doc_id.in_(list(doc_ids))
        )
    ).all()
    vectors = index.embedder.embed([r.text for r in rows])
    return {r.doc_id: (r.fingerprint, v) for r, v in zip(rows, vectors, strict=True)}
