"""Listing and adding records from the command line: people, goals, feedback, check-ins, actions.

People are named by email. Writes go through the write services (assistant/writes.py), as the
API's do, in one transaction from the runtime's session factory, so the outbox hook queues every
new indexed record for the index. These commands act as the operator of the data directory
(``CLI_OPERATOR``), who sees everything and records for anyone; the access policy applies to the
API and the assistant's tasks.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from rich.table import Table

from assistant import clock
from assistant.cli import app
from assistant.cli.common import Today, out, runtime
from assistant.errors import NotFound, UserError, ValidationFailed
from assistant.kinds import CITATION_PREFIX, ActionStatus, FeedbackKind, FeedbackVisibility

if TYPE_CHECKING:
    from pydantic import BaseModel
    from sqlalchemy.orm import Session

    from assistant.models import Person

people_app = typer.Typer(help="List people.", no_args_is_help=True)
goals_app = typer.Typer(help="List goals.", no_args_is_help=True)
feedback_app = typer.Typer(help="Give and list feedback.", no_args_is_help=True)
checkin_app = typer.Typer(help="Record 1:1 check-ins.", no_args_is_help=True)
actions_app = typer.Typer(help="List action items from check-ins.", no_args_is_help=True)
app.add_typer(people_app, name="people")
app.add_typer(goals_app, name="goals")
app.add_typer(feedback_app, name="feedback")
app.add_typer(checkin_app, name="checkin")
app.add_typer(actions_app, name="action-items")

Email = Annotated[str, typer.Option(help="The person's email.")]
M = TypeVar("M", bound="BaseModel")


def _person(session: Session, email: str) -> Person:
    from assistant.people import person_by_email

    person = person_by_email(session, email)
    if person is None:
        raise NotFound(f"no person with email {email!r}")
    return person


def _checked(model: type[M], **fields: Any) -> M:
    """Validate CLI input with the bundle's own rules (text caps, ranges, invisible characters
    stripped), as one-line errors; the cleaned values are what gets stored."""
    from pydantic import ValidationError

    from assistant.bundle_files import describe_error

    try:
        return model.model_validate(fields)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        name = "--" + str(first["loc"][0]).replace("_", "-") if first["loc"] else "input"
        raise UserError(f"{name}: {describe_error(first)}") from None


# The write services locate a problem by the record's field; a command names its option.
_OPTION_OF = {
    "giver_id": "--from",
    "receiver_id": "--to",
    "values": "--value",
    "employee_id": "--employee",
    "manager_id": "--manager",
    "owner_id": "--employee",
}


@contextmanager
def _flag_problems() -> Iterator[None]:
    """A write service's ValidationFailed as the command's one-line error, naming the option."""
    try:
        yield
    except ValidationFailed as exc:
        first = exc.problems[0]
        raise UserError(f"{_OPTION_OF.get(first.field, first.field)}: {first.reason}") from None


def _new_id(kind: str) -> str:
    return f"cli-{kind}-{uuid.uuid4().hex[:12]}"


def _cite(kind: str, record_id: int) -> str:
    return f"{CITATION_PREFIX[kind]}{record_id}"


@people_app.command("list")
def people_list(
    team: Annotated[
        str | None, typer.Option(help="Only this team (its name or id), not its sub-teams.")
    ] = None,
) -> None:
    """List people with their team, title and manager."""
    from sqlalchemy import or_, select

    from assistant.models import Person, Team

    with runtime().sessions() as session:
        stmt = select(Person).order_by(Person.name)
        if team is not None:
            found = session.scalar(
                select(Team).where(or_(Team.name == team, Team.external_id == team))
            )
            if found is None:
                raise NotFound(f"no team named {team!r}")
            stmt = stmt.where(Person.team_id == found.id)
        table = Table("name", "email", "title", "team", "manager")
        for p in session.scalars(stmt):
            name = p.name if p.active else f"{p.name} (inactive)"
            team_name = p.team.name if p.team else ""
            manager = p.manager.email if p.manager else ""
            table.add_row(name, p.email, p.title, team_name, manager)
    out.print(table)


@goals_app.command("list")
def goals_list(person: Email) -> None:
    """List the goals a person owns."""
    from sqlalchemy import select

    from assistant.models import Goal

    with runtime().sessions() as session:
        owner = _person(session, person)
        goals = session.scalars(
            select(Goal).where(Goal.owner_person_id == owner.id).order_by(Goal.id)
        )
        table = Table("id", "title", "level", "status", "progress", "due", "cycle")
        for g in goals:
            table.add_row(
                _cite("goal", g.id), g.title, g.level.value, g.status.value, f"{g.progress}%",
                str(g.due_date or ""), g.cycle.name if g.cycle else "",
            )  # fmt: skip
    out.print(table)


@feedback_app.command("add")
def feedback_add(
    from_: Annotated[str, typer.Option("--from", help="Email of the person giving it.")],
    to: Annotated[str, typer.Option("--to", help="Email of the person it is about.")],
    kind: Annotated[FeedbackKind, typer.Option(help="What sort of feedback.")],
    text: Annotated[str, typer.Option(help="The feedback itself.")],
    visibility: Annotated[
        FeedbackVisibility, typer.Option(help="Who may read it.")
    ] = FeedbackVisibility.SHARED,
    value: Annotated[
        list[str] | None, typer.Option("--value", help="A company value it shows (repeatable).")
    ] = None,
    date: Annotated[str | None, typer.Option(help="YYYY-MM-DD; default today.")] = None,
) -> None:
    """Record a piece of feedback."""
    from sqlalchemy import func, or_, select

    from assistant import writes
    from assistant.bundle import FeedbackIn
    from assistant.db import transaction
    from assistant.indexing import sync_briefly
    from assistant.models import CompanyValue
    from assistant.write_policy import CLI_OPERATOR

    rt = runtime()
    day = date or clock.today(rt.settings).isoformat()
    text = _checked(FeedbackIn, id="x", giver=from_, receiver=to, date=day, kind=kind, text=text,
                    visibility=visibility).text  # fmt: skip
    with transaction(rt.sessions) as session, _flag_problems():
        giver, receiver = _person(session, from_), _person(session, to)
        names = []
        for name in value or []:
            found = session.scalar(
                select(CompanyValue).where(
                    or_(
                        func.lower(CompanyValue.name) == name.lower(),
                        CompanyValue.external_id == name,
                    )
                )
            )
            if found is None:
                raise NotFound(f"no company value named {name!r}")
            names.append(found.name)
        fb = writes.give_feedback(
            session, CLI_OPERATOR, giver_id=giver.id, receiver_id=receiver.id, kind=kind,
            visibility=visibility, text=text, values=names, today=dt.date.fromisoformat(day),
            external_id=_new_id("feedback"),
        )  # fmt: skip
        session.flush()
        cite = _cite("feedback", fb.id)
    sync_briefly(rt)
    out.print(f"added feedback {cite} from {giver.email} to {receiver.email}", markup=False)


@feedback_app.command("list")
def feedback_list(
    about: Annotated[str, typer.Option(help="Email of the person it is about.")],
) -> None:
    """List the feedback a person received, newest first."""
    from sqlalchemy import select

    from assistant.models import Feedback

    with runtime().sessions() as session:
        person = _person(session, about)
        rows = session.scalars(
            select(Feedback)
            .where(Feedback.receiver_id == person.id)
            .order_by(Feedback.date.desc(), Feedback.id.desc())
        )
        table = Table("id", "date", "from", "kind", "visibility", "values", "text")
        for f in rows:
            table.add_row(
                _cite("feedback", f.id), str(f.date), f.giver.email, f.kind.value,
                f.visibility.value, ", ".join(v.name for v in f.values), f.text,
            )  # fmt: skip
    out.print(table)


@checkin_app.command("add")
def checkin_add(
    employee: Email,
    manager: Annotated[str, typer.Option(help="Email of the manager holding the 1:1.")],
    notes: Annotated[str, typer.Option(help="Notes both people see.")] = "",
    private_notes: Annotated[str, typer.Option(help="The manager's own notes.")] = "",
    mood: Annotated[int | None, typer.Option(help="Mood/engagement 1-5.")] = None,
    date: Annotated[str | None, typer.Option(help="YYYY-MM-DD; default today.")] = None,
    action: Annotated[
        list[str] | None,
        typer.Option("--action", help="An action item for the employee (repeatable)."),
    ] = None,
) -> None:
    """Record a 1:1 check-in, with its action items."""
    from assistant import writes
    from assistant.bundle import ActionItemIn, CheckInIn
    from assistant.db import transaction
    from assistant.indexing import sync_briefly
    from assistant.write_policy import CLI_OPERATOR

    rt = runtime()
    day = date or clock.today(rt.settings).isoformat()
    checked = _checked(CheckInIn, id="x", employee=employee, manager=manager, date=day,
                       shared_notes=notes, private_notes=private_notes, mood=mood)  # fmt: skip
    notes, private_notes = checked.shared_notes, checked.private_notes
    action = [
        _checked(ActionItemIn, id="x", checkin="x", owner=employee, text=text).text
        for text in action or []
    ]
    with transaction(rt.sessions) as session, _flag_problems():
        emp, mgr = _person(session, employee), _person(session, manager)
        checkin = writes.add_checkin(
            session, CLI_OPERATOR, employee_id=emp.id, manager_id=mgr.id,
            today=dt.date.fromisoformat(day), shared_notes=notes, private_notes=private_notes,
            mood=mood, external_id=_new_id("checkin"),
        )  # fmt: skip
        items = [
            writes.add_action_item(
                session,
                CLI_OPERATOR,
                checkin,
                owner_id=emp.id,
                text=t,
                external_id=_new_id("action"),
            )
            for t in action
        ]
        session.flush()
        cites = [_cite("checkin", checkin.id), *(_cite("action_item", a.id) for a in items)]
    sync_briefly(rt)
    out.print(f"added check-in {', '.join(cites)} for {emp.email} with {mgr.email}", markup=False)


@actions_app.command("list")
def actions_list(
    person: Email,
    status: Annotated[ActionStatus | None, typer.Option(help="Only items in this state.")] = None,
    today: Today = None,
) -> None:
    """List a person's action items, oldest due first; overdue open items are marked."""
    from sqlalchemy import select

    from assistant.models import ActionItem

    rt = runtime(today)
    day = clock.today(rt.settings)
    with rt.sessions() as session:
        owner = _person(session, person)
        stmt = select(ActionItem).where(ActionItem.owner_id == owner.id)
        if status is not None:
            stmt = stmt.where(ActionItem.status == status)
        rows = sorted(session.scalars(stmt), key=lambda a: (a.due_date or dt.date.max, a.id))
        table = Table("id", "text", "due", "status", "from 1:1 on")
        for a in rows:
            late = a.status == ActionStatus.OPEN and a.due_date is not None and a.due_date < day
            state = f"{a.status.value} (overdue)" if late else a.status.value
            table.add_row(
                _cite("action_item", a.id),
                a.text,
                str(a.due_date or ""),
                state,
                str(a.checkin.date),
            )
    out.print(table)
