"""Authentication and role checks before the application reads a request body (ASGI middleware).

FastAPI parses a route's body before it resolves the route's dependencies, so a dependency that
checks the caller runs only after a 32 MB bundle has been read and parsed. This gate runs first:
it resolves the caller from the headers alone (a bearer token for ``/v1``, the UI session cookie
for the web UI), answers 401 (API) or a redirect to /signin (UI) without touching the body, and
for routes with a role rule (bulk import) answers 403 the same way. The caller it found is left in
``scope["state"]`` so the route's ``CallerDep`` does not look it up again.

Failed authentication is rate-limited per client address: after ``CADENCE_AUTH_FAILURES_PER_MINUTE``
failures, further attempts from that address get 429 without being checked at all.
"""

from __future__ import annotations

from collections.abc import Callable

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from api.errors import ApiProblem, Unauthorized, to_problem
from api.limits import IMPORT_PATH, RateLimiter
from assistant import auth
from assistant.access import Caller, load_caller
from assistant.errors import AccessDenied, NotFound
from assistant.runtime import Runtime
from assistant.write_policy import may_import

SESSION_COOKIE = "cadence_session"
# Reachable without signing in: the sign-in page itself, static files, health and API docs.
PUBLIC_PREFIXES = ("/signin", "/static/", "/healthz", "/docs", "/openapi.json", "/favicon.ico")
# Paths whose role rule is checked before the body is read: (may the caller, the 403's message).
ROLE_GATES: dict[str, tuple[Callable[[Caller], bool], str]] = {
    IMPORT_PATH: (may_import, "bulk import is for admins"),
}


def is_api(path: str) -> bool:
    return path == "/v1" or path.startswith("/v1/")


def client_address(scope: Scope) -> str:
    """The client's address (behind a trusted proxy, uvicorn has already put the real one here)."""
    client = scope.get("client")
    return str(client[0]) if client else "unknown"


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return None


def credential(request: Request) -> str | None:
    """What the request authenticates with: a bearer token on the API, the session cookie on
    the web UI. The UI's cookie is not an API credential, and a token is not a UI session."""
    if is_api(request.url.path):
        return bearer_token(request)
    return request.cookies.get(SESSION_COOKIE) or None


def authenticate(runtime: Runtime, request: Request) -> Caller | None:
    """The caller behind the request's credential, or None (unknown, revoked, expired, inactive)."""
    secret = credential(request)
    if not secret:
        return None
    with runtime.sessions() as session:
        if is_api(request.url.path):
            person = auth.verify_token(session, secret)
        else:
            person = auth.verify_session(session, secret)
        if person is None:
            return None
        try:
            return load_caller(session, person.id)
        except NotFound:
            return None


class AuthGate:
    def __init__(self, app: ASGIApp, runtime: Runtime, failures: RateLimiter):
        self.app, self.runtime, self.failures = app, runtime, failures

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or path.startswith(PUBLIC_PREFIXES):
            await self.app(scope, receive, send)
            return
        request = Request(scope)  # headers and cookies only; the body stays unread
        try:
            response = await self._refusal(request, scope)
        except Exception as exc:  # a busy database is a 503, like anywhere else
            response = to_problem(exc)
        if response is not None:
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)

    async def _refusal(self, request: Request, scope: Scope) -> Response | None:
        """None when the request may go on (with its caller in the scope's state)."""
        address = f"authfail:{client_address(scope)}"
        api = is_api(request.url.path)
        presented = credential(request) is not None
        if presented:
            try:
                self.failures.check(address)
            except ApiProblem as exc:
                return to_problem(exc)
        caller = await run_in_threadpool(authenticate, self.runtime, request)
        if caller is None:
            if presented:
                try:
                    self.failures.hit(address)
                except ApiProblem as exc:
                    return to_problem(exc)
            if api:
                return to_problem(Unauthorized() if not presented else _bad_token())
            response = RedirectResponse("/signin", status_code=303)
            if presented:  # an expired or revoked session: drop the stale cookie
                response.delete_cookie(SESSION_COOKIE, path="/")
            return response
        rule = ROLE_GATES.get(request.url.path)
        if rule is not None and request.method == "POST" and not rule[0](caller):
            return to_problem(AccessDenied(rule[1]))
        scope.setdefault("state", {})["caller"] = caller
        return None


def _bad_token() -> Unauthorized:
    return Unauthorized("The token is unknown, revoked, expired, or its owner is inactive.")
