"""Body cap, text caps, authentication before the body, and rate limits (in memory here; Redis
in integration)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.limits import MemoryRateLimiter, RateLimited
from tests.orgs.api_org import Org


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


def _post_streamed(app: Any, path: str, headers: dict[str, str], chunks: int) -> tuple[int, int]:
    """POST ``chunks`` MB to ``path`` straight through ASGI; returns (status, chunks the app
    pulled). The body is produced only as the app asks for it, as from a real socket."""
    pulled = 0

    async def receive() -> dict[str, Any]:
        nonlocal pulled
        pulled += 1
        more = pulled < chunks
        return {"type": "http.request", "body": b" " * 1_000_000, "more_body": more}

    statuses: list[int] = []

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            statuses.append(message["status"])

    raw = [(k.lower().encode(), v.encode()) for k, v in headers.items()]
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"localhost"), (b"content-type", b"application/json"), *raw],
        "client": ("127.0.0.1", 50000),
        "server": ("localhost", 80),
    }
    asyncio.run(app(scope, receive, send))
    return statuses[0], pulled


def test_import_is_refused_before_its_body_is_read(client: TestClient, org: Org) -> None:
    # 30 MB (under the import cap): unauthenticated, a bad token, a non-admin — none of them
    # costs the server a byte of the body.
    for headers, status in [
        ({}, 401),
        ({"Authorization": "Bearer cad_" + "x" * 43}, 401),
        (org.headers("dana"), 403),
    ]:
        assert _post_streamed(client.app, "/v1/import", headers, chunks=30) == (status, 0)
    # An admin's request is read (and this one is not JSON).
    status, pulled = _post_streamed(client.app, "/v1/import", org.headers("ada"), chunks=2)
    assert status == 422 and pulled == 2


def test_every_route_authenticates_before_reading(client: TestClient) -> None:
    for path in ("/v1/feedback", "/v1/drafts/agenda", "/feedback/new", "/me/reflection"):
        status, pulled = _post_streamed(client.app, path, {}, chunks=1)
        assert pulled == 0 and status in (401, 303), path


def test_failed_authentication_is_rate_limited(
    make_client: Callable[..., TestClient], org: Org
) -> None:
    client = make_client(auth_limiter=MemoryRateLimiter(3))
    bad = {"Authorization": "Bearer cad_" + "x" * 43}
    assert [client.get("/v1/me", headers=bad).status_code for _ in range(3)] == [401] * 3
    # Past the limit this address is not checked at all this minute, right token or not.
    resp = client.get("/v1/me", headers=org.headers("dana"))
    assert resp.status_code == 429 and int(resp.headers["retry-after"]) >= 1
    # Requests with no credential at all are not failures (nothing was checked).
    fresh = make_client(auth_limiter=MemoryRateLimiter(1))
    assert [fresh.get("/v1/me").status_code for _ in range(3)] == [401] * 3
    assert fresh.get("/v1/me", headers=org.headers("dana")).status_code == 200


def test_memory_limiter_check_does_not_count() -> None:
    limiter = MemoryRateLimiter(2, clock=lambda: 30.0)
    for _ in range(5):
        limiter.check("a")  # nothing counted yet
    limiter.hit("a")
    limiter.hit("a")
    with pytest.raises(RateLimited):
        limiter.check("a")
