"""An in-process memo of indexed vectors, keyed by document id and fingerprint.

Exact scoring of a scope's candidates (retrieval/exact.py) needs their vectors, and reading them
back from Chroma costs as much as the filtered search it replaces (``get(ids=...)`` of 250 ids
took ~40 ms on 10k documents). A vector is a pure function of the document's fingerprint (which
hashes its text and metadata) for a given embedder, so an entry can never be stale, only absent:
a caller asks for ``(doc_id, fingerprint)`` pairs, as the database holds them now, and an entry
with another fingerprint is a miss. Misses are read from the collection by id and kept.

This makes the memo safe when other processes write the index (a ``cadence worker``, other API
workers): nothing here is trusted beyond the fingerprint the caller read in its own transaction.
Entries are evicted oldest first beyond ``max_bytes``; vectors are not text, and a deleted
document's entry is dropped by the process that deletes it or ages out.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np

from retrieval.vectors import Vectors

__all__ = ["DEFAULT_MAX_BYTES", "Fetch", "VectorCache"]

# 128 MiB: ~130k vectors of 256 float32 dimensions, a director's scope several times over.
DEFAULT_MAX_BYTES = 128 * 1024 * 1024

# Reads (doc_id -> (fingerprint, vector)) for the ids given, from the index itself.
Fetch = Callable[[Sequence[str]], dict[str, tuple[str, Any]]]


class VectorCache:
    """Vectors in one growing float32 matrix (an arena), a slot per document: a scope's vectors
    are gathered with one fancy index instead of stacking thousands of small arrays."""

    def __init__(self, fetch: Fetch, *, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self._fetch = fetch
        self._max_bytes = max_bytes
        self._slots: dict[str, tuple[str, int]] = {}  # doc id -> (fingerprint, arena row)
        self._arena: Vectors | None = None
        self._free: list[int] = []
        self._used = 0  # rows ever handed out (the arena's high-water mark)
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._slots)

    def _max_rows(self, dim: int) -> int:
        return max(self._max_bytes // (4 * dim), 1)

    def _slot(self, dim: int) -> int:
        """A free arena row, growing the arena (doubling, up to the byte cap) or evicting the
        oldest entry when it is full. Called under the lock."""
        if self._free:
            return self._free.pop()
        arena = self._arena
        if arena is None or arena.shape[1] != dim:
            self._slots.clear()
            self._arena = arena = np.zeros((min(1024, self._max_rows(dim)), dim), np.float32)
            self._used = 0
        if self._used < arena.shape[0]:
            self._used += 1
            return self._used - 1
        if arena.shape[0] < self._max_rows(dim):
            grown = np.zeros((min(2 * arena.shape[0], self._max_rows(dim)), dim), np.float32)
            grown[: arena.shape[0]] = arena
            self._arena = grown
            self._used += 1
            return self._used - 1
        oldest = next(iter(self._slots))
        return self._slots.pop(oldest)[1]

    def put(self, doc_id: str, fp: str, vector: Any) -> None:
        row = np.asarray(vector, dtype=np.float32).reshape(-1)
        with self._lock:
            old = self._slots.pop(doc_id, None)
            slot = old[1] if old is not None else self._slot(row.shape[0])
            assert self._arena is not None
            self._arena[slot] = row
            self._slots[doc_id] = (fp, slot)

    def discard(self, doc_ids: Iterable[str]) -> None:
        with self._lock:
            for doc_id in doc_ids:
                old = self._slots.pop(doc_id, None)
                if old is not None:
                    self._free.append(old[1])

    def clear(self) -> None:
        with self._lock:
            self._slots.clear()
            self._arena = None
            self._free.clear()
            self._used = 0

    def get(
        self,
        wanted: Sequence[tuple[str, str]],
        fetch: Fetch | None = None,
        *,
        max_fetch: int | None = None,
    ) -> tuple[list[int], Vectors | None] | None:
        """Vectors for the ``(doc_id, fingerprint)`` pairs: the positions in ``wanted`` found,
        and their vectors as one matrix in that order (None when none was found). Misses are read
        with ``fetch`` (default: from the index). A document the index does not hold is left
        out, as a filtered search of the index would leave it out.

        With more than ``max_fetch`` misses, only ``max_fetch`` of them are read (so a cold memo
        warms a little with every query) and the answer is None: the caller searches otherwise."""
        missing = [
            pos
            for pos, (doc_id, fp) in enumerate(wanted)
            if (entry := self._slots.get(doc_id)) is None or entry[0] != fp
        ]
        self.misses += len(missing)
        self.hits += len(wanted) - len(missing)
        if max_fetch is not None and len(missing) > max_fetch:
            some = [wanted[pos][0] for pos in missing[:max_fetch]]
            for doc_id, (fp, vector) in (fetch or self._fetch)(some).items():
                self.put(doc_id, fp, vector)
            return None
        unresolved: set[str] = set()
        if missing:
            fetched = (fetch or self._fetch)([wanted[pos][0] for pos in missing])
            unresolved = {wanted[pos][0] for pos in missing} - fetched.keys()
            for doc_id, (fp, vector) in fetched.items():
                # Mid-drain the index can be one version ahead of the row the caller read (it is
                # written before the database commits: assistant/index_sync.py); its vector is
                # still the document's, and access was decided by the row.
                self.put(doc_id, fp, vector)
        with self._lock:  # a slot must not be reused between the lookup and the gather
            positions: list[int] = []
            slots: list[int] = []
            for pos, (doc_id, _fp) in enumerate(wanted):
                entry = self._slots.get(doc_id)
                if entry is not None and doc_id not in unresolved:
                    positions.append(pos)
                    slots.append(entry[1])
            if not slots or self._arena is None:
                return [], None
            return positions, self._arena[np.asarray(slots)]
