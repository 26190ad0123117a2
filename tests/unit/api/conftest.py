"""Fixtures for the API tests: the organisation of api_org.py and TestClients over create_app."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.deps import get_index_sync
from api.limits import MemoryRateLimiter
from assistant.runtime import Runtime
from assistant.settings import Settings
from tests.orgs.api_org import Org, seed_org


@pytest.fixture
def settings(tmp_path: Path, db_url: str) -> Settings:
    # The organisation of api_org.py lives in 2026-Q1; the server works as of a day inside it,
    # whatever the calendar says.
    return Settings(
        data_dir=tmp_path / "data",
        database_url=db_url,
        environment="test",
        today=dt.date(2026, 2, 16),
    )


@pytest.fixture
def org(runtime: Runtime) -> Org:
    return seed_org(runtime)


@pytest.fixture
def make_client(org: Org) -> Iterator[Callable[..., TestClient]]:
    clients: list[TestClient] = []

    def make(per_minute: int = 10_000, **kwargs: object) -> TestClient:
        app = create_app(org.runtime, rate_limiter=MemoryRateLimiter(per_minute), **kwargs)  # type: ignore[arg-type]
        app.dependency_overrides[get_index_sync] = lambda: lambda: org.synced.append(1)
        # "localhost" is in the default host allow-list (TestClient would send "testserver").
        client = TestClient(app, base_url="http://localhost", raise_server_exceptions=False)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def client(make_client: Callable[..., TestClient]) -> TestClient:
    return make_client()
