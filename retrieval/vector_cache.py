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
    def __init__(self, fetch: Fetch, *, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self._fetch = fetch
        self._max_bytes = max_bytes
        self._entries: dict[str, tuple[str, Vectors]] = {}
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._entries)

    def put(self, doc_id: str, fp: str, vector: Any) -> None:
        row = np.asarray(vector, dtype=np.float32).reshape(-1)
        with self._lock:
            old = self._entries.pop(doc_id, None)
            if old is not None:
                self._bytes -= old[1].nbytes
            self._entries[doc_id] = (fp, row)
            self._bytes += row.nbytes
            self._evict()

    def discard(self, doc_ids: Iterable[str]) -> None:
        with self._lock:
            for doc_id in doc_ids:
                old = self._entries.pop(doc_id, None)
                if old is not None:
                    self._bytes -= old[1].nbytes

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0

    def _evict(self) -> None:
        while self._bytes > self._max_bytes and self._entries:
            oldest = next(iter(self._entries))
            self._bytes -= self._entries.pop(oldest)[1].nbytes

    def get(
        self, wanted: Sequence[tuple[str, str]], fetch: Fetch | None = None
    ) -> tuple[list[int], Vectors | None]:
        """Vectors for the ``(doc_id, fingerprint)`` pairs: the positions in ``wanted`` found,
        and their vectors as one matrix in that order (None when none was found). Misses are read
        with ``fetch`` (default: from the index). A document the index does not hold is left
        out, as a filtered search of the index would leave it out."""
        found: dict[int, Vectors] = {}
        missing: list[int] = []
        entries = self._entries
        for pos, (doc_id, fp) in enumerate(wanted):
            entry = entries.get(doc_id)
            if entry is not None and entry[0] == fp:
                found[pos] = entry[1]
            else:
                missing.append(pos)
        self.hits += len(found)
        self.misses += len(missing)
        if missing:
            fetched = (fetch or self._fetch)([wanted[pos][0] for pos in missing])
            for pos in missing:
                doc_id = wanted[pos][0]
                got = fetched.get(doc_id)
                if got is None:
                    continue
                self.put(doc_id, got[0], got[1])
                # The index is written before the database commits (assistant/index_sync.py):
                # mid-drain it can be one version ahead of the row the caller read. Its vector is
                # still the document's; access was decided by the row.
                found[pos] = self._entries[doc_id][1] if doc_id in self._entries else got[1]
        if not found:
            return [], None
        order = sorted(found)
        return order, np.stack([np.asarray(found[p], dtype=np.float32) for p in order])
