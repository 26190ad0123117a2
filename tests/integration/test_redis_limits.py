"""The Redis rate limiter against the real server at 127.0.0.1:6379, shared across app instances."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import redis

from api.limits import RateLimited, RedisRateLimiter, make_rate_limiter

pytestmark = pytest.mark.integration
REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture
def client() -> Iterator[Any]:
    conn = redis.Redis.from_url(REDIS_URL)
    conn.ping()
    yield conn
    conn.close()


def test_redis_limiter_counts_across_instances(client: Any) -> None:
    prefix = f"cadence:test:{uuid.uuid4().hex}"
    now = [600.0]
    a = RedisRateLimiter(client, 3, clock=lambda: now[0], prefix=prefix)
    b = RedisRateLimiter(client, 3, clock=lambda: now[0], prefix=prefix)
    a.hit("p1")
    b.hit("p1")
    a.hit("p1")
    with pytest.raises(RateLimited):
        b.hit("p1")  # the second worker sees the first worker's count
    b.hit("p2")  # per person
    with pytest.raises(RateLimited):
        b.check("p1")  # used up: checking alone (failed-auth gate) refuses, counting nothing
    a.check("p2")
    assert 0 < client.ttl(f"{prefix}:p1:10") <= 120  # windows expire on their own
    now[0] = 660.0
    a.hit("p1")  # a new minute
    client.delete(*client.keys(f"{prefix}:*"))


def test_factory_picks_redis_when_configured() -> None:
    limiter = make_rate_limiter(REDIS_URL, 5)
    assert isinstance(limiter, RedisRateLimiter)
    limiter.client.close()
    assert not isinstance(make_rate_limiter(None, 5), RedisRateLimiter)


def test_api_uses_redis_from_settings(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from fastapi.testclient import TestClient

    from api.app import create_app
    from assistant import auth
    from assistant.db import transaction
    from assistant.models import Person
    from assistant.runtime import Runtime
    from assistant.settings import Settings

    settings = Settings(
        data_dir=tmp_path, environment="test", redis_url=REDIS_URL, rate_limit_per_minute=2
    )
    runtime = Runtime(settings)
    with transaction(runtime.sessions) as session:
        session.add(Person(external_id="r", name="Rae", email="rae@example.com"))
        session.flush()
        headers = {"Authorization": f"Bearer {auth.create_token(session, 'rae@example.com')[1]}"}
    app = create_app(runtime)
    assert isinstance(app.state.rate_limiter, RedisRateLimiter)
    assert isinstance(app.state.auth_limiter, RedisRateLimiter)
    app.state.rate_limiter.prefix = f"cadence:test:{uuid.uuid4().hex}"
    with TestClient(app, base_url="http://localhost") as client:
        codes = [client.get("/v1/me", headers=headers).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    runtime.close()
