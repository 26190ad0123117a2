"""Giving feedback from the web UI: the form, with who will see it, and its post."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError
from sqlalchemy import select

from api.deps import IndexSyncDep, SessionDep, TodayDep
from api.external_ids import new_external_id
from api.schemas import FeedbackCreate
from api.ui.pages import page, see_other
from api.ui.session import CsrfDep, UiCallerDep
from assistant import writes
from assistant.access import Caller
from assistant.errors import ValidationFailed
from assistant.fields import RecordId
from assistant.models import MAX_TEXT_CHARS, CompanyValue, FeedbackKind, FeedbackVisibility, Person

router = APIRouter(include_in_schema=False)


VISIBILITY_HELP = {
    FeedbackVisibility.SHARED: "{name} and their management chain.",
    FeedbackVisibility.MANAGER_ONLY: "Only {name}'s management chain — not {name}.",
    FeedbackVisibility.PRIVATE: "Only you: a private note.",
}


def _feedback_form(
    request: Request, session: SessionDep, caller: Caller, status: int = 200, **context: Any
) -> HTMLResponse:
    people = session.scalars(
        select(Person).where(Person.active, Person.id != caller.id).order_by(Person.name)
    )
    values = session.scalars(select(CompanyValue).order_by(CompanyValue.name))
    return page(
        request,
        "feedback_form.html",
        caller,
        status,
        people=list(people),
        values=list(values),
        kinds=list(FeedbackKind),
        visibilities=list(FeedbackVisibility),
        visibility_help={v.value: h for v, h in VISIBILITY_HELP.items()},
        max_chars=MAX_TEXT_CHARS,
        picked=list(context.get("form", {}).get("values") or []),
        **context,
    )


@router.get("/feedback/new")
def feedback_form(
    request: Request, caller: UiCallerDep, session: SessionDep, to: RecordId | None = None
) -> HTMLResponse:
    return _feedback_form(request, session, caller, form={"receiver_id": to})


@router.post("/feedback/new", dependencies=[CsrfDep])
async def give_feedback(
    request: Request,
    caller: UiCallerDep,
    session: SessionDep,
    sync_index: IndexSyncDep,
    today: TodayDep,
) -> Response:
    form = await request.form()
    data = {
        "receiver_id": form.get("receiver_id") or None,
        "kind": form.get("kind"),
        "visibility": form.get("visibility") or "shared",
        "text": form.get("text") or "",
        "values": form.getlist("values"),
    }
    try:
        body = FeedbackCreate.model_validate(data)
        writes.give_feedback(
            session, caller, **body.model_dump(), today=today, external_id=new_external_id("fb")
        )
        session.commit()
    except ValidationFailed as exc:
        errors = {p.field: p.reason for p in exc.problems}
        return _feedback_form(request, session, caller, 422, form=data, errors=errors)
    except ValidationError as exc:
        errors = {str(e["loc"][0]): e["msg"] for e in exc.errors()}
        return _feedback_form(request, session, caller, 422, form=data, errors=errors)
    sync_index()
    return see_other("/me?sent=1")
