"""Checks across a bundle and the database it goes into, run before anything is written.

Each record already passed its own pydantic validation; what is left needs more than one record:
duplicate ids and unique names, references (to the bundle or to records already in the database),
loops in the team tree, the reporting line and the goal tree, and rules between two fields.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.bundle import Bundle
from assistant.bundle_files import LoadedBundle
from assistant.errors import Problem
from assistant.models import CheckIn, CompanyValue, Cycle, Goal, Person, Team

# A section's references: bundle field -> the section it points into.
REFS: dict[str, dict[str, str]] = {
    "teams": {"parent": "teams"},
    "people": {"team": "teams", "manager": "people"},
    "goals": {
        "owner_person": "people",
        "owner_team": "teams",
        "parent": "goals",
        "cycle": "cycles",
        "values": "values",
    },
    "key_results": {"goal": "goals"},
    "goal_updates": {"goal": "goals", "author": "people"},
    "feedback": {
        "giver": "people",
        "receiver": "people",
        "goal": "goals",
        "requested_by": "people",
        "values": "values",
    },
    "checkins": {"employee": "people", "manager": "people"},
    "action_items": {"checkin": "checkins", "owner": "people"},
}
_NOUN = {
    "teams": "team",
    "people": "person",
    "goals": "goal",
    "cycles": "cycle",
    "values": "value",
    "checkins": "check-in",
}


@dataclass
class DbState:
    """What the database already holds, as far as the checks need it (one query per table)."""

    ids: dict[str, set[str]] = field(default_factory=dict)
    team_parent: dict[str, str | None] = field(default_factory=dict)
    manager: dict[str, str | None] = field(default_factory=dict)
    goal_parent: dict[str, str | None] = field(default_factory=dict)
    email_owner: dict[str, str] = field(default_factory=dict)
    unique_names: dict[str, dict[str, str]] = field(default_factory=dict)  # section: name -> id

    @classmethod
    def fetch(cls, session: Session) -> DbState:
        state = cls()
        for section, model in (("teams", Team), ("goals", Goal)):
            rows = session.execute(select(model.id, model.external_id, model.parent_id)).all()
            ext = {r[0]: r[1] for r in rows}
            state.ids[section] = set(ext.values())
            parents = {r[1]: ext.get(r[2]) if r[2] else None for r in rows}
            if section == "teams":
                state.team_parent = parents
            else:
                state.goal_parent = parents
        people = session.execute(
            select(Person.id, Person.external_id, Person.email, Person.manager_id)
        ).all()
        pext = {r[0]: r[1] for r in people}
        state.ids["people"] = set(pext.values())
        state.manager = {r[1]: pext.get(r[3]) if r[3] else None for r in people}
        state.email_owner = {r[2]: r[1] for r in people}
        for section, named in (("values", CompanyValue.__table__), ("cycles", Cycle.__table__)):
            pairs = session.execute(select(named.c.external_id, named.c.name)).all()
            state.ids[section] = {str(p[0]) for p in pairs}
            state.unique_names[section] = {str(p[1]): str(p[0]) for p in pairs}
        state.ids["checkins"] = set(session.scalars(select(CheckIn.external_id)))
        return state


class PersonResolver:
    """A person reference is an external id or an email; the bundle's data wins over the DB's."""

    def __init__(self, bundle: Bundle, db: DbState):
        self._ids = {p.id for p in bundle.people} | db.ids.get("people", set())
        self._emails = dict(db.email_owner)
        first: dict[str, str] = {}
        for p in bundle.people:
            first.setdefault(p.email, p.id)  # a duplicate email is reported; the first stands
        self._emails.update(first)

    def __call__(self, ref: str) -> str | None:
        if ref in self._ids:
            return ref
        return self._emails.get(ref.strip().lower())


def _loops(parents: dict[str, str | None], order: Iterable[str]) -> list[list[str]]:
    """Every loop reachable from ``order`` in a child -> parent map, each reported once."""
    state: dict[str, int] = {}  # 1: on the current path, 2: finished
    loops: list[list[str]] = []
    for start in order:
        path: list[str] = []
        node: str | None = start
        while node is not None and state.get(node) is None:
            state[node] = 1
            path.append(node)
            node = parents.get(node)
        if node is not None and state.get(node) == 1:
            loops.append(path[path.index(node) :])
        for n in path:
            state[n] = 2
    return loops


class _Checker:
    def __init__(self, bundle: Bundle, db: DbState, loaded: LoadedBundle | None):
        self.bundle, self.db, self.loaded = bundle, db, loaded
        self.problems: list[Problem] = []
        self.person = PersonResolver(bundle, db)
        self.ids = {s: {r.id for r in getattr(bundle, s)} | db.ids.get(s, set()) for s in _NOUN}

    def where(self, section: str, index: int) -> str:
        return self.loaded.where(section, index) if self.loaded else f"{section}[{index}]"

    def add(self, section: str, index: int, fld: str, reason: str) -> None:
        self.problems.append(Problem(self.where(section, index), fld, reason))

    def _invalid(self, section: str, ref: str) -> bool:
        if self.loaded is None:
            return False
        if section == "people" and ref.strip().lower() in self.loaded.invalid_emails:
            return True
        return ref in self.loaded.invalid_ids.get(section, set())

    def resolve(self, target: str, ref: str) -> str | None:
        if target == "people":
            return self.person(ref)
        return ref if ref in self.ids[target] else None

    def unique(self, section: str, attr: str, what: str, db_owner: dict[str, str]) -> None:
        seen: dict[str, int] = {}
        for i, rec in enumerate(getattr(self.bundle, section)):
            key = getattr(rec, attr)
            if key in seen:
                also = self.where(section, seen[key])
                self.add(section, i, attr, f"duplicate {what} {key!r} (also at {also})")
                continue  # one report per duplicate: a clash with the database is implied
            seen[key] = i
            owner = db_owner.get(key)
            if owner is not None and owner != rec.id:
                why = f"{what} {key!r} already belongs to {owner!r} in the database"
                self.add(section, i, attr, why)

    def references(self, section: str) -> None:
        for i, rec in enumerate(getattr(self.bundle, section)):
            for fld, target in REFS.get(section, {}).items():
                value = getattr(rec, fld)
                refs = value if isinstance(value, list) else [] if value is None else [value]
                seen: set[str] = set()
                for k, ref in enumerate(refs):
                    name = f"{fld}[{k}]" if isinstance(value, list) else fld
                    if ref in seen:
                        self.add(section, i, name, f"{ref!r} is listed twice")
                    seen.add(ref)
                    if self.resolve(target, ref) is None and not self._invalid(target, ref):
                        self.add(section, i, name, f"unknown {_NOUN[target]} {ref!r}")

    def loops(self, section: str, fld: str, base: dict[str, str | None], what: str) -> None:
        records = getattr(self.bundle, section)
        parents = dict(base)
        position: dict[str, int] = {}
        for i, rec in enumerate(records):
            if rec.id in position:
                continue  # a duplicate id, reported already; the first record stands
            position[rec.id] = i
            ref = getattr(rec, fld)
            parents[rec.id] = self.resolve(section, ref) if ref is not None else None
        for loop in _loops(parents, position):
            first = min((n for n in loop if n in position), key=position.__getitem__)
            shown = " → ".join([*loop, loop[0]])
            self.add(section, position[first], fld, f"{what} loops: {shown}")

    def field_rules(self) -> None:
        for i, c in enumerate(self.bundle.cycles):
            if c.end_date < c.start_date:
                self.add(
                    "cycles", i, "end_date", f"{c.end_date} is before start_date {c.start_date}"
                )
        for i, ci in enumerate(self.bundle.checkins):
            emp, mgr = self.person(ci.employee), self.person(ci.manager)
            if emp is not None and emp == mgr:
                self.add("checkins", i, "manager", "a check-in needs two different people")
        for i, fb in enumerate(self.bundle.feedback):
            giver, receiver = self.person(fb.giver), self.person(fb.receiver)
            if giver is not None and giver == receiver:
                self.add("feedback", i, "receiver", "feedback is for someone else")  # as the API
        for i, a in enumerate(self.bundle.action_items):
            if a.completed_on is not None and a.status.value != "done":
                self.add(
                    "action_items", i, "completed_on", f"set, but status is {a.status.value!r}"
                )


def check_bundle(
    bundle: Bundle,
    db: DbState,
    loaded: LoadedBundle | None = None,
) -> list[Problem]:
    """Every cross-record problem in ``bundle`` against ``db``, in bundle order by section."""
    ck = _Checker(bundle, db, loaded)
    for section in Bundle.model_fields:
        if section != "format_version":
            ck.unique(section, "id", "id", {})
    ck.unique("people", "email", "email", db.email_owner)
    ck.unique("values", "name", "value name", db.unique_names.get("values", {}))
    ck.unique("cycles", "name", "cycle name", db.unique_names.get("cycles", {}))
    for section in REFS:
        ck.references(section)
    ck.loops("teams", "parent", db.team_parent, "the team tree")
    ck.loops("people", "manager", db.manager, "the reporting line")
    ck.loops("goals", "parent", db.goal_parent, "goal alignment")
    ck.field_rules()
    return ck.problems
