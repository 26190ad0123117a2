"""Private files: what Cadence writes holds people's feedback and notes, so only its owner reads it.

Directories Cadence owns are 0700, files 0600. Existing ones are tightened when they are Cadence's
own (owned by this user); a path someone else owns, or a shared sticky directory like /tmp, is
left alone rather than failing. SQLite gives its -wal and -shm files the database file's mode, so
a 0600 database keeps its journal private too.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

__all__ = ["PRIVATE_DIR", "PRIVATE_FILE", "private_dir", "private_file", "tighten"]

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600


def tighten(path: Path, mode: int) -> None:
    """Take group and other access off ``path`` if this user owns it."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return
    if st.st_uid != os.getuid() or st.st_mode & stat.S_ISVTX or not st.st_mode & 0o077:
        return
    path.chmod(mode)


def private_dir(path: Path) -> Path:
    """``path`` as a directory only its owner can enter (created, with its parents, if missing)."""
    path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
    tighten(path, PRIVATE_DIR)
    return path


def private_file(path: Path) -> Path:
    """``path`` as a file only its owner can read, created empty if missing, before anything is
    written to it (so its contents are never readable by others, not even for a moment)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, PRIVATE_FILE)
    os.close(fd)
    tighten(path, PRIVATE_FILE)
    return path
