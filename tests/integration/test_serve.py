"""`cadence serve` as a real process on 127.0.0.1: health, auth, a write, and a problem+json."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from live_server import free_port, start_server, stop_server

from assistant import auth
from assistant.db import transaction
from assistant.models import Person
from assistant.runtime import Runtime
from assistant.settings import Settings

pytestmark = pytest.mark.integration


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, str]]:
    runtime = Runtime(Settings(data_dir=tmp_path, environment="test"))
    with transaction(runtime.sessions) as session:
        boss = Person(external_id="b", name="Bo Boss", email="bo@example.com")
        session.add(boss)
        session.flush()
        session.add(
            Person(external_id="r", name="Ria Report", email="ria@example.com", manager_id=boss.id)
        )
        session.flush()
        token = auth.create_token(session, "bo@example.com", "serve-test")[1]
    runtime.close()
    port = free_port()
    proc = start_server(tmp_path, port)
    try:
        yield f"http://127.0.0.1:{port}", token
    finally:
        stop_server(proc)


def test_live_server(served: tuple[str, str]) -> None:
    base, token = served
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=base, timeout=30) as client:
        assert client.get("/v1/me").status_code == 401
        me = client.get("/v1/me", headers=headers)
        assert me.status_code == 200 and me.json()["email"] == "bo@example.com"
        ria = me.json()["direct_reports"][0]
        created = client.post(
            "/v1/feedback",
            headers=headers,
            json={"receiver_id": ria, "kind": "praise", "text": "Lovely demo today."},
        )
        assert created.status_code == 201, created.text
        listed = client.get("/v1/feedback", headers=headers).json()
        assert [f["id"] for f in listed["items"]] == [created.json()["id"]]
        bad = client.post("/v1/feedback", headers=headers, json={"receiver_id": ria})
        assert bad.status_code == 422
        assert bad.headers["content-type"] == "application/problem+json"
        assert client.get("/docs").status_code == 200
        assert "/v1/drafts/{task}" in client.get("/openapi.json").json()["paths"]
