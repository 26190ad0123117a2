"""Errors as ``application/problem+json`` (RFC 9457), mapped in one place.

The mapping follows assistant/errors.py's tree: a user's mistake is a 4xx with a message they can
act on; a runtime failure is a 503; the server's own configuration is a 500 whose message goes to
the log only; anything unplanned is a bare 500 that names nothing internal.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy.exc import OperationalError as SAOperationalError
from sqlalchemy.exc import TimeoutError as SATimeoutError
from starlette.exceptions import HTTPException as StarletteHTTPException

from assistant.errors import (
    AccessDenied,
    CadenceError,
    ConfigError,
    GroupTooSmall,
    NotFound,
    RuntimeFailure,
    UserError,
    ValidationFailed,
)

PROBLEM_JSON = "application/problem+json"
log = logging.getLogger("cadence.api")


class ApiProblem(Exception):
    """A problem only the HTTP layer knows about: no credentials, too big, too fast."""

    def __init__(
        self, status: int, title: str, detail: str = "", headers: dict[str, str] | None = None
    ):
        super().__init__(detail or title)
        self.status, self.title, self.detail, self.headers = status, title, detail, headers or {}


class Unauthorized(ApiProblem):
    def __init__(self, detail: str = "Send a valid bearer token: Authorization: Bearer <token>."):
        super().__init__(401, "Not authenticated", detail, {"WWW-Authenticate": "Bearer"})


# (exception class, status, title); the first match wins, so subclasses come first.
_MAPPING: list[tuple[type[Exception], int, str]] = [
    (ValidationFailed, 422, "Invalid input"),
    (NotFound, 404, "Not found"),
    (AccessDenied, 403, "Forbidden"),
    (GroupTooSmall, 422, "Group below the anonymity threshold"),
    (UserError, 400, "Bad request"),
    (ConfigError, 500, "Server misconfigured"),
    (RuntimeFailure, 503, "Temporarily unavailable"),
]


def problem(
    status: int,
    title: str,
    detail: str = "",
    *,
    errors: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    if errors is not None:
        body["errors"] = errors
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def _field_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    out = []
    for err in exc.errors():
        loc = [str(p) for p in err.get("loc", ())]
        out.append(
            {
                "field": ".".join(loc[1:]) or loc[0] if loc else "",
                "in": loc[0] if loc else "",
                "reason": str(err.get("msg", "invalid")),
            }
        )
    return out


def to_problem(exc: Exception) -> JSONResponse:
    """The one mapping from any exception to the response the client sees."""
    if isinstance(exc, ApiProblem):
        return problem(exc.status, exc.title, exc.detail, headers=exc.headers)
    if isinstance(exc, RequestValidationError):
        return problem(
            422, "Invalid input", "The request failed validation.", errors=_field_errors(exc)
        )
    if isinstance(exc, StarletteHTTPException):
        title = {404: "Not found", 405: "Method not allowed"}.get(exc.status_code, "HTTP error")
        return problem(exc.status_code, title, str(exc.detail) if exc.status_code < 500 else "")
    for cls, status, title in _MAPPING:
        if isinstance(exc, cls):
            if isinstance(exc, ValidationFailed):
                errors = [
                    {"field": p.field, "where": p.where, "reason": p.reason} for p in exc.problems
                ]
                return problem(status, title, str(exc), errors=errors)
            if isinstance(exc, ConfigError):
                # The operator's to fix, and the message may name keys, URLs or paths: the log
                # gets it, the client only learns that the server is at fault.
                log.error("configuration problem: %s", exc)
                return problem(status, title, "The server is misconfigured; its log says how.")
            if isinstance(exc, RuntimeFailure):
                # Say what kind of failure, not the stack it came from.
                return problem(
                    status,
                    title,
                    "A dependency failed; try again shortly.",
                    headers={"Retry-After": "5"},
                )
            return problem(status, title, str(exc))
    if isinstance(exc, SATimeoutError | SAOperationalError):
        # Pool exhausted or database unreachable/locked: overload, not a bug; clients may retry.
        log.warning("database unavailable: %s", exc.__class__.__name__)
        return problem(
            503,
            "Temporarily unavailable",
            "The database is busy; try again shortly.",
            headers={"Retry-After": "5"},
        )
    log.exception("unhandled error", exc_info=exc)
    return problem(500, "Internal error", "Something went wrong on our side.")


def _is_api(request: Request) -> bool:
    return request.url.path.startswith(("/v1/", "/openapi", "/docs")) or request.url.path == "/v1"


async def _handle(request: Request, exc: Exception) -> Response:
    response = to_problem(exc)
    html = getattr(request.app.state, "html_error", None)
    if html is None or _is_api(request):
        return response
    # The web UI gets the same status and title as a page, not JSON.
    if response.status_code == 401:
        return RedirectResponse("/signin", status_code=303)
    body = json.loads(bytes(response.body))
    detail = body.get("detail", "") if response.status_code < 500 else ""
    if isinstance(exc, ValidationFailed):
        detail = "; ".join(f"{p.field}: {p.reason}" for p in exc.problems)
    page: Response = html(request, response.status_code, body["title"], detail)
    return page


def install(app: FastAPI) -> None:
    for cls in (
        ApiProblem,
        RequestValidationError,
        StarletteHTTPException,
        CadenceError,
        Exception,
    ):
        app.add_exception_handler(cls, _handle)
