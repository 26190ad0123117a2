"""The web UI: server-rendered pages for managers, employees and HR (Jinja2, autoescaped).

Pages use the same access policy as the API: a person or record outside the caller's scope is a
404 page. Forms post back with a CSRF token; every state change redirects (post/redirect/get).

The pages are one module per group: signin.py, manager.py, drafts.py, employee.py, feedback.py,
hr.py, each with its own router, joined here; what they are rendered with is in pages.py.
"""

from __future__ import annotations

from fastapi import APIRouter

from api.ui import drafts, employee, feedback, hr, manager, signin
from api.ui.pages import html_error

router = APIRouter(include_in_schema=False)
for _pages in (signin, manager, drafts, employee, feedback, hr):
    router.include_router(_pages.router)

__all__ = ["html_error", "router"]
