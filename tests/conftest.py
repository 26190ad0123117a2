"""Fixtures shared by unit and integration tests.

``db_url`` is parametrised over SQLite and PostgreSQL: the same storage tests run on both. Each
test gets a throwaway database, so tests (and parallel runs) never see each other's rows; it is a
copy of one migrated once per session (``empty_db_url`` is one with no schema, for the tests of
migrating).
Where no PostgreSQL is reachable the PostgreSQL variants skip, except under ``CI=true``.
"""

from __future__ import annotations

import os
import shutil
import sys
import uuid

# One BLAS thread per process: on two cores shared by the tests and the background eval worker,
# OpenBLAS's threads spin waiting for each other (training the theme head took 20 s with them,
# 2.7 s without). Set before anything imports numpy; `make test` sets it for the plugins too.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

# pytest puts each test file's folder on sys.path; from tests/unit, the folders that mirror the
# source (tests/unit/retrieval, .../prompts) would shadow the real packages as empty namespace
# packages for a test file that imports them first. Import the real ones before any test does.
import api  # noqa: F401
import evals  # noqa: F401
import prompts  # noqa: F401
import retrieval  # noqa: F401
from assistant.cli import main
from assistant.db import make_engine
from assistant.runtime import Runtime
from assistant.settings import Settings, get_settings

PG_ADMIN_URL = os.environ.get(
    "CADENCE_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


_TEST_SWITCHES = frozenset({"CADENCE_TEST_PG_URL", "CADENCE_UPDATE_GOLDEN"})


@pytest.fixture(autouse=True)
def _hermetic_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test may reach a real model or read the developer's configuration."""
    for name in list(os.environ):
        # The test suite's own switches stay: where PostgreSQL is, and whether golden files
        # are rewritten (CADENCE_UPDATE_GOLDEN=1) instead of compared.
        if name.startswith(("CADENCE_", "OPENAI_")) and name not in _TEST_SWITCHES:
            monkeypatch.delenv(name, raising=False)


def _pg_available() -> str | None:
    try:
        engine = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text("select 1"))
        engine.dispose()
        return None
    except Exception as exc:
        return f"PostgreSQL not reachable at {PG_ADMIN_URL}: {exc.__class__.__name__}"


@pytest.fixture(scope="session")
def pg_admin() -> Iterator[str]:
    reason = _pg_available()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(reason + " (CI=true requires PostgreSQL)")
        pytest.skip(reason)
    yield PG_ADMIN_URL


def _create_database(admin_url: str, template: str | None = None) -> str:
    name = f"cadence_t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        # A copy of a template file by file: no WAL record of every page, which made
        # CREATE DATABASE take half a second here; safe because nothing is connected to it.
        copy = f' TEMPLATE "{template}" STRATEGY FILE_COPY' if template else ""
        conn.execute(text(f'CREATE DATABASE "{name}"{copy}'))
    admin.dispose()
    return name


def _drop_database(admin_url: str, name: str) -> None:
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _url_of(admin_url: str, name: str) -> str:
    return admin_url.rsplit("/", 1)[0] + f"/{name}"


@pytest.fixture(scope="session")
def pg_template(pg_admin: str) -> Iterator[str]:
    """A PostgreSQL database migrated to head once per session, copied for each test: creating
    and migrating a database per test cost about a second each, over hundreds of tests."""
    name = _create_database(pg_admin)
    make_engine(_url_of(pg_admin, name)).dispose()  # a template must have no connection open
    yield name
    _drop_database(pg_admin, name)


@pytest.fixture
def pg_url(pg_admin: str, pg_template: str) -> Iterator[str]:
    """A throwaway PostgreSQL database of this test's own, its schema already at head."""
    name = _create_database(pg_admin, template=pg_template)
    try:
        yield _url_of(pg_admin, name)
    finally:
        _drop_database(pg_admin, name)


@pytest.fixture
def empty_pg_url(pg_admin: str) -> Iterator[str]:
    """A throwaway PostgreSQL database with no schema at all, for the tests of migrating one."""
    name = _create_database(pg_admin)
    try:
        yield _url_of(pg_admin, name)
    finally:
        _drop_database(pg_admin, name)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated to head once per session, copied for each test."""
    path = tmp_path_factory.mktemp("sqlite-template") / "cadence.db"
    make_engine(f"sqlite:///{path}").dispose()  # the last connection's close folds the WAL in
    return path


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database of this test's own, its schema already at head, on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        path = tmp_path / "cadence.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        path.chmod(0o600)
        return f"sqlite:///{path}"
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database with no schema yet, on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'cadence.db'}"
    return str(request.getfixturevalue("empty_pg_url"))


@pytest.fixture
def settings(tmp_path: Path, db_url: str) -> Settings:
    # No background snapshot of the public vectors: a test opts in (tests/unit/retrieval).
    return Settings(
        data_dir=tmp_path / "data", database_url=db_url, environment="test", public_vectors=False
    )


@pytest.fixture
def runtime(settings: Settings) -> Iterator[Runtime]:
    rt = Runtime(settings)
    yield rt
    rt.close()


CadenceRun = Callable[..., tuple[int, str, str]]


@pytest.fixture
def run_cadence(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Iterator[CadenceRun]:
    """``cadence ARGS...`` in-process, as (exit code, stdout, stderr). Set ``CADENCE_*`` with
    monkeypatch before the first run: settings are read afresh for this test."""
    monkeypatch.setenv("COLUMNS", "200")
    get_settings.cache_clear()

    def run(*args: str) -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "argv", ["cadence", *args])
        with pytest.raises(SystemExit) as exited:
            main()
        got = capsys.readouterr()
        return int(exited.value.code or 0), got.out, got.err

    yield run
    get_settings.cache_clear()
