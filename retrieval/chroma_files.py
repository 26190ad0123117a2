"""What an embedded Chroma store (a PersistentClient's directory) leaves on disk after deletes.

Dropping a collection removes it from Chroma's catalogue but leaves its HNSW segment directory
(vectors included) in place, and Chroma's own SQLite file keeps deleted rows' bytes in free pages.
:func:`scrub` removes segment directories the catalogue no longer names (overwriting each file
with zeros first) and rewrites chroma.sqlite3 with ``secure_delete`` and VACUUM. Run it only after
the deletes it should make permanent (VectorIndex.compact), with no other process writing to the
store: an embedded Chroma belongs to one process at a time anyway.
"""

from __future__ import annotations

import os
import re
import sqlite3
from pathlib import Path

__all__ = ["scrub"]

_SEGMENT_DIR = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_ZEROS = bytes(1 << 16)


def _shred(path: Path) -> None:
    """Overwrite a file with zeros, then unlink it. What the filesystem or an SSD keeps of the
    old blocks is beyond a program's reach (use disk encryption for that)."""
    size = path.stat().st_size
    with path.open("r+b") as fh:
        left = size
        while left > 0:
            left -= fh.write(_ZEROS[: min(left, len(_ZEROS))])
        fh.flush()
        os.fsync(fh.fileno())
    path.unlink()


def _shred_tree(root: Path) -> None:
    for dirpath, dirnames, filenames in os.walk(root, topdown=False):
        for name in filenames:
            _shred(Path(dirpath) / name)
        for name in dirnames:
            (Path(dirpath) / name).rmdir()
    root.rmdir()


def scrub(path: Path) -> int:
    """Remove dropped collections' segment directories under ``path`` and VACUUM Chroma's SQLite
    file. Returns how many directories were removed."""
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
                if child.is_dir() and _SEGMENT_DIR.match(child.name) and child.name not in live:
                    _shred_tree(child)
                    removed += 1
        conn.execute("VACUUM")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    return removed
