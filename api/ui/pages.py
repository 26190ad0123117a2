"""What every page of the web UI is rendered with: the templates (autoescaped), a page with the
caller and their CSRF token, a redirect after a post, an error page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from api.gate import SESSION_COOKIE
from api.ui import render
from api.ui.session import caller_from_cookie, csrf_token
from assistant.access import Caller
from assistant.tasks.targets import MAX_FOCUS, MAX_QUESTION

templates = Jinja2Templates(directory=Path(__file__).parent.parent / "templates")  # autoescape on
templates.env.globals["render"] = render
templates.env.globals["max_question"] = MAX_QUESTION
templates.env.globals["max_focus"] = MAX_FOCUS


def page(
    request: Request, name: str, caller: Caller | None, status: int = 200, **context: Any
) -> HTMLResponse:
    token = request.cookies.get(SESSION_COOKIE, "")
    csrf = csrf_token(request.app.state.runtime.settings.secret_key, token) if token else ""
    return templates.TemplateResponse(
        request, name, {"caller": caller, "csrf": csrf, **context}, status_code=status
    )


def see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def html_error(request: Request, status: int, title: str, detail: str) -> HTMLResponse:
    return page(
        request, "error.html", caller_from_cookie(request), status, title=title, detail=detail
    )
