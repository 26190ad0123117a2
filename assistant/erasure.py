"""Erasing a person (GDPR Art. 17): ``cadence erase`` and ``DELETE /v1/people/{id}`` both call
:func:`erase_person`.

The policy (README "Erasure and retention" says it for users):

- **About them — deleted**: their goals (with every key result and update on them, whoever wrote
  it), feedback they received, their check-ins as the employee (with the action items), their API
  tokens, drafts about them or requested by them, and audit rows naming them as actor or subject.
- **Their own private notes — deleted**: private feedback notes they wrote about others and the
  private notes of 1:1s they held. Only they could read them.
- **What they wrote about others — kept, no longer attributed to them**: feedback they gave
  (shared or manager-only), goal updates on others' goals, 1:1s they held as manager, action items
  they owned in others' 1:1s. These are part of the *other* person's performance record, which
  that person and their management chain keep a right and a need to (Art. 17(3)(b) and (e)); what
  identifies the writer is the attribution, so it moves to one shared placeholder,
  "Former colleague" (shared, so kept records cannot be told apart by who wrote them). The text
  is kept as written.
- **Drafts that mention them** — about them, by them, citing any record deleted or re-attributed
  above, or containing their name or email — are deleted (the cache and the trail alike).
- Their reports move to their manager. One audit row records that an erasure happened, who ran
  it, and the counts: no name, email or id of the erased person.

Then both retrieval legs drop their documents and the storage is reclaimed (assistant/reclaim.py),
so nothing of what was deleted stays in the data directory's files.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, delete, func, or_, select, update
from sqlalchemy.orm import Session

from assistant import outbox
from assistant.db import transaction
from assistant.errors import NotFound, UserError
from assistant.models import (
    INDEXED,
    ActionItem,
    ApiToken,
    AuditEvent,
    Base,
    CheckIn,
    Feedback,
    FeedbackVisibility,
    Goal,
    GoalUpdate,
    OutboxOp,
    Person,
)
from assistant.people import person_by_email
from assistant.reclaim import ReclaimReport, reclaim
from assistant.removal import (
    LABELS,
    RecordIds,
    citations_of,
    delete_drafts,
    delete_records,
    drafts_mentioning,
    empty_ids,
    with_parts,
)
from assistant.runtime import Runtime
from retrieval.batches import batched
from retrieval.lexical import documents

__all__ = [
    "FORMER_COLLEAGUE",
    "OPERATOR",
    "ErasurePlan",
    "ErasureReport",
    "erase_person",
    "plan_erasure",
]

# Placeholder people (inactive, no team, no tokens): (external id, name, email).
FORMER_COLLEAGUE = (
    "cadence-former-colleague",
    "Former colleague",
    "former-colleague@cadence.invalid",
)
OPERATOR = ("cadence-operator", "Cadence operator", "operator@cadence.invalid")
_PLACEHOLDERS = {FORMER_COLLEAGUE[0], OPERATOR[0]}

# Columns pointing at people.id that the policy above handles by name. Any other (a table added
# later) has its rows deleted with the person, so a new table can never keep them alive.
_HANDLED = {
    ("people", "manager_id"),
    ("goals", "owner_person_id"),
    ("goal_updates", "author_id"),
    ("feedback", "giver_id"),
    ("feedback", "receiver_id"),
    ("feedback", "requested_by_id"),
    ("checkins", "employee_id"),
    ("checkins", "manager_id"),
    ("action_items", "owner_id"),
    ("drafts", "subject_id"),
    ("drafts", "requester_id"),
    ("audit_log", "actor_id"),
    ("audit_log", "subject_id"),
    ("api_tokens", "person_id"),
}


@dataclass
class ErasurePlan:
    """What erasing one person removes and changes, computed before anything is written."""

    person_id: int
    email: str
    name: str
    delete: RecordIds
    anonymise: RecordIds
    private_notes_cleared: set[int]
    drafts: set[int]
    tokens: int
    audit_rows: int
    reports: set[int]
    new_manager_id: int | None
    other_rows: dict[str, int] = field(default_factory=dict)
    # Citations of kept records whose text names them (others' records: not rewritten).
    mentions: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """Labelled counts for the confirmation prompt and the reports (no personal data)."""
        out = {f"delete {LABELS[t]}": len(self.delete[t]) for t in INDEXED}
        out |= {f"re-attribute {LABELS[t]}": len(self.anonymise[t]) for t in INDEXED}
        out["clear private 1:1 notes"] = len(self.private_notes_cleared)
        out["delete drafts"] = len(self.drafts)
        out["delete api tokens"] = self.tokens
        out["delete audit rows"] = self.audit_rows
        out["move reports to their manager"] = len(self.reports)
        out |= {f"delete {name} rows": n for name, n in self.other_rows.items()}
        return out


@dataclass
class ErasureReport:
    counts: dict[str, int]
    reclaim: ReclaimReport
    seconds: float


def _person(session: Session, who: str | int) -> Person:
    person = session.get(Person, who) if isinstance(who, int) else person_by_email(session, who)
    if person is None or person.external_id in _PLACEHOLDERS:
        raise NotFound(f"no person {who!r}")
    return person


def _ids(session: Session, model: Any, *where: ColumnElement[bool]) -> set[int]:
    return {int(i) for i in session.scalars(select(model.id).where(*where))}


def _people_fks() -> list[tuple[str, str]]:
    """(table, column) of every foreign key to people.id in the data model."""
    return [
        (table.name, fk.parent.name)
        for table in Base.metadata.sorted_tables
        for fk in table.foreign_keys
        if fk.column.table.name == "people"
    ]


def _other_rows(session: Session, pid: int) -> dict[str, int]:
    out = {}
    for table_name, column in _people_fks():
        if (table_name, column) in _HANDLED:
            continue
        table = Base.metadata.tables[table_name]
        n = session.scalar(select(func.count()).select_from(table).where(table.c[column] == pid))
        if n:
            out[f"{table_name}.{column}"] = int(n)
    return out


def plan_erasure(session: Session, who: str | int) -> ErasurePlan:
    """What :func:`erase_person` would do to ``who`` (an email or a person id). Writes nothing."""
    person = _person(session, who)
    pid = person.id
    delete_ids = empty_ids()
    delete_ids["goal"] = _ids(session, Goal, Goal.owner_person_id == pid)
    delete_ids["feedback"] = _ids(
        session,
        Feedback,
        or_(
            Feedback.receiver_id == pid,
            (Feedback.giver_id == pid) & (Feedback.visibility == FeedbackVisibility.PRIVATE),
        ),
    )
    delete_ids["checkin"] = _ids(session, CheckIn, CheckIn.employee_id == pid)
    delete_ids = with_parts(session, delete_ids)
    anonymise = empty_ids()
    anonymise["feedback"] = _ids(session, Feedback, Feedback.giver_id == pid)
    anonymise["goal_update"] = _ids(session, GoalUpdate, GoalUpdate.author_id == pid)
    anonymise["checkin"] = _ids(session, CheckIn, CheckIn.manager_id == pid)
    anonymise["action_item"] = _ids(session, ActionItem, ActionItem.owner_id == pid)
    for rtype in INDEXED:
        anonymise[rtype] -= delete_ids[rtype]
    cleared = _ids(session, CheckIn, CheckIn.manager_id == pid, CheckIn.private_notes != "")
    drafts = drafts_mentioning(
        session,
        citations=citations_of(delete_ids) | citations_of(anonymise),
        needles=[person.name, person.email],
        people=[pid],
    )
    audit_rows = session.scalar(
        select(func.count())
        .select_from(AuditEvent)
        .where(or_(AuditEvent.actor_id == pid, AuditEvent.subject_id == pid))
    )
    tokens = session.scalar(
        select(func.count()).select_from(ApiToken).where(ApiToken.person_id == pid)
    )
    manager = person.manager_id if person.manager_id != pid else None
    return ErasurePlan(
        person_id=pid,
        email=person.email,
        name=person.name,
        delete=delete_ids,
        anonymise=anonymise,
        private_notes_cleared=cleared - delete_ids["checkin"],
        drafts=drafts,
        tokens=int(tokens or 0),
        audit_rows=int(audit_rows or 0),
        reports=_ids(session, Person, Person.manager_id == pid, Person.id != pid),
        new_manager_id=manager,
        other_rows=_other_rows(session, pid),
        mentions=_mentions(session, person, delete_ids),
    )


def _mentions(session: Session, person: Person, deleted: RecordIds) -> list[str]:
    """Citations of indexed records that stay and whose text names the person (full or first
    name, as a word): others' records, kept as written, for an admin to review."""
    names = {person.name.strip(), person.name.split()[0] if person.name.split() else ""}
    words = [n for n in names if len(n) >= 3]
    if not words:
        return []
    gone = citations_of(deleted)
    pattern = re.compile("|".join(rf"\b{re.escape(w)}\b" for w in words), re.IGNORECASE)
    found: set[str] = set()
    clauses = [documents.c.text.ilike(f"%{w}%") for w in words]
    for citation, body in session.execute(
        select(documents.c.citation, documents.c.text).where(or_(*clauses))
    ):
        if citation not in gone and pattern.search(body):
            found.add(citation)
    return sorted(found)


def placeholder(session: Session, kind: tuple[str, str, str]) -> int:
    """The id of a placeholder person, created (inactive, no tokens) the first time it is needed."""
    external_id, name, email = kind
    found = session.scalar(select(Person.id).where(Person.external_id == external_id))
    if found is not None:
        return int(found)
    row = Person(external_id=external_id, name=name, email=email, active=False, roles=[])
    session.add(row)
    session.flush()
    return row.id


def _reattribute(session: Session, plan: ErasurePlan) -> None:
    pid, ids = plan.person_id, plan.anonymise
    former = placeholder(session, FORMER_COLLEAGUE)
    targets = (
        (Feedback, Feedback.giver_id, "feedback"),
        (GoalUpdate, GoalUpdate.author_id, "goal_update"),
        (CheckIn, CheckIn.manager_id, "checkin"),
        (ActionItem, ActionItem.owner_id, "action_item"),
    )
    for model, column, rtype in targets:
        if ids[rtype]:
            session.execute(update(model).where(column == pid).values({column: former}))
            outbox.enqueue(session, rtype, sorted(ids[rtype]), OutboxOp.UPSERT)
    for chunk in batched(sorted(plan.private_notes_cleared)):
        session.execute(update(CheckIn).where(CheckIn.id.in_(chunk)).values(private_notes=""))
    session.execute(
        update(Feedback).where(Feedback.requested_by_id == pid).values(requested_by_id=None)
    )
    session.execute(
        update(Person).where(Person.manager_id == pid).values(manager_id=plan.new_manager_id)
    )


def _erase(session: Session, plan: ErasurePlan, actor_id: int | None) -> None:
    pid = plan.person_id
    _reattribute(session, plan)
    delete_drafts(session, plan.drafts)
    session.execute(
        delete(AuditEvent).where(or_(AuditEvent.actor_id == pid, AuditEvent.subject_id == pid))
    )
    delete_records(session, plan.delete)
    session.execute(delete(ApiToken).where(ApiToken.person_id == pid))
    for name in plan.other_rows:
        table_name, column = name.split(".")
        table = Base.metadata.tables[table_name]
        session.execute(delete(table).where(table.c[column] == pid))
    session.execute(delete(Person).where(Person.id == pid))
    removed = sum(len(v) for v in plan.delete.values())
    kept = sum(len(v) for v in plan.anonymise.values())
    session.add(
        AuditEvent(
            actor_id=actor_id if actor_id is not None else placeholder(session, OPERATOR),
            action="person.erase",
            detail=f"{removed} records deleted, {kept} re-attributed, {len(plan.drafts)} drafts",
        )
    )


def erase_person(runtime: Runtime, who: str | int, *, actor_id: int | None = None) -> ErasureReport:
    """Erase ``who`` (an email or a person id) by the policy above, take their documents out of
    both retrieval legs, and reclaim the storage. ``actor_id`` is the admin doing it (the API);
    from the command line it is the "Cadence operator" placeholder."""
    from assistant.indexing import sync_now

    started = time.perf_counter()
    with transaction(runtime.sessions) as session:
        plan = plan_erasure(session, who)
        if actor_id is not None and actor_id == plan.person_id:
            raise UserError("you cannot erase yourself; ask another admin")
        _erase(session, plan, actor_id)
    sync_now(runtime, strict=True)
    report = reclaim(runtime)
    return ErasureReport(plan.counts(), report, time.perf_counter() - started)
