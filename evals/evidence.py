"""The organisation as the judge sees it: every record as :class:`Evidence`, every person, the
citations a caller may see (through :mod:`assistant.access`, the one policy), and the planted
facts of the demo resolved to record ids."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant import access
from assistant.models import (
    CITATION_PREFIX,
    INDEXED,
    ActionItem,
    CheckIn,
    Feedback,
    Goal,
    GoalUpdate,
    KeyResult,
)
from assistant.models import Person as PersonRow
from evals.cases import Fact
from evals.sample import Evidence, Person, ResolvedFact

MODELS: dict[str, Any] = dict(INDEXED)  # Any: the rows are read by attribute


def _cite(rtype: str, rid: int) -> str:
    return f"{CITATION_PREFIX[rtype]}{rid}"


def load_people(session: Session) -> list[Person]:
    rows = session.scalars(select(PersonRow).order_by(PersonRow.id))
    return [Person(p.id, p.name, p.email, p.pronouns) for p in rows]


def _span(cycle: Any) -> tuple[dt.date, dt.date] | None:
    return None if cycle is None else (cycle.start_date, cycle.end_date)


def load_records(session: Session) -> tuple[dict[str, Evidence], dict[str, str]]:
    """Every record (``C12:private`` for a check-in's private notes) and external id -> citation."""
    names = {p.id: p.name for p in load_people(session)}
    out: dict[str, Evidence] = {}
    ext: dict[str, str] = {}

    def add(ev: Evidence, external_id: str | None = None) -> None:
        out[ev.citation] = ev
        if external_id:
            ext[external_id] = ev.citation.split(":")[0]

    # The drafter sees a goal with the date of its latest update; so must the judge.
    last_update: dict[int, str] = {}
    for goal_id, day in session.execute(select(GoalUpdate.goal_id, GoalUpdate.date)):
        last_update[goal_id] = max(last_update.get(goal_id, ""), day.isoformat())
    cycles = {g.id: _span(g.cycle) for g in session.scalars(select(Goal))}
    for g in session.scalars(select(Goal)):
        add(Evidence(_cite("goal", g.id), "goal", g.created_on, g.owner_person_id,
                     g.owner_person_id, f"Goal: {g.title}", g.description,
                     {"title": g.title, "status": g.status.value, "progress": g.progress,
                      "due_date": g.due_date.isoformat() if g.due_date else None,
                      "last_update": last_update.get(g.id)},
                     g.visibility.value, cycles[g.id]), g.external_id)  # fmt: skip
    for k in session.scalars(select(KeyResult)):
        add(Evidence(_cite("key_result", k.id), "key_result", None, k.goal.owner_person_id,
                     k.goal.owner_person_id, f"Key result: {k.title}", k.title,
                     {"goal": k.goal.title, "start": k.start_value, "target": k.target_value,
                      "current": k.current_value, "unit": k.unit},
                     cycle=cycles.get(k.goal_id)), k.external_id)  # fmt: skip
    for u in session.scalars(select(GoalUpdate)):
        add(Evidence(_cite("goal_update", u.id), "goal_update", u.date, u.goal.owner_person_id,
                     u.author_id, f"Update on {u.goal.title} by {names.get(u.author_id)}",
                     u.note, {"progress": u.progress, "status": u.status.value,
                              "confidence": u.confidence},
                     cycle=cycles.get(u.goal_id)), u.external_id)  # fmt: skip
    for f in session.scalars(select(Feedback)):
        add(Evidence(_cite("feedback", f.id), "feedback", f.date, f.receiver_id, f.giver_id,
                     f"Feedback ({f.kind.value}) from {names.get(f.giver_id)}", f.text,
                     {"receiver": names.get(f.receiver_id)}, f.visibility.value),
            f.external_id)  # fmt: skip
    for c in session.scalars(select(CheckIn)):
        label = f"1:1 of {names.get(c.employee_id)} with {names.get(c.manager_id)}"
        add(Evidence(_cite("checkin", c.id), "checkin", c.date, c.employee_id, c.manager_id,
                     label, c.shared_notes, {"mood": c.mood}), c.external_id)  # fmt: skip
        if c.private_notes:
            add(Evidence(_cite("checkin", c.id) + ":private", "checkin", c.date, c.employee_id,
                         c.manager_id, "Private notes: " + label, c.private_notes, {},
                         "private"))  # fmt: skip
    for a in session.scalars(select(ActionItem)):
        add(Evidence(_cite("action_item", a.id), "action_item", a.checkin.date,
                     a.checkin.employee_id, a.owner_id, f"Action item for {names.get(a.owner_id)}",
                     a.text, {"status": a.status.value,
                              "due_date": a.due_date.isoformat() if a.due_date else None}),
            a.external_id)  # fmt: skip
    return out, ext


def visible_citations(session: Session, caller: access.Caller) -> frozenset[str]:
    """Every citation the access policy lets ``caller`` see (its SQL predicates, not ours)."""
    seen: set[str] = set()
    for rtype, model in MODELS.items():
        ids = session.scalars(select(model.id).where(access.visible(model, caller)))
        seen.update(_cite(rtype, i) for i in ids)
    private = session.scalars(
        select(CheckIn.id).where(access.visible(CheckIn, caller, part="private"))
    )
    seen.update(_cite("checkin", i) + ":private" for i in private)
    return frozenset(seen)


class Planted:
    """Resolves ``planted:<field>`` against assistant.demo.planted.PLANTED and the database."""

    def __init__(self, planted: Any, ext_to_cite: dict[str, str], people: list[Person]):
        self.planted = planted
        self.ext = ext_to_cite
        self.by_email = {p.email: p for p in people}

    def value(self, key: str) -> Any:
        """``field`` or ``field.N`` (the N-th entry of a tuple field)."""
        name, _, index = key.partition(".")
        if not hasattr(self.planted, name):
            raise KeyError(f"no planted fact {name!r}")
        value = getattr(self.planted, name)
        return value[int(index)] if index else value

    def email(self, ref: str) -> str:
        """A case's ``as``/``subject``: an email, or ``planted:<field>`` naming one."""
        if ref.startswith("planted:"):
            value = self.value(ref.removeprefix("planted:"))
            if isinstance(value, tuple):
                value = value[0]
            return str(value)
        return ref

    def text(self, ref: str) -> str:
        return str(self.value(ref.removeprefix("planted:"))) if ref.startswith("planted:") else ref

    def _parts(self, value: Any) -> tuple[set[str], list[str]]:
        cites: set[str] = set()
        phrases: list[str] = []
        values = value if isinstance(value, tuple) else (value,)
        for v in values:
            if dataclasses.is_dataclass(v):
                # An Injection: its canary. Citing the injected record is allowed (the caller
                # may see it); repeating its payload is not.
                phrases.append(v.canary)  # type: ignore[union-attr]
            elif isinstance(v, str) and v in self.ext:
                cites.add(self.ext[v])
            elif isinstance(v, str) and v in self.by_email:
                phrases.append(self.by_email[v].name)
            elif isinstance(v, str):
                phrases.append(v)
        return cites, phrases

    def resolve(self, fact: Fact) -> ResolvedFact:
        if fact.planted:
            cites, phrases = self._parts(self.value(fact.planted))
            return ResolvedFact(fact.label, frozenset(cites), tuple(phrases))
        if fact.cite:
            return ResolvedFact(fact.label, frozenset({fact.cite}))
        return ResolvedFact(fact.label, phrases=(fact.phrase or "",))
