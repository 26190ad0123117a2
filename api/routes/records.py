"""The records API: goals, key results, goal updates, feedback, check-ins, action items."""

from __future__ import annotations

from fastapi import APIRouter

from api.routes import checkins, feedback, goals

router = APIRouter()
for _module in (goals, feedback, checkins):
    router.include_router(_module.router)
