"""The web UI's sign-in: a token pasted once opens a server-side session; forms carry CSRF tokens.

Signing in checks the token and opens a :class:`~assistant.models.UiSession`: the cookie holds the
session's own secret (HttpOnly, SameSite=Strict, Secure over HTTPS), never the API token, and the
session ends on sign-out or after ``CADENCE_SESSION_HOURS``. The CSRF token is an HMAC of the
session secret's hash under the server's secret key: stable for the session, useless without the
cookie, checked on every POST. The sign-in form has its own (login CSRF): an HMAC of a random
nonce kept in a short-lived cookie, so another site cannot sign a browser into its account.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Annotated

from fastapi import Depends, Form, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from api.deps import RuntimeDep, get_rate_limiter
from api.errors import Unauthorized
from api.gate import SESSION_COOKIE, authenticate
from api.limits import RateLimiter
from assistant import auth
from assistant.access import Caller
from assistant.errors import AccessDenied

SIGNIN_COOKIE = "cadence_signin"
SIGNIN_MAX_AGE = 3600


class SignInRequired(Unauthorized):
    """No valid session cookie: the UI answers with a redirect to /signin."""


def _hmac(secret: str, purpose: str, value: str) -> str:
    message = f"{purpose}:{auth.hash_token(value)}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def csrf_token(secret: str, session_secret: str) -> str:
    return _hmac(secret, "csrf", session_secret)


def signin_token(secret: str, nonce: str) -> str:
    return _hmac(secret, "signin", nonce)


def caller_from_cookie(request: Request) -> Caller | None:
    caller: Caller | None = getattr(request.state, "caller", None)
    if caller is not None:
        return caller
    if not request.cookies.get(SESSION_COOKIE):
        return None
    return authenticate(request.app.state.runtime, request)


def ui_caller(
    request: Request, limiter: Annotated[RateLimiter, Depends(get_rate_limiter)]
) -> Caller:
    caller = caller_from_cookie(request)
    if caller is None:
        raise SignInRequired()
    limiter.hit(f"ui{caller.id}")
    return caller


UiCallerDep = Annotated[Caller, Depends(ui_caller)]


def check_csrf(request: Request, runtime: RuntimeDep, csrf: Annotated[str, Form()] = "") -> None:
    token = request.cookies.get(SESSION_COOKIE, "")
    expected = csrf_token(runtime.settings.secret_key, token)
    if not token or not hmac.compare_digest(csrf, expected):
        raise AccessDenied("the form expired or did not come from this site; reload and retry")


CsrfDep = Depends(check_csrf)


def _cookie(response: Response, request: Request, name: str, value: str, max_age: int) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        httponly=True,
        samesite="strict",
        # Behind a TLS proxy the scheme is https once uvicorn trusts its X-Forwarded-Proto
        # (CADENCE_FORWARDED_ALLOW_IPS), so the cookie is Secure there too.
        secure=request.url.scheme == "https",
        path="/",
    )


def signin_form_token(request: Request) -> tuple[str, str]:
    """(nonce for the sign-in cookie, token for the sign-in form)."""
    nonce = secrets.token_urlsafe(24)
    return nonce, signin_token(request.app.state.runtime.settings.secret_key, nonce)


def set_signin_cookie(request: Request, response: Response, nonce: str) -> None:
    _cookie(response, request, SIGNIN_COOKIE, nonce, SIGNIN_MAX_AGE)


def check_signin_csrf(request: Request, csrf: str) -> bool:
    nonce = request.cookies.get(SIGNIN_COOKIE, "")
    expected = signin_token(request.app.state.runtime.settings.secret_key, nonce)
    return bool(nonce) and hmac.compare_digest(csrf, expected)


def start_session(
    session: Session, request: Request, response: Response, person_id: int, hours: float
) -> None:
    _row, secret = auth.open_session(session, person_id, hours)
    _cookie(response, request, SESSION_COOKIE, secret, int(hours * 3600))
    response.delete_cookie(SIGNIN_COOKIE, path="/")


def end_session(session: Session, request: Request, response: Response) -> None:
    auth.close_session(session, request.cookies.get(SESSION_COOKIE, ""))
    response.delete_cookie(SESSION_COOKIE, path="/")
