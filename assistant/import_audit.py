"""Who runs an import, and the audit trail of what it changed about people.

An import can move people between managers, grant roles, (de)activate accounts and, as a
migration, write feedback in other people's names. Each of these is written to the audit log in
the import's own transaction, so the log holds exactly what was committed (a dry run leaves none).

The actor is the person running the import: the admin calling ``POST /v1/import``, or the admin
named by ``cadence import --as``. An import from the command line without ``--as`` has no person
behind it; its rows name the person changed as ``actor_id`` (the column cannot be empty) and their
detail ends in ``[cli]``, so they are never read as that person's own act. Ids only, never content.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from assistant.errors import UserError
from assistant.models import AuditEvent, Person, Role
from assistant.people import person_by_email

CLI_MARK = " [cli]"
_DETAIL_CHARS = 200


@dataclass(frozen=True)
class Operator:
    """Who an import acts as: an admin's person id, or None for the command line's operator."""

    person_id: int | None = None


CLI = Operator()


def admin_operator(session: Session, email: str) -> Operator:
    """The operator ``cadence import --as EMAIL`` names: an active admin, or a UserError."""
    person = person_by_email(session, email)
    if person is None or not person.active or Role.ADMIN.value not in person.roles:
        raise UserError(f"--as: {email!r} is not an active admin")
    return Operator(person.id)


# person id -> (manager id, roles, active): what an import may change about who sees what.
PeopleState = dict[int, tuple[int | None, tuple[str, ...], bool]]


def people_state(session: Session) -> PeopleState:
    rows = session.execute(select(Person.id, Person.manager_id, Person.roles, Person.active))
    return {pid: (mgr, tuple(sorted(roles)), bool(active)) for pid, mgr, roles, active in rows}


def _event(operator: Operator, subject: int, action: str, detail: str) -> dict[str, Any]:
    mark = CLI_MARK if operator.person_id is None else ""
    return {
        "actor_id": subject if operator.person_id is None else operator.person_id,
        "action": action,
        "subject_id": subject,
        "detail": (detail[: _DETAIL_CHARS - len(mark)] + mark),
    }


def _manager(mgr: int | None) -> str:
    return "none" if mgr is None else str(mgr)


def _active(flag: bool) -> str:
    return "active" if flag else "inactive"


def person_events(
    before: PeopleState, after: PeopleState, operator: Operator
) -> list[dict[str, Any]]:
    """One row per person created, and per manager, roles or active flag changed."""
    rows: list[dict[str, Any]] = []
    for pid, (mgr, roles, active) in sorted(after.items()):
        old = before.get(pid)
        if old is None:
            detail = f"manager {_manager(mgr)}; roles {','.join(roles)}; {_active(active)}"
            rows.append(_event(operator, pid, "person.create", detail))
            continue
        old_mgr, old_roles, old_active = old
        if old_mgr != mgr:
            detail = f"{_manager(old_mgr)} -> {_manager(mgr)}"
            rows.append(_event(operator, pid, "person.manager", detail))
        if old_roles != roles:
            detail = f"{','.join(old_roles) or 'none'} -> {','.join(roles) or 'none'}"
            rows.append(_event(operator, pid, "person.roles", detail))
        if old_active != active:
            detail = f"{_active(old_active)} -> {_active(active)}"
            rows.append(_event(operator, pid, "person.active", detail))
    return rows


def migration_events(givers: Iterable[int], operator: Operator) -> list[dict[str, Any]]:
    """One row per person that feedback was written for in a migration, with how many records."""
    return [
        _event(operator, giver, "feedback.migrate", f"{n} record(s) in this person's name")
        for giver, n in sorted(Counter(givers).items())
    ]


def write(session: Session, rows: list[dict[str, Any]]) -> None:
    if rows:
        session.execute(insert(AuditEvent), rows)
