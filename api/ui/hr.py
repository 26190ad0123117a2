"""HR's page: each team's signals and, for a team of at least k people, its anonymous themes."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from api.deps import RuntimeDep, SessionDep, TodayDep
from api.ui import render, signals
from api.ui.pages import page
from api.ui.session import UiCallerDep
from assistant.errors import AccessDenied
from assistant.tasks.pipeline import generate
from assistant.tasks.registry import task_named

_THEMES = task_named("themes").name

router = APIRouter(include_in_schema=False)


@router.get("/hr")
def hr(
    request: Request, caller: UiCallerDep, session: SessionDep, runtime: RuntimeDep, today: TodayDep
) -> HTMLResponse:
    if not caller.is_hr:
        raise AccessDenied("the HR page is for HR")
    k = runtime.settings.anonymity_k
    teams = []
    for row in signals.team_rows(session, k, today):
        themes: list[dict[str, Any]] = []
        if row.allowed:
            result = generate(runtime, _THEMES, caller, team=row.team.external_id)
            themes = [t for t in result.output.get("themes", []) if isinstance(t, dict)]
        teams.append(
            {
                "row": row,
                "themes": themes,
                "chart": render.trend_chart(row.monthly) if row.allowed else None,
            }
        )
    return page(request, "hr.html", caller, teams=teams, k=k)
