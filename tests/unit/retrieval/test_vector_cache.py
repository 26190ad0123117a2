"""The vector memo: an entry is keyed by fingerprint, bounded in bytes, and never returns a
vector for a document the index does not hold."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from retrieval.vector_cache import VectorCache

DIM = 4


def _vec(n: int) -> np.ndarray[Any, Any]:
    v = np.zeros(DIM, dtype=np.float32)
    v[n % DIM] = float(n + 1)
    return v


class _Index:
    """What the index holds: doc id -> (fingerprint, vector); counts the reads."""

    def __init__(self) -> None:
        self.held: dict[str, tuple[str, Any]] = {}
        self.reads: list[str] = []

    def fetch(self, doc_ids: Sequence[str]) -> dict[str, tuple[str, Any]]:
        self.reads.extend(doc_ids)
        return {d: self.held[d] for d in doc_ids if d in self.held}


def test_misses_are_read_once_and_a_new_fingerprint_is_read_again() -> None:
    index = _Index()
    index.held = {"a": ("1", _vec(0)), "b": ("1", _vec(1))}
    cache = VectorCache(index.fetch)
    positions, matrix = cache.get([("a", "1"), ("b", "1"), ("gone", "1")])
    assert positions == [0, 1] and matrix is not None
    assert np.array_equal(matrix, np.stack([_vec(0), _vec(1)]))
    assert index.reads == ["a", "b", "gone"]
    index.reads.clear()
    cache.get([("a", "1"), ("b", "1")])
    assert index.reads == []  # warm
    index.held["a"] = ("2", _vec(2))
    positions, matrix = cache.get([("a", "2"), ("b", "1")])
    assert index.reads == ["a"] and matrix is not None and np.array_equal(matrix[0], _vec(2))


def test_a_stale_entry_the_index_no_longer_holds_is_left_out() -> None:
    index = _Index()
    cache = VectorCache(index.fetch)
    cache.put("a", "1", _vec(0))
    assert cache.get([("a", "2")]) == ([], None)


def test_the_memo_stays_within_its_bytes_and_evicts_oldest_first() -> None:
    index = _Index()
    cache = VectorCache(index.fetch, max_bytes=3 * DIM * 4)  # three vectors
    for n in range(5):
        cache.put(f"d{n}", "1", _vec(n))
    assert len(cache) == 3
    positions, matrix = cache.get([("d2", "1"), ("d3", "1"), ("d4", "1")])
    assert positions == [0, 1, 2] and matrix is not None
    assert np.array_equal(matrix, np.stack([_vec(2), _vec(3), _vec(4)]))
    assert index.reads == []
    cache.discard(["d3"])
    cache.put("d9", "1", _vec(9))  # takes the freed row, evicts nothing
    assert len(cache) == 3
    _, matrix = cache.get([("d2", "1"), ("d9", "1")])
    assert matrix is not None and np.array_equal(matrix[1], _vec(9))


def test_a_cold_memo_fills_a_bounded_share_per_query_and_says_so() -> None:
    index = _Index()
    index.held = {f"d{n}": ("1", _vec(n)) for n in range(10)}
    cache = VectorCache(index.fetch)
    wanted = [(f"d{n}", "1") for n in range(10)]
    assert cache.get(wanted, max_fetch=4) is None  # too cold: the caller searches otherwise
    assert len(cache) == 4 and len(index.reads) == 4
    assert cache.get(wanted, max_fetch=4) is None
    got = cache.get(wanted, max_fetch=4)  # 2 misses left: filled, answered
    assert got is not None and got[0] == list(range(10)) and len(index.reads) == 10
