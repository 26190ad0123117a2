"""Signing in and out of the web UI with an API token, and the home page that sends each person
to theirs."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from api.deps import RuntimeDep, SessionDep
from api.gate import client_address
from api.ui.pages import page, see_other
from api.ui.session import (
    CsrfDep,
    UiCallerDep,
    check_signin_csrf,
    end_session,
    set_signin_cookie,
    signin_form_token,
    start_session,
)
from assistant import auth

router = APIRouter(include_in_schema=False)


def _signin_page(request: Request, status: int = 200, error: str | None = None) -> HTMLResponse:
    nonce, form_token = signin_form_token(request)
    response = page(request, "signin.html", None, status, signin_csrf=form_token, error=error)
    set_signin_cookie(request, response, nonce)
    return response


@router.get("/signin")
def signin_form(request: Request) -> HTMLResponse:
    return _signin_page(request)


@router.post("/signin")
def signin(
    request: Request,
    session: SessionDep,
    runtime: RuntimeDep,
    token: Annotated[str, Form()] = "",
    csrf: Annotated[str, Form()] = "",
) -> Response:
    failures = request.app.state.auth_limiter
    address = f"authfail:{client_address(request.scope)}"
    failures.check(address)  # 429 once this address has failed too often this minute
    if not check_signin_csrf(request, csrf):
        return _signin_page(request, 403, error="The sign-in form expired; please try again.")
    person = auth.verify_token(session, token.strip())
    if person is None:
        failures.hit(address)
        return _signin_page(request, 401, error="That token is not valid.")
    response = see_other("/")
    start_session(session, request, response, person.id, runtime.settings.session_hours)
    session.commit()
    return response


@router.post("/signout", dependencies=[CsrfDep])
def signout(request: Request, session: SessionDep) -> Response:
    response = see_other("/signin")
    end_session(session, request, response)
    session.commit()
    return response


@router.get("/")
def home(caller: UiCallerDep) -> Response:
    if caller.is_manager:
        return see_other("/manager")
    if caller.is_hr:
        return see_other("/hr")
    return see_other("/me")
