"""What Cadence writes is private to its owner: data dir 0700; database, journal, exports 0600."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.exporter import export_bundle, write_bundle
from assistant.models import Person
from assistant.runtime import Runtime
from assistant.settings import Settings


@pytest.fixture(autouse=True)
def _permissive_umask() -> Iterator[None]:
    old = os.umask(0o022)  # the usual default: without care, files come out world-readable
    yield
    os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _write_something(runtime: Runtime) -> None:
    with runtime.sessions() as session:
        session.add(Person(external_id="p", name="Pat", email="pat@example.com"))
        session.commit()


def test_data_dir_database_and_journal_are_private(tmp_path: Path) -> None:
    data = tmp_path / "data"
    runtime = Runtime(Settings(data_dir=data, environment="test"))
    _write_something(runtime)
    db = data / "cadence.db"
    assert _mode(data) == 0o700
    assert _mode(db) == 0o600
    assert (data / "cadence.db-wal").exists() and _mode(data / "cadence.db-wal") == 0o600
    runtime.close()


def test_existing_loose_files_are_tightened(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    (data / "cadence.db").touch(mode=0o644)
    (data / "cadence.db").chmod(0o644)
    data.chmod(0o755)
    runtime = Runtime(Settings(data_dir=data, environment="test"))
    _write_something(runtime)
    assert _mode(data) == 0o700 and _mode(data / "cadence.db") == 0o600
    runtime.close()


def test_exports_are_private(runtime: Runtime, tmp_path: Path) -> None:
    _write_something(runtime)
    bundle = export_bundle(runtime.sessions)
    as_json = tmp_path / "out" / "org.json"
    write_bundle(bundle, as_json)
    assert _mode(as_json) == 0o600 and "pat@example.com" in as_json.read_text()
    as_csv = tmp_path / "csv"
    write_bundle(bundle, as_csv)
    assert _mode(as_csv) == 0o700
    files = list(as_csv.glob("*.csv"))
    assert files and all(_mode(f) == 0o600 for f in files)
