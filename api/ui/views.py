"""The web UI: server-rendered pages for managers, employees and HR (Jinja2, autoescaped).

Pages use the same access policy as the API: a person or record outside the caller's scope is a
404 page. Forms post back with a CSRF token; every state change redirects (post/redirect/get).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from pydantic import ValidationError
from sqlalchemy import select

from api.deps import IndexSyncDep, RuntimeDep, SessionDep, TodayDep
from api.external_ids import new_external_id
from api.gate import SESSION_COOKIE, client_address
from api.schemas import FeedbackCreate
from api.ui import render, signals
from api.ui.session import (
    CsrfDep,
    UiCallerDep,
    caller_from_cookie,
    check_signin_csrf,
    csrf_token,
    end_session,
    set_signin_cookie,
    signin_form_token,
    start_session,
)
from assistant import auth, writes
from assistant.access import Caller
from assistant.draft_access import readable
from assistant.errors import AccessDenied, NotFound, ValidationFailed
from assistant.fields import RecordId
from assistant.models import (
    MAX_TEXT_CHARS,
    ActionItem,
    ActionStatus,
    CheckIn,
    CompanyValue,
    Draft,
    Feedback,
    FeedbackKind,
    FeedbackVisibility,
    Goal,
    Person,
)
from assistant.tasks.pipeline import generate
from assistant.tasks.registry import task_named
from assistant.tasks.render import focus_note
from assistant.tasks.schemas import VISIBILITY_LABELS
from assistant.tasks.targets import MAX_FOCUS, MAX_QUESTION

router = APIRouter(include_in_schema=False)
# The tasks the pages draft, by their names in assistant/tasks/registry.py (each page is for one).
_AGENDA, _ASK, _REFLECTION, _THEMES = (
    task_named(n).name for n in ("agenda", "ask", "reflection", "themes")
)
templates = Jinja2Templates(directory=Path(__file__).parent.parent / "templates")  # autoescape on
templates.env.globals["render"] = render
templates.env.globals["max_question"] = MAX_QUESTION
templates.env.globals["max_focus"] = MAX_FOCUS

VISIBILITY_HELP = {
    FeedbackVisibility.SHARED: "{name} and their management chain.",
    FeedbackVisibility.MANAGER_ONLY: "Only {name}'s management chain — not {name}.",
    FeedbackVisibility.PRIVATE: "Only you: a private note.",
}


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


# --- sign-in ---------------------------------------------------------------------------------


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


# --- manager ---------------------------------------------------------------------------------


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
    return _draft_page(
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


def _draft_page(
    request: Request, session: SessionDep, caller: Caller, draft: Draft, title: str, **extra: Any
) -> HTMLResponse:
    cited = {c: render.cited_record(session, caller, c) for c in render.citations_in(draft.output)}
    return page(
        request,
        "draft.html",
        caller,
        draft=draft,
        title=title,
        sections=render.sections(draft.task, draft.output),
        focus_note=focus_note(draft.output),
        cited=cited,
        markdown=render.as_markdown(title, draft.task, draft.output),
        markdown_all=render.as_markdown(title, draft.task, draft.output, share=False),
        labels=VISIBILITY_LABELS,
        **extra,
    )


@router.get("/drafts/{draft_id}")
def view_draft(
    request: Request,
    draft_id: RecordId,
    caller: UiCallerDep,
    session: SessionDep,
    runtime: RuntimeDep,
) -> HTMLResponse:
    draft = session.get(Draft, draft_id)
    if draft is None or not readable(session, caller, draft, k=runtime.settings.anonymity_k):
        raise NotFound(f"no draft {draft_id}")
    title = task_named(draft.task).page_title
    return _draft_page(request, session, caller, draft, title)


@router.post("/ask", dependencies=[CsrfDep])
def ask(
    caller: UiCallerDep,
    runtime: RuntimeDep,
    sync_index: IndexSyncDep,
    question: Annotated[str, Form(max_length=MAX_QUESTION)] = "",
    about: Annotated[RecordId | None, Form()] = None,
) -> Response:
    """The question box on the prep and "me" pages: answer, then show it as a draft."""
    sync_index()  # a write whose sync failed earlier is searchable before answering
    result = generate(runtime, _ASK, caller, subject=about, question=question)
    return see_other(f"/drafts/{result.draft_id}")


# --- employee --------------------------------------------------------------------------------


@router.get("/me")
def me(request: Request, caller: UiCallerDep, session: SessionDep, sent: int = 0) -> HTMLResponse:
    goals = session.scalars(
        select(Goal).where(Goal.owner_person_id == caller.id).order_by(Goal.due_date, Goal.id)
    )
    feedback = session.scalars(
        select(Feedback)
        .where(Feedback.receiver_id == caller.id, Feedback.visibility == FeedbackVisibility.SHARED)
        .order_by(Feedback.date.desc())
        .limit(50)
    )
    return page(
        request, "me.html", caller, goals=list(goals), feedback=list(feedback), sent=bool(sent)
    )


@router.post("/me/reflection", dependencies=[CsrfDep])
def draft_reflection(caller: UiCallerDep, runtime: RuntimeDep) -> Response:
    result = generate(runtime, _REFLECTION, caller)
    return see_other(f"/drafts/{result.draft_id}")


# --- feedback --------------------------------------------------------------------------------


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


# --- HR --------------------------------------------------------------------------------------


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
