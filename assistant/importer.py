"""Import a bundle into the database: check everything, then write it all in one transaction.

Import is a merge keyed on external ids: a record in the bundle is created when its id is new,
updated when any of its fields differ, and left untouched when equal. Records that are in the
database but not in the bundle are left alone (import never deletes). Re-importing the same bundle
therefore writes nothing at all, and enqueues nothing for the index.

Speed matters (the demo builds ~800k records), so writes are Core bulk statements over plain
dicts, references are resolved through external-id maps read with one query per table, and outbox
rows for indexed tables are enqueued in bulk (the ORM flush hook never sees Core statements).
Self-references (team parent, manager, goal parent) are written in a second pass, once every row
of the table has an id.

An import acts as an :class:`~assistant.import_audit.Operator`. Feedback it creates or changes must
be given by that operator, unless the import is a ``migration``; changes to reporting lines, roles
and active flags, and feedback written in others' names, go to the audit log (import_audit.py).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, and_, bindparam, delete, insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from assistant import auth, import_audit, outbox
from assistant.bundle import Bundle
from assistant.bundle_files import LoadedBundle, load_bundle, read_bundle
from assistant.errors import Problem, ValidationFailed
from assistant.import_audit import CLI, Operator
from assistant.import_checks import DbState, PersonResolver, check_bundle
from assistant.models import (
    RECORD_TYPE_OF,
    ActionItem,
    Base,
    CheckIn,
    CompanyValue,
    Cycle,
    Feedback,
    Goal,
    GoalUpdate,
    KeyResult,
    OutboxOp,
    Person,
    Team,
    feedback_values,
    goal_values,
)
from retrieval.batches import batched

Progress = Callable[[str, int, int], None]
# Rows per executemany. Each row binds its own parameters (SQLAlchemy pages multi-row VALUES under
# the database's parameter limit itself), so this is not retrieval.batches.MAX_IDS_PER_QUERY: it
# bounds one call's memory and sets how often an import reports progress.
ROWS_PER_EXECUTE = 5_000

__all__ = ["ImportReport", "SectionCounts", "import_bundle", "load_bundle", "read_bundle"]


@dataclass
class SectionCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class ImportReport:
    sections: dict[str, SectionCounts] = field(default_factory=dict)
    outbox_rows: int = 0
    dry_run: bool = False
    seconds: float = 0.0
    cleaned: int = 0  # records whose text had invisible characters removed
    audited: int = 0  # audit log rows written (people's changes, migrated feedback)

    @property
    def writes(self) -> int:
        return sum(c.created + c.updated for c in self.sections.values())


class _Refs:
    """External id -> database id, per table, refreshed after each table is written."""

    def __init__(self, session: Session, people: PersonResolver):
        self.session, self.people = session, people
        self.ids: dict[str, dict[str, int]] = {}

    def load(self, section: str, model: type[Base]) -> dict[str, int]:
        tbl = model.__table__
        self.ids[section] = dict(self.session.execute(select(tbl.c.external_id, tbl.c.id)).all())
        return self.ids[section]

    def get(self, section: str, ref: str | None) -> int | None:
        if ref is None:
            return None
        if section == "people":
            ext = self.people(ref)
            return None if ext is None else self.ids["people"][ext]
        return self.ids[section][ref]


def _row(section: str, rec: Any, r: _Refs) -> dict[str, Any]:
    """The table row a bundle record becomes, self-references left out."""
    base: dict[str, Any] = {"external_id": rec.id}
    if section == "teams":
        return base | {"name": rec.name}
    if section == "people":
        return base | {
            "name": rec.name, "email": rec.email, "title": rec.title,
            "team_id": r.get("teams", rec.team), "roles": [x.value for x in rec.roles],
            "active": rec.active, "pronouns": rec.pronouns,
        }  # fmt: skip
    if section == "values":
        return base | {"name": rec.name, "description": rec.description}
    if section == "cycles":
        return base | {"name": rec.name, "start_date": rec.start_date, "end_date": rec.end_date}
    if section == "goals":
        return base | {
            "owner_person_id": r.get("people", rec.owner_person),
            "owner_team_id": r.get("teams", rec.owner_team), "title": rec.title,
            "description": rec.description, "level": rec.level,
            "cycle_id": r.get("cycles", rec.cycle), "due_date": rec.due_date,
            "status": rec.status, "progress": rec.progress, "visibility": rec.visibility,
            "created_on": rec.created_on,
        }  # fmt: skip
    if section == "key_results":
        return base | {
            "goal_id": r.get("goals", rec.goal), "title": rec.title, "unit": rec.unit,
            "start_value": rec.start_value, "target_value": rec.target_value,
            "current_value": rec.current_value,
        }  # fmt: skip
    if section == "goal_updates":
        return base | {
            "goal_id": r.get("goals", rec.goal), "author_id": r.get("people", rec.author),
            "date": rec.date, "progress": rec.progress, "status": rec.status,
            "confidence": rec.confidence, "note": rec.note,
        }  # fmt: skip
    if section == "feedback":
        return base | {
            "giver_id": r.get("people", rec.giver), "receiver_id": r.get("people", rec.receiver),
            "date": rec.date, "kind": rec.kind, "visibility": rec.visibility, "text": rec.text,
            "goal_id": r.get("goals", rec.goal),
            "requested_by_id": r.get("people", rec.requested_by),
        }  # fmt: skip
    if section == "checkins":
        return base | {
            "employee_id": r.get("people", rec.employee),
            "manager_id": r.get("people", rec.manager), "date": rec.date,
            "shared_notes": rec.shared_notes, "private_notes": rec.private_notes, "mood": rec.mood,
        }  # fmt: skip
    assert section == "action_items"
    return base | {
        "checkin_id": r.get("checkins", rec.checkin), "owner_id": r.get("people", rec.owner),
        "text": rec.text, "due_date": rec.due_date, "status": rec.status,
        "completed_on": rec.completed_on,
    }  # fmt: skip


# Section -> (model, self-reference: (bundle field, column) or None, value-tag association table).
_PLAN: dict[str, tuple[type[Base], tuple[str, str] | None, Table | None]] = {
    "teams": (Team, ("parent", "parent_id"), None),
    "people": (Person, ("manager", "manager_id"), None),
    "values": (CompanyValue, None, None),
    "cycles": (Cycle, None, None),
    "goals": (Goal, ("parent", "parent_id"), goal_values),
    "key_results": (KeyResult, None, None),
    "goal_updates": (GoalUpdate, None, None),
    "feedback": (Feedback, None, feedback_values),
    "checkins": (CheckIn, None, None),
    "action_items": (ActionItem, None, None),
}


def _bulk_update(session: Session, tbl: Table, rows: list[dict[str, Any]]) -> None:
    """UPDATE ... WHERE id = :id as one executemany per chunk (every row has the same keys)."""
    if not rows:
        return
    cols = [k for k in rows[0] if k != "id"]
    stmt = (
        update(tbl)
        .where(tbl.c.id == bindparam("b_id"))
        .values({c: bindparam(f"b_{c}") for c in cols})
    )
    for chunk in batched(rows, ROWS_PER_EXECUTE):
        session.execute(stmt, [{f"b_{k}": v for k, v in row.items()} for row in chunk])


def _sync_values(
    session: Session, assoc: Table, records: list[Any], ids: dict[str, int], r: _Refs
) -> set[int]:
    """Make each record's value tags the bundle's; returns ids of records whose tags changed."""
    owner_col, value_col = assoc.c[0], assoc.c[1]
    current: dict[int, set[int]] = {}
    for owner, value in session.execute(select(owner_col, value_col)):
        current.setdefault(owner, set()).add(value)
    adds: list[dict[str, int]] = []
    removes: list[dict[str, int]] = []
    changed: set[int] = set()
    for rec in records:
        oid = ids[rec.id]
        want = {r.ids["values"][v] for v in rec.values}
        have = current.get(oid, set())
        if want != have:
            changed.add(oid)
            adds += [{owner_col.name: oid, value_col.name: v} for v in sorted(want - have)]
            removes += [{"b_o": oid, "b_v": v} for v in sorted(have - want)]
    if removes:
        stmt = delete(assoc).where(
            and_(owner_col == bindparam("b_o"), value_col == bindparam("b_v"))
        )
        session.execute(stmt, removes)
    for chunk in batched(adds, ROWS_PER_EXECUTE):
        session.execute(insert(assoc), chunk)
    return changed


def _import_section(
    session: Session, section: str, records: list[Any], r: _Refs, progress: Progress | None
) -> tuple[SectionCounts, int, set[int]]:
    """Write one section; returns its counts, the outbox rows queued, and the ids it touched."""
    model, self_ref, assoc = _PLAN[section]
    tbl: Table = model.__table__  # type: ignore[assignment]
    total = len(records)
    if progress:
        progress(section, 0, total)
    existing = {row["external_id"]: row for row in session.execute(select(tbl)).mappings()}
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    for rec in records:
        row = _row(section, rec, r)
        old = existing.get(rec.id)
        if old is None:
            inserts.append(row | ({self_ref[1]: None} if self_ref else {}))
        elif any(old[k] != v for k, v in row.items()):
            updates.append(row | {"id": old["id"]})
    done = 0
    for chunk in batched(inserts, ROWS_PER_EXECUTE):
        session.execute(insert(tbl), chunk)
        done += len(chunk)
        if progress:
            progress(section, done, total)
    _bulk_update(session, tbl, updates)
    ids = r.load(section, model)
    changed = {row["id"] for row in updates}
    if self_ref is not None:
        fld, col = self_ref
        moves: list[dict[str, Any]] = []
        for rec in records:
            want = r.get(section, getattr(rec, fld))
            old = existing.get(rec.id)
            if want != (old[col] if old is not None else None):
                moves.append({"id": ids[rec.id], col: want})
                if old is not None:
                    changed.add(old["id"])
        _bulk_update(session, tbl, moves)
    if assoc is not None:
        tagged = _sync_values(session, assoc, records, ids, r)
        changed |= {existing[rec.id]["id"] for rec in records if rec.id in existing} & tagged
    queued = 0
    new_ids = [ids[row["external_id"]] for row in inserts]
    rtype = RECORD_TYPE_OF.get(model)
    if rtype is not None:
        queued = outbox.enqueue(session, rtype, [*new_ids, *sorted(changed)], OutboxOp.UPSERT)
    if progress:
        progress(section, total, total)
    counts = SectionCounts(len(inserts), len(changed), total - len(inserts) - len(changed))
    return counts, queued, {*new_ids, *changed}


def _foreign_feedback(
    records: Sequence[Any], touched: set[int], r: _Refs, operator: Operator
) -> list[tuple[int, int]]:
    """(bundle index, giver id) of each feedback record written in someone else's name."""
    ids = r.ids["feedback"]
    out = []
    for i, rec in enumerate(records):
        giver = r.get("people", rec.giver)
        if ids[rec.id] in touched and giver is not None and giver != operator.person_id:
            out.append((i, giver))
    return out


def _not_yours(index: int, source: LoadedBundle | None) -> Problem:
    where = source.where("feedback", index) if source else f"feedback[{index}]"
    why = "given by someone other than the importer: only a migration import may do that"
    return Problem(where, "giver", why)


def import_bundle(
    sessions: sessionmaker[Session],
    bundle: Bundle,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
    source: LoadedBundle | None = None,
    operator: Operator = CLI,
    migration: bool = False,
) -> ImportReport:
    """Check ``bundle`` against the database, then merge it in one transaction.

    Raises :class:`ValidationFailed` listing every problem (including ``source.problems``, the
    records that failed to load) and writes nothing when there is any. With ``dry_run`` the
    import runs to the end and is rolled back, so the counts are exactly what it would do.
    Feedback created or changed in anyone's name but ``operator``'s is refused unless
    ``migration`` is set, and then audited.
    """
    started = time.perf_counter()
    report = ImportReport(dry_run=dry_run, cleaned=source.cleaned if source else 0)
    with sessions() as session:
        session.begin()
        try:
            state = DbState.fetch(session)
            problems = [*(source.problems if source else []), *check_bundle(bundle, state, source)]
            if problems:
                raise ValidationFailed(problems)
            refs = _Refs(session, PersonResolver(bundle, state))
            before = import_audit.people_state(session)
            foreign: list[tuple[int, int]] = []
            for section in _PLAN:
                records = list(getattr(bundle, section))
                counts, queued, touched = _import_section(session, section, records, refs, progress)
                report.sections[section] = counts
                report.outbox_rows += queued
                if section == "feedback":
                    foreign = _foreign_feedback(records, touched, refs, operator)
            if foreign and not migration:
                raise ValidationFailed([_not_yours(i, source) for i, _ in foreign])
            events = import_audit.person_events(
                before, import_audit.people_state(session), operator
            )
            events += import_audit.migration_events((g for _, g in foreign), operator)
            import_audit.write(session, events)
            report.audited = len(events)
        except BaseException:
            session.rollback()
            raise
        if dry_run:
            session.rollback()
        else:
            auth.revoke_inactive(session)  # the bulk writes above bypass the ORM's hook
            session.commit()
    report.seconds = time.perf_counter() - started
    return report
