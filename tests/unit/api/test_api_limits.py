"""Body cap, text caps and per-person rate limits (in memory here; Redis in integration)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from api_org import Org
from fastapi.testclient import TestClient

from api.limits import MemoryRateLimiter, RateLimited


def test_rate_limit_is_per_person(make_client: Callable[..., TestClient], org: Org) -> None:
    client = make_client(per_minute=3)
    for _ in range(3):
        assert client.get("/v1/me", headers=org.headers("dana")).status_code == 200
    resp = client.get("/v1/me", headers=org.headers("dana"))
    assert resp.status_code == 429
    assert resp.headers["content-type"] == "application/problem+json"
    assert 1 <= int(resp.headers["retry-after"]) <= 60
    # Someone else is not slowed down by Dana.
    assert client.get("/v1/me", headers=org.headers("eli")).status_code == 200


def test_memory_limiter_resets_each_minute() -> None:
    now = [120.0]
    limiter = MemoryRateLimiter(2, clock=lambda: now[0])
    limiter.hit("a")
    limiter.hit("a")
    with pytest.raises(RateLimited):
        limiter.hit("a")
    now[0] = 180.0
    limiter.hit("a")


def test_body_cap_by_content_length(make_client: Callable[..., TestClient], org: Org) -> None:
    client = make_client(max_body_bytes=1000)
    body = {"receiver_id": org.ids["dana"], "kind": "praise", "text": "y" * 2000}
    resp = client.post("/v1/feedback", json=body, headers=org.headers("eli"))
    assert resp.status_code == 413
    assert resp.headers["content-type"] == "application/problem+json"


def test_body_cap_while_streaming(make_client: Callable[..., TestClient], org: Org) -> None:
    client = make_client(max_body_bytes=1000)

    def chunks():  # type: ignore[no-untyped-def]  # no Content-Length: counted as it arrives
        yield b'{"receiver_id": 1, "kind": "praise", "text": "'
        for _ in range(20):
            yield b"z" * 100
        yield b'"}'

    resp = client.post(
        "/v1/feedback",
        content=chunks(),
        headers={**org.headers("eli"), "content-type": "application/json"},
    )
    assert resp.status_code == 413


def test_default_cap_allows_the_text_cap(client: TestClient, org: Org) -> None:
    body = {"receiver_id": org.ids["dana"], "kind": "praise", "text": "é" * 5000}
    assert client.post("/v1/feedback", json=body, headers=org.headers("eli")).status_code == 201
