"""Request limits: a body-size cap (ASGI middleware) and rate limits.

Rate limits are a fixed one-minute window per key: per person for the API and the web UI, and per
client address for failed authentication (bad tokens, bad sign-ins). The in-memory limiter serves
one process; with ``CADENCE_REDIS_URL`` set the counter lives in Redis so every worker shares it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any, Protocol

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import ApiProblem, to_problem

MAX_BODY_BYTES = 256 * 1024
# A whole organisation's bundle is legitimately bigger than any single record.
MAX_IMPORT_BODY_BYTES = 32 * 1024 * 1024
IMPORT_PATH = "/v1/import"


class RateLimited(ApiProblem):
    def __init__(self, retry_after: int):
        super().__init__(
            429,
            "Too many requests",
            f"Rate limit reached; retry in {retry_after}s.",
            {"Retry-After": str(retry_after)},
        )


class BodyTooLarge(ApiProblem):
    def __init__(self, cap: int):
        super().__init__(413, "Request body too large", f"The limit is {cap} bytes.")


class RateLimiter(Protocol):
    def hit(self, key: str) -> None:
        """Count one request for ``key``; raise :class:`RateLimited` when over the limit."""

    def check(self, key: str) -> None:
        """Raise :class:`RateLimited` if ``key`` has used up this window, without counting."""


class MemoryRateLimiter:
    def __init__(self, per_minute: int, clock: Callable[[], float] = time.time):
        self.per_minute, self._clock = per_minute, clock
        self._counts: dict[tuple[str, int], int] = {}
        self._lock = threading.Lock()

    def hit(self, key: str) -> None:
        now = self._clock()
        window = int(now // 60)
        with self._lock:
            if len(self._counts) > 10_000:  # drop past windows so memory stays bounded
                self._counts = {k: v for k, v in self._counts.items() if k[1] == window}
            count = self._counts.get((key, window), 0) + 1
            self._counts[(key, window)] = count
        if count > self.per_minute:
            raise RateLimited(max(1, 60 - int(now % 60)))

    def check(self, key: str) -> None:
        now = self._clock()
        with self._lock:
            count = self._counts.get((key, int(now // 60)), 0)
        if count >= self.per_minute:
            raise RateLimited(max(1, 60 - int(now % 60)))


class RedisRateLimiter:
    def __init__(
        self,
        client: Any,
        per_minute: int,
        clock: Callable[[], float] = time.time,
        prefix: str = "cadence:rl",
    ):
        self.client, self.per_minute, self._clock, self.prefix = client, per_minute, clock, prefix

    def hit(self, key: str) -> None:
        now = self._clock()
        rkey = f"{self.prefix}:{key}:{int(now // 60)}"
        pipe = self.client.pipeline()
        pipe.incr(rkey)
        pipe.expire(rkey, 120)
        count = int(pipe.execute()[0])
        if count > self.per_minute:
            raise RateLimited(max(1, 60 - int(now % 60)))

    def check(self, key: str) -> None:
        now = self._clock()
        count = int(self.client.get(f"{self.prefix}:{key}:{int(now // 60)}") or 0)
        if count >= self.per_minute:
            raise RateLimited(max(1, 60 - int(now % 60)))


def make_rate_limiter(
    redis_url: str | None, per_minute: int, prefix: str = "cadence:rl"
) -> RateLimiter:
    if redis_url:
        import redis

        client = redis.Redis.from_url(redis_url, socket_timeout=2, socket_connect_timeout=2)
        return RedisRateLimiter(client, per_minute, prefix=prefix)
    return MemoryRateLimiter(per_minute)


class BodyLimitMiddleware:
    """Refuse bodies over the cap, by Content-Length up front and by counting while streaming."""

    def __init__(
        self,
        app: ASGIApp,
        max_bytes: int = MAX_BODY_BYTES,
        import_max_bytes: int = MAX_IMPORT_BODY_BYTES,
    ):
        self.app, self.max_bytes, self.import_max_bytes = app, max_bytes, import_max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cap = self.import_max_bytes if scope["path"] == IMPORT_PATH else self.max_bytes
        for name, value in scope.get("headers", []):
            if name == b"content-length" and value.isdigit() and int(value) > cap:
                await to_problem(BodyTooLarge(cap))(scope, receive, send)
                return
        seen = 0
        started = responded = False

        async def limited_receive() -> Message:
            nonlocal seen, responded
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > cap and not started and not responded:
                    # Answer now and tell the app the client left, so it stops reading; the
                    # app's own error about the disconnect is swallowed below.
                    responded = True
                    await to_problem(BodyTooLarge(cap))(scope, receive, send)
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if responded:
                return
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, guarded_send)
        except Exception:
            if not responded:
                raise
