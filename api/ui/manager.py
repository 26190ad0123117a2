"""The manager's pages: their reports' signals, a 1:1's agenda (regenerated, optionally on a
focus) and its open action items."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select

from api.deps import IndexSyncDep, RuntimeDep, SessionDep, TodayDep
from api.ui import signals
from api.ui.drafts import draft_page
from api.ui.pages import page, see_other
from api.ui.session import CsrfDep, UiCallerDep
from assistant import writes
from assistant.access import Caller
from assistant.draft_access import readable
from assistant.errors import NotFound
from assistant.fields import RecordId
from assistant.models import ActionItem, ActionStatus, CheckIn, Draft, Person
from assistant.tasks.pipeline import generate
from assistant.tasks.registry import task_named
from assistant.tasks.targets import MAX_FOCUS

_AGENDA = task_named("agenda").name

router = APIRouter(include_in_schema=False)


@router.get("/manager")
def manager_home(
    request: Request, caller: UiCallerDep, session: SessionDep, today: TodayDep
) -> HTMLResponse:
    rows = signals.report_signals(session, caller, today)
    return page(request, "manager.html", caller, rows=rows)


def _subject(session: SessionDep, caller: Caller, person_id: int) -> Person:
    person = session.get(Person, person_id)
    if person is None or person_id not in caller.below:
        raise NotFound(f"no person {person_id} among your reports")
    return person


def _generate_agenda(
    runtime: RuntimeDep, caller: Caller, person: Person, focus: str | None = None
) -> int:
    return generate(runtime, _AGENDA, caller, subject=person.id, focus=focus).draft_id


@router.get("/prep/{person_id}")
def prep(
    request: Request,
    person_id: RecordId,
    caller: UiCallerDep,
    session: SessionDep,
    runtime: RuntimeDep,
    draft: RecordId | None = None,
) -> HTMLResponse:
    person = _subject(session, caller, person_id)
    query = select(Draft).where(
        Draft.requester_id == caller.id, Draft.subject_id == person.id, Draft.task == _AGENDA
    )
    if draft is not None:
        query = query.where(Draft.id == draft)
    found = session.scalars(query.order_by(Draft.id.desc())).first()
    if found is not None and not readable(session, caller, found, k=runtime.settings.anonymity_k):
        found = None  # made before access changed: never shown; the latest is generated afresh
    if found is None:
        if draft is not None:
            raise NotFound(f"no draft {draft}")
        found = session.get_one(Draft, _generate_agenda(runtime, caller, person))
    actions = session.scalars(
        select(ActionItem)
        .join(CheckIn)
        .where(
            CheckIn.employee_id == person.id,
            CheckIn.manager_id == caller.id,
            ActionItem.status == ActionStatus.OPEN,
        )
        .order_by(ActionItem.due_date, ActionItem.id)
    )
    return draft_page(
        request,
        session,
        caller,
        found,
        f"1:1 with {person.name}",
        person=person,
        actions=list(actions),
    )


@router.post("/prep/{person_id}", dependencies=[CsrfDep])
def regenerate(
    person_id: RecordId,
    caller: UiCallerDep,
    session: SessionDep,
    runtime: RuntimeDep,
    sync_index: IndexSyncDep,
    focus: Annotated[str, Form(max_length=MAX_FOCUS)] = "",
) -> Response:
    """Regenerate the agenda, optionally centred on a focus topic (the form's text box)."""
    person = _subject(session, caller, person_id)
    if focus.strip():
        sync_index()  # a write whose sync failed earlier is found by the focus
    draft_id = _generate_agenda(runtime, caller, person, focus or None)
    return see_other(f"/prep/{person.id}?draft={draft_id}")


@router.post("/action-items/{item_id}/done", dependencies=[CsrfDep])
def action_done(
    item_id: RecordId,
    caller: UiCallerDep,
    session: SessionDep,
    today: TodayDep,
    back: Annotated[str, Form()] = "/",
) -> Response:
    writes.complete_action(session, caller, item_id, today)
    session.commit()
    return see_other(back if back.startswith("/") and not back.startswith("//") else "/")
