"""Scanning every file under a directory for text and for float32 vectors, byte by byte.

A vector is looked for as its exact float32 bytes (Chroma's SQLite log keeps them verbatim) and,
with a tolerance, as the unit vector hnswlib stores in its segment files (it normalises again for
cosine space, which changes the last bits), at every byte alignment.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np


def files_under(root: Path) -> list[Path]:
    return sorted(Path(d) / f for d, _, names in os.walk(root) for f in names)


def text_hits(root: Path, needles: Iterable[str]) -> list[tuple[str, str]]:
    """(file, needle) for every needle found in a file's bytes (UTF-8, case-insensitive)."""
    wanted = [n.lower().encode() for n in needles]
    hits = []
    for path in files_under(root):
        data = path.read_bytes().lower()
        hits += [(str(path.relative_to(root)), n.decode()) for n in wanted if n in data]
    return hits


def _near(data: bytes, unit: np.ndarray, tol: float) -> bool:
    dim = len(unit)
    with np.errstate(invalid="ignore", over="ignore"):
        for offset in range(4):
            usable = (len(data) - offset) // 4 * 4
            if usable < dim * 4:
                continue
            arr = np.frombuffer(data[offset : offset + usable], dtype=np.float32)
            first = int(np.argmax(np.abs(unit)))  # the largest component: rarely near by chance
            for i in np.flatnonzero(np.abs(arr - unit[first]) < tol):
                start = int(i) - first
                window = arr[start : start + dim] if start >= 0 else arr[:0]
                if len(window) == dim and np.allclose(window, unit, atol=tol):
                    return True
    return False


def vector_hits(
    root: Path, vectors: Sequence[Sequence[float]], tol: float = 1e-5
) -> list[tuple[str, int]]:
    """(file, vector index) for every vector whose bytes, exact or normalised, are in a file."""
    hits = []
    for path in files_under(root):
        data = path.read_bytes()
        for n, vector in enumerate(vectors):
            raw = np.asarray(vector, dtype=np.float32)
            unit = raw / np.float32(np.linalg.norm(raw))
            if raw.tobytes() in data or _near(data, unit, tol):
                hits.append((str(path.relative_to(root)), n))
    return hits
