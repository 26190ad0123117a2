"""Typed dependency aliases. Tests swap any of them through ``app.dependency_overrides``.

``RuntimeDep`` is the app's :class:`Runtime`; ``SessionDep`` one ORM session per request;
``CallerDep`` the authenticated person with their access scope (a bearer token on /v1, the web
UI's session cookie on its pages; see api/gate.py); ``LimitedCallerDep`` the same after counting
the request against their rate limit.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from api.errors import Unauthorized
from api.gate import authenticate
from api.limits import RateLimiter
from assistant import clock
from assistant.access import Caller
from assistant.errors import RuntimeFailure
from assistant.runtime import Runtime

log = logging.getLogger("cadence.api")


def get_runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


def get_today(runtime: RuntimeDep) -> dt.date:
    """The date the server works as of (CADENCE_TODAY, else the real date)."""
    return clock.today(runtime.settings)


TodayDep = Annotated[dt.date, Depends(get_today)]


def get_session(runtime: RuntimeDep) -> Iterator[Session]:
    with runtime.sessions() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]


def get_caller(request: Request, runtime: RuntimeDep) -> Caller:
    """The caller :class:`api.gate.AuthGate` resolved before the body was read.

    Resolving again here covers an app mounted without the gate; the auth lookup uses its own
    short session, so a route that opens its own sessions (drafts) never holds two connections.
    """
    caller: Caller | None = getattr(request.state, "caller", None)
    if caller is None:
        caller = authenticate(runtime, request)
    if caller is None:
        raise Unauthorized()
    return caller


CallerDep = Annotated[Caller, Depends(get_caller)]


def get_rate_limiter(request: Request) -> RateLimiter:
    limiter: RateLimiter = request.app.state.rate_limiter
    return limiter


def limited_caller(
    caller: CallerDep, limiter: Annotated[RateLimiter, Depends(get_rate_limiter)]
) -> Caller:
    limiter.hit(f"p{caller.id}")
    return caller


LimitedCallerDep = Annotated[Caller, Depends(limited_caller)]


def get_index_sync(runtime: RuntimeDep) -> Callable[[], None]:
    """After a committed write: drain the outbox into the vector index.

    The change and its outbox row are already committed, so a failing index only delays search;
    the next sync (``cadence index`` or the next write) catches up. Hence a warning, not a 503.
    """

    def sync() -> None:
        from assistant.indexing import sync_now

        try:
            sync_now(runtime)
        except RuntimeFailure:
            log.warning("index sync after a write failed; the outbox keeps it", exc_info=True)

    return sync


IndexSyncDep = Annotated[Callable[[], None], Depends(get_index_sync)]
