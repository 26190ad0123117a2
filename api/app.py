"""The FastAPI application factory: ``create_app()``; nothing is built at import time.

``cadence serve`` runs ``api.app:create_app`` under uvicorn (factory mode). Tests call
``create_app(runtime)`` with a Runtime over their own database.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import Depends, FastAPI
from fastapi.concurrency import run_in_threadpool
from fastapi.staticfiles import StaticFiles
from starlette.middleware.trustedhost import TrustedHostMiddleware

from api import errors
from api.deps import limited_caller
from api.gate import AuthGate
from api.headers import SecurityHeadersMiddleware
from api.limits import BodyLimitMiddleware, RateLimiter, make_rate_limiter
from assistant.indexing import outbox_worker
from assistant.runtime import Runtime

_HERE = Path(__file__).parent


def create_app(
    runtime: Runtime | None = None,
    *,
    rate_limiter: RateLimiter | None = None,
    auth_limiter: RateLimiter | None = None,
    max_body_bytes: int | None = None,
) -> FastAPI:
    from api.routes import admin, ask, drafts, me, people, records
    from api.ui import views

    runtime = runtime or Runtime()
    settings = runtime.settings

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Writes only signal the worker; the drain runs here, off the request path.
        worker = app.state.index_worker
        if worker is not None:
            worker.start()
        if settings.public_vectors:  # built in the background; searches go as before meanwhile
            runtime.index.public.keep_fresh(runtime.engine)
        try:
            yield
        finally:
            if worker is not None:  # let the batch in hand finish, off the event loop
                await run_in_threadpool(worker.close)

    app = FastAPI(
        lifespan=lifespan,
        title="Cadence",
        version="1",
        summary="Grounded, cited coaching drafts over goals, feedback and 1:1s.",
        docs_url="/docs",
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.runtime = runtime
    app.state.index_worker = outbox_worker(runtime) if settings.index_in_process else None
    app.state.rate_limiter = rate_limiter or make_rate_limiter(
        settings.redis_url, settings.rate_limit_per_minute
    )
    app.state.auth_limiter = auth_limiter or make_rate_limiter(
        settings.redis_url, settings.auth_failures_per_minute, prefix="cadence:authfail"
    )
    errors.install(app)
    # Added innermost first: a request meets the host check, then the headers wrapper, then
    # authentication (before any body is read), then the body cap, then the app.
    if max_body_bytes is not None:
        app.add_middleware(BodyLimitMiddleware, max_bytes=max_body_bytes)
    else:
        app.add_middleware(BodyLimitMiddleware)
    app.add_middleware(AuthGate, runtime=runtime, failures=app.state.auth_limiter)
    app.add_middleware(SecurityHeadersMiddleware)
    # The Host header is never trusted into a link: requests for other hosts are refused.
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=settings.allowed_host_list)

    limited = [Depends(limited_caller)]
    for module in (records, me, ask, drafts, admin, people):
        app.include_router(module.router, prefix="/v1", dependencies=limited)
    app.include_router(views.router)
    app.state.html_error = views.html_error
    app.mount("/static", StaticFiles(directory=_HERE / "static"), name="static")

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return app
