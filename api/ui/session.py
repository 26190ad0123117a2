"""The web UI's sign-in: a token pasted once becomes an HttpOnly cookie; forms carry a CSRF token.

The cookie holds the API token itself (already a high-entropy secret checked against its hash), so
revoking the token signs the browser out too. The CSRF token is an HMAC of the token's hash under
the server's secret key: stable for the session, useless without the cookie, checked on every POST.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Annotated

from fastapi import Depends, Form, Request
from sqlalchemy.orm import Session

from api.deps import SESSION_COOKIE, RuntimeDep, SessionDep
from api.errors import Unauthorized
from assistant import auth
from assistant.access import Caller, load_caller
from assistant.errors import AccessDenied

COOKIE_MAX_AGE = 8 * 3600


class SignInRequired(Unauthorized):
    """No valid session cookie: the UI answers with a redirect to /signin."""


def csrf_token(secret: str, token: str) -> str:
    digest = auth.hash_token(token)
    return hmac.new(secret.encode(), f"csrf:{digest}".encode(), hashlib.sha256).hexdigest()


def caller_from_cookie(request: Request, session: Session) -> Caller | None:
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    person = auth.verify_token(session, token)
    return None if person is None else load_caller(session, person.id)


def ui_caller(request: Request, session: SessionDep) -> Caller:
    caller = caller_from_cookie(request, session)
    if caller is None:
        raise SignInRequired()
    return caller


UiCallerDep = Annotated[Caller, Depends(ui_caller)]


def check_csrf(request: Request, runtime: RuntimeDep, csrf: Annotated[str, Form()] = "") -> None:
    token = request.cookies.get(SESSION_COOKIE, "")
    expected = csrf_token(runtime.settings.secret_key, token)
    if not token or not hmac.compare_digest(csrf, expected):
        raise AccessDenied("the form expired or did not come from this site; reload and retry")


CsrfDep = Depends(check_csrf)
