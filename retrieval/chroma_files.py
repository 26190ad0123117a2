"""What an embedded Chroma store (a PersistentClient's directory) leaves on disk after deletes.

Dropping a collection removes it from Chroma's catalogue but leaves its HNSW segment directory
(vectors included) in place, and Chroma's own SQLite file keeps deleted rows' bytes in free pages.
A live segment leaks too: when hnswlib creates an index it writes its whole, uninitialised
allocation to ``data_level0.bin`` and ``length.bin``, so the room past the elements it has
persisted holds whatever the process freed before, vectors of a collection just dropped included.

:func:`scrub` removes segment directories the catalogue no longer names (overwriting each file
with zeros first), zeroes live segments' files past the elements their header declares, and
rewrites chroma.sqlite3 with ``secure_delete`` and VACUUM. Run it only after the deletes it should
make permanent (VectorIndex.compact), with no other process writing to the store: an embedded
Chroma belongs to one process at a time anyway.
"""

from __future__ import annotations

import os
import re
import sqlite3
import struct
from pathlib import Path
from typing import BinaryIO

__all__ = ["scrub"]

_SEGMENT_DIR = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_ZEROS = bytes(1 << 16)
# The start of hnswlib's header.bin (Chroma's persistent format 1, written field by field in the
# machine's byte order): version, offsetLevel0, max_elements, cur_element_count,
# size_data_per_element.
_HNSW_HEADER = struct.Struct("=i4Q")
_HNSW_VERSION = 1
_LENGTH_BYTES = 4  # one float32 norm per element in length.bin


def _zero(fh: BinaryIO, start: int, end: int) -> None:
    fh.seek(start)
    left = end - start
    while left > 0:
        left -= fh.write(_ZEROS[: min(left, len(_ZEROS))])
    fh.flush()
    os.fsync(fh.fileno())


def _shred(path: Path) -> None:
    """Overwrite a file with zeros, then unlink it. What the filesystem or an SSD keeps of the
    old blocks is beyond a program's reach (use disk encryption for that)."""
    with path.open("r+b") as fh:
        _zero(fh, 0, path.stat().st_size)
    path.unlink()


def _shred_tree(root: Path) -> None:
    for dirpath, dirnames, filenames in os.walk(root, topdown=False):
        for name in filenames:
            _shred(Path(dirpath) / name)
        for name in dirnames:
            (Path(dirpath) / name).rmdir()
    root.rmdir()


def _zero_past(path: Path, used: int) -> None:
    if path.exists() and path.stat().st_size > used:
        with path.open("r+b") as fh:
            _zero(fh, used, path.stat().st_size)


def _blank_unused(segment: Path) -> None:
    """Zero a live HNSW segment's files past the elements its header declares. Nothing there is
    index data: hnswlib zeroes an element's slot before filling it and saves slots one by one,
    and an element added since the last save is replayed from Chroma's log, not read from here."""
    try:
        header = (segment / "header.bin").read_bytes()
    except FileNotFoundError:
        return  # nothing written yet
    fields = _HNSW_HEADER.unpack_from(header) if len(header) >= _HNSW_HEADER.size else None
    if fields is None or fields[0] != _HNSW_VERSION or not fields[4]:
        # Guessing at a layout could corrupt the index, and skipping it would leave stale bytes.
        raise ValueError(f"unknown HNSW file layout in {segment}: cannot scrub it")
    count, per_element = fields[3], fields[4]
    _zero_past(segment / "data_level0.bin", count * per_element)
    _zero_past(segment / "length.bin", count * _LENGTH_BYTES)


def scrub(path: Path) -> int:
    """Remove dropped collections' segment directories under ``path``, blank what live segments
    hold past their elements, and VACUUM Chroma's SQLite file. Returns how many directories were
    removed."""
    db = path / "chroma.sqlite3"
    if not db.exists():
        return 0
    conn = sqlite3.connect(db, timeout=30, isolation_level=None)
    try:
        conn.execute("PRAGMA secure_delete=ON")
        try:
            live = {str(r[0]) for r in conn.execute("SELECT id FROM segments")}
        except sqlite3.OperationalError:  # a Chroma whose catalogue we do not know: touch nothing
            live = None
        removed = 0
        if live is not None:
            for child in path.iterdir():
                if not (child.is_dir() and _SEGMENT_DIR.match(child.name)):
                    continue
                if child.name in live:
                    _blank_unused(child)
                else:
                    _shred_tree(child)
                    removed += 1
        conn.execute("VACUUM")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    return removed
