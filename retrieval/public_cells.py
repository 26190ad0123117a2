"""A coarse partition of the public snapshot's vectors (an inverted file, IVF): the public leg
scores the documents of the few cells nearest the query instead of every public document.

At 10,000 people the public part holds ~440k documents, and one product over all of them reads
~430 MiB of float32 per query (~50 ms of CPU, more on a busy box), whatever the caller's scope.
Spherical k-means (cosine, as the vectors are unit length) over a sample cuts the snapshot into
:func:`cell_count` cells of ~``sqrt(n)`` documents each; a query probes the :func:`probes`
cells whose centroids are nearest and scores their documents exactly (each cell is one run of
the snapshot's arrays, sorted by cell when it is built, so nothing is copied to score it: the
same cells gathered row by row cost twice as much). It proposes candidates only: access is
decided by the SQL read-back in retrieval/public_leg.py, as before, and a search that finds
fewer than it needs there falls back to every allowed row.

The centroids are trained once, in the refresh that first finds :data:`MIN_ROWS` rows, and again
when the snapshot has doubled or halved since; a refresh carries each unchanged row's cell over
with its vector and assigns only new rows (one product with the centroids each), as does a
write through this process's index.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from retrieval.vectors import Vectors

__all__ = ["MIN_ROWS", "Centroids", "assign", "cell_count", "probes", "train"]

# Below this many rows a product over all of them costs ~2 ms: no partition is kept.
MIN_ROWS = 20_000
# Rows a k-means iteration reads, per cell (a sample of the snapshot, not all of it).
SAMPLE_PER_CELL = 40
ITERATIONS = 8
_CHUNK = 8192


def cell_count(rows: int) -> int:
    """Cells for ``rows`` documents: ~sqrt(rows), so a cell and the centroid list cost the same
    to score."""
    return max(16, min(4096, round(math.sqrt(rows))))


def probes(cells: int) -> int:
    """Cells a query scores: 1 in 8. On 354,855 public documents of the 10,000-person demo
    (596 cells), recall@30 against the exact answer was ~0.76 probing 1 in 16 (5-6 ms of CPU),
    0.86 at 1 in 8 (7-9 ms) and ~0.9 or more at 1 in 4 (12-14 ms), against 29-33 ms for every row
    (deploy/README.md, "Measured: 10,000 people, search")."""
    return max(4, cells // 8)


@dataclass(frozen=True)
class Centroids:
    """Unit-length cell centres, and how many rows the snapshot held when they were trained."""

    matrix: Vectors
    trained_on: int

    def stale(self, rows: int) -> bool:
        """Whether a snapshot of ``rows`` rows should be partitioned afresh."""
        return rows > 2 * self.trained_on or 2 * rows < self.trained_on


def _unit(m: NDArray[np.float32]) -> Vectors:
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    out: Vectors = np.divide(m, norms, out=np.zeros_like(m), where=norms > 0)
    return out


def assign(centroids: Vectors, vectors: Vectors) -> NDArray[np.int32]:
    """The nearest centroid of each row of ``vectors`` (highest cosine)."""
    out = np.empty(len(vectors), dtype=np.int32)
    for start in range(0, len(vectors), _CHUNK):
        block = vectors[start : start + _CHUNK]
        out[start : start + len(block)] = np.argmax(block @ centroids.T, axis=1)
    return out


def train(vectors: Vectors, *, seed: int = 0) -> Centroids:
    """Centroids of ``vectors`` (unit-length rows) by spherical k-means on a sample."""
    n = len(vectors)
    cells = min(cell_count(n), n)
    rng = np.random.default_rng(seed)
    sample = vectors[np.sort(rng.choice(n, size=min(n, cells * SAMPLE_PER_CELL), replace=False))]
    centroids = sample[rng.choice(len(sample), size=cells, replace=False)].copy()
    for _ in range(ITERATIONS):
        near = assign(centroids, sample)
        counts = np.bincount(near, minlength=cells)
        order = np.argsort(near, kind="stable")
        starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
        full = np.flatnonzero(counts)
        sums = np.zeros_like(centroids)
        sums[full] = np.add.reduceat(sample[order], starts[full], axis=0)
        empty = np.flatnonzero(counts == 0)
        if len(empty):  # re-seeded from the rows furthest from their centre
            fit = np.einsum("ij,ij->i", sample, centroids[near])
            sums[empty] = sample[np.argsort(fit)[: len(empty)]]
        centroids = _unit(sums)
    return Centroids(centroids, n)


def nearest_cells(centroids: Vectors, query: Vectors, count: int) -> NDArray[np.intp]:
    """The ``count`` cells whose centroids are nearest ``query``."""
    sims = np.einsum("ij,j->i", centroids, query)
    if count >= len(sims):
        return np.arange(len(sims))
    return np.argpartition(-sims, count - 1)[:count]
