"""The public snapshot's rows: the columns a search narrows by, the vectors, and each row's
cell in the coarse partition (retrieval/public_cells.py), in arrays one search reads at once
(retrieval/public_leg.py keeps and searches them)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from retrieval.batches import batched
from retrieval.lexical import documents
from retrieval.public_cells import Centroids, assign
from retrieval.types import AccessScope
from retrieval.vectors import Vectors

if TYPE_CHECKING:
    from retrieval.index import VectorHit

__all__ = ["PUBLIC", "Narrowing", "Row", "Snapshot", "View", "mask", "read_back"]

PUBLIC = "public"
_NONE = -1  # a missing subject/author (ids are positive)
_NO_CELL = -1  # a row no partition has placed yet


@dataclass(frozen=True)
class Narrowing:
    """What a search ANDs to its scope: one subject, some record types, a date window
    (YYYYMMDD, inclusive), and people it names (about or by one of them)."""

    subject_id: int | None = None
    record_types: tuple[str, ...] | None = None
    since: int | None = None
    until: int | None = None
    named: tuple[int, ...] = ()


@dataclass(frozen=True)
class Row:
    """A public document's columns, as the lexical table holds them."""

    doc_id: str
    fingerprint: str
    subject_id: int | None
    author_id: int | None
    record_type: str
    date: int


class Snapshot:
    """Rows of public documents, append-only: a changed document gets a new row and its old
    one is marked dead, so a search that took the arrays can read them while a write lands."""

    def __init__(self, dim: int, capacity: int, taken: float) -> None:
        capacity = max(capacity, 64)
        self.ids: list[str] = []
        self.fps: list[str] = []
        self.at: dict[str, int] = {}
        self.types: dict[str, int] = {}
        self.alive = np.zeros(capacity, dtype=bool)
        self.subject = np.full(capacity, _NONE, dtype=np.int64)
        self.author = np.full(capacity, _NONE, dtype=np.int64)
        self.rtype = np.zeros(capacity, dtype=np.int16)  # codes into ``types``
        self.date = np.zeros(capacity, dtype=np.int64)
        self.vectors: Vectors = np.zeros((capacity, dim), dtype=np.float32)
        self.cell = np.full(capacity, _NO_CELL, dtype=np.int32)
        self.centroids: Centroids | None = None  # the partition, once there are enough rows
        # Rows [0, sorted_to) are in cell order, cell c's at [starts[c], starts[c + 1]).
        self.sorted_to = 0
        self.starts = np.zeros(1, dtype=np.intp)
        self.taken = taken  # time.monotonic() when its rows were read

    def __len__(self) -> int:
        return len(self.at)

    def _grow(self) -> None:
        size = 2 * len(self.alive)
        for name in ("alive", "subject", "author", "rtype", "date", "vectors", "cell"):
            old = getattr(self, name)
            new = np.full((size, *old.shape[1:]), _NO_CELL if name == "cell" else 0, old.dtype)
            new[: len(old)] = old
            setattr(self, name, new)

    def add(self, doc: Row, vector: Any) -> None:
        self.remove(doc.doc_id)
        row = len(self.ids)
        if row == len(self.alive):
            self._grow()
        self.subject[row] = _NONE if doc.subject_id is None else doc.subject_id
        self.author[row] = _NONE if doc.author_id is None else doc.author_id
        self.rtype[row] = self.types.setdefault(doc.record_type, len(self.types))
        self.date[row] = doc.date
        self.vectors[row] = np.asarray(vector, dtype=np.float32).reshape(-1)
        if self.centroids is not None:
            self.cell[row] = assign(self.centroids.matrix, self.vectors[row : row + 1])[0]
        self.ids.append(doc.doc_id)
        self.fps.append(doc.fingerprint)
        self.at[doc.doc_id] = row
        self.alive[row] = True

    def fill(
        self, rows: Sequence[Row], vectors: Vectors, cells: NDArray[np.int32] | None = None
    ) -> None:
        """:meth:`add` for many rows of distinct documents into an empty snapshot, at once,
        with the cells already known (-1 where not)."""
        n = len(rows)
        while len(self.alive) < n:
            self._grow()
        self.subject[:n] = [_NONE if r.subject_id is None else r.subject_id for r in rows]
        self.author[:n] = [_NONE if r.author_id is None else r.author_id for r in rows]
        self.rtype[:n] = [self.types.setdefault(r.record_type, len(self.types)) for r in rows]
        self.date[:n] = [r.date for r in rows]
        self.vectors[:n] = vectors
        if cells is not None:
            self.cell[:n] = cells
        self.alive[:n] = True
        self.ids.extend(r.doc_id for r in rows)
        self.fps.extend(r.fingerprint for r in rows)
        self.at.update((r.doc_id, i) for i, r in enumerate(rows))

    def partition(self, centroids: Centroids | None, *, fresh: bool) -> None:
        """Use ``centroids`` (None: no partition) from now on: the rows not placed yet are
        assigned to their cells, every row when the centroids are ``fresh`` (newly trained)."""
        n = len(self.ids)
        if centroids is None:
            self.cell[:n] = _NO_CELL
        else:
            todo = np.arange(n) if fresh else np.flatnonzero(self.cell[:n] == _NO_CELL)
            if len(todo):
                self.cell[todo] = assign(centroids.matrix, self.vectors[todo])
            self._sort(len(centroids.matrix))
        self.centroids = centroids

    def _sort(self, cells: int) -> None:
        """Every row in cell order, so that a probed cell is one run of the arrays."""
        n = len(self.ids)
        order = np.argsort(self.cell[:n], kind="stable")
        for name in ("alive", "subject", "author", "rtype", "date", "vectors", "cell"):
            array = getattr(self, name)
            array[:n] = array[:n][order]
        self.ids = [self.ids[i] for i in order]
        self.fps = [self.fps[i] for i in order]
        self.at = {d: i for i, d in enumerate(self.ids) if self.alive[i]}
        counts = np.bincount(self.cell[:n], minlength=cells)
        self.starts = np.concatenate(([0], np.cumsum(counts))).astype(np.intp)
        self.sorted_to = n

    def remove(self, doc_id: str) -> None:
        row = self.at.pop(doc_id, None)
        if row is not None:
            self.alive[row] = False


@dataclass(frozen=True)
class View:
    """A snapshot's first ``n`` rows, as one search reads them."""

    n: int
    ids: list[str]
    fps: list[str]
    types: dict[str, int]
    alive: NDArray[np.bool_]
    subject: NDArray[np.int64]
    author: NDArray[np.int64]
    rtype: NDArray[np.int16]
    date: NDArray[np.int64]
    vectors: Vectors
    cell: NDArray[np.int32]
    centroids: Centroids | None
    sorted_to: int
    starts: NDArray[np.intp]

    @classmethod
    def of(cls, snap: Snapshot) -> View:
        """The rows ``snap`` holds now (take it under the lock its writers hold)."""
        return cls(
            len(snap.ids),
            snap.ids,
            snap.fps,
            snap.types,
            snap.alive,
            snap.subject,
            snap.author,
            snap.rtype,
            snap.date,
            snap.vectors,
            snap.cell,
            snap.centroids,
            snap.sorted_to,
            snap.starts,
        )


def mask(view: View, part: AccessScope, n: Narrowing) -> NDArray[np.bool_]:
    """The live rows ``part`` and ``n`` allow, as the SQL filter would decide them."""
    size = view.n
    rtype, subject = view.rtype[:size], view.subject[:size]
    author, date = view.author[:size], view.date[:size]

    def of_types(names: Iterable[str]) -> NDArray[np.bool_]:
        codes = [view.types[t] for t in names if t in view.types]
        return np.isin(rtype, np.asarray(codes, dtype=np.int16))

    allow = np.zeros(size, dtype=bool)
    for clause in part.clauses:
        allow |= of_types(clause.record_types) if clause.record_types else True
    allow &= view.alive[:size]
    if n.subject_id is not None:
        allow &= subject == n.subject_id
    if n.record_types is not None:
        allow &= of_types(n.record_types)
    if n.since is not None:
        allow &= date >= n.since
    if n.until is not None:
        allow &= date <= n.until
    if n.named:
        named = np.asarray(n.named, dtype=np.int64)
        allow &= np.isin(subject, named) | np.isin(author, named)
    return allow


def read_back(
    session: Session,
    view: View,
    rows: NDArray[np.intp],
    sims: NDArray[np.float32],
    batch: list[int],
    where: ColumnElement[bool],
    k: int,
) -> list[VectorHit]:
    """The first ``k`` of ``batch`` (positions in ``rows``, best first) that ``where`` allows
    in the database now, with the fingerprint the snapshot scored."""
    from retrieval.index import VectorHit

    c = documents.c
    ids = [view.ids[rows[i]] for i in batch]
    allowed = {
        r.doc_id: r
        for chunk in batched(ids)
        for r in session.execute(
            select(c.doc_id, c.fingerprint, c.citation, c.record_type, c.record_id, c.date)
            .where(where)
            .where(c.doc_id.in_(chunk))
        )
    }
    hits: list[VectorHit] = []
    for i in batch:
        r = allowed.get(view.ids[rows[i]])
        if r is None or r.fingerprint != view.fps[rows[i]]:
            continue  # no longer public, narrowed out, deleted or rewritten since
        meta = {
            "doc_id": r.doc_id,
            "citation": r.citation,
            "record_type": r.record_type,
            "record_id": r.record_id,
            "date": r.date,
        }
        hits.append(VectorHit(r.doc_id, 1.0 - float(sims[i]), meta))
        if len(hits) == k:
            break
    return hits
