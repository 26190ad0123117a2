"""Typed dependency aliases. Tests swap any of them through ``app.dependency_overrides``.

``RuntimeDep`` is the app's :class:`Runtime`; ``SessionDep`` one ORM session per request;
``CallerDep`` the authenticated person with their access scope (a bearer token on /v1, the web
UI's session cookie on its pages; see api/gate.py); ``LimitedCallerDep`` the same after counting
the request against their rate limit.

Dependencies that only read the app's or the request's state are ``async``: FastAPI runs a plain
``def`` dependency in its thread pool, and under 50 concurrent clients those hops (four per
request before) queued behind the routes' database work for the pool's threads. Anything that
blocks (the database, Redis) still runs there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from api.errors import Unauthorized
from api.gate import authenticate
from api.limits import MemoryRateLimiter, RateLimiter
from assistant import clock
from assistant.access import Caller
from assistant.runtime import Runtime


async def get_runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


async def get_today(runtime: RuntimeDep) -> dt.date:
    """The date the server works as of (CADENCE_TODAY, else the real date)."""
    return clock.today(runtime.settings)


TodayDep = Annotated[dt.date, Depends(get_today)]


def get_session(runtime: RuntimeDep) -> Iterator[Session]:
    with runtime.sessions() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]


async def get_caller(request: Request, runtime: RuntimeDep) -> Caller:
    """The caller :class:`api.gate.AuthGate` resolved before the body was read.

    Resolving again here covers an app mounted without the gate; the auth lookup uses its own
    short session, so a route that opens its own sessions (drafts) never holds two connections.
    """
    caller: Caller | None = getattr(request.state, "caller", None)
    if caller is None:
        caller = await run_in_threadpool(authenticate, runtime, request)
    if caller is None:
        raise Unauthorized()
    return caller


CallerDep = Annotated[Caller, Depends(get_caller)]


async def get_rate_limiter(request: Request) -> RateLimiter:
    limiter: RateLimiter = request.app.state.rate_limiter
    return limiter


async def limited_caller(
    caller: CallerDep, limiter: Annotated[RateLimiter, Depends(get_rate_limiter)]
) -> Caller:
    if isinstance(limiter, MemoryRateLimiter):
        limiter.hit(f"p{caller.id}")  # a dict under a lock: no need to leave the event loop
    else:  # a network round trip (Redis)
        await run_in_threadpool(limiter.hit, f"p{caller.id}")
    return caller


LimitedCallerDep = Annotated[Caller, Depends(limited_caller)]


async def get_index_sync(request: Request) -> Callable[[], None]:
    """After a committed write: tell the app's index worker there is something to drain.

    The write does not wait for the index: the change and its outbox row are committed, and the
    worker (a thread of this process, or ``cadence worker`` processes when
    ``CADENCE_INDEX_IN_PROCESS`` is off) makes it searchable shortly after."""
    worker = getattr(request.app.state, "index_worker", None)
    if worker is None:
        return _nothing
    notify: Callable[[], None] = worker.notify
    return notify


def _nothing() -> None:
    """No worker in this process: the polling workers elsewhere find the row."""


IndexSyncDep = Annotated[Callable[[], None], Depends(get_index_sync)]
