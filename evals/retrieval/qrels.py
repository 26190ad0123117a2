"""The labelled query set (queries.yaml) and its qrels, resolved against the database at run time.

Record ids depend on import order and most external ids on how many records the generator drew
before them, so qrels are declarative: a query names the planted records it wants by external id
(``ids``; the planted ones are fixed, PLANTED.md) and/or describes the rest by predicates
(``match``) over what is stable whatever ``today`` the demo is generated for: who a record is
about and who wrote it (by email), its type, feedback kind, goal/action status, overdue-ness, and
its text — a phrase, or a behaviour from the demo's own fragment bank
(assistant/demo/behaviours.py), which says which feedback talks about code review, mentoring...
The generated text itself varies with ``today``; the unit test resolves every query for other
days too, so a predicate too narrow to survive that fails there.

A query runs as one caller; its qrels are the matching records *that caller may see* (checked
with the same :func:`retrieval.filters.matches` the index filters mean), so no query rewards a leak.
A query that resolves to nothing, or to more than :data:`MAX_RELEVANT` records, is a labelling
error and raises: recall on a vague query says little.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.access import load_caller, scope_for
from assistant.documents import render_documents
from assistant.models import INDEXED, ActionItem, Feedback, Goal, GoalUpdate, Person, Team
from retrieval.filters import matches
from retrieval.types import AccessScope, Document

__all__ = [
    "MAX_RELEVANT",
    "Corpus",
    "Predicate",
    "Query",
    "Record",
    "ResolvedQuery",
    "load_corpus",
    "load_queries",
    "resolve",
]

MAX_RELEVANT = 20
QUERIES_FILE = "queries.yaml"

_Strs = list[str]


def _as_list(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


class Predicate(BaseModel):
    """Records matching ALL the given fields (each list field: any of its values)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    type: _Strs = Field(default_factory=list)  # record types (assistant.models.INDEXED keys)
    about: _Strs = Field(default_factory=list)  # subject's email: receiver, owner, employee
    by: _Strs = Field(default_factory=list)  # author's email: giver, owner, manager, item owner
    about_team: _Strs = Field(default_factory=list)  # subject's team external id
    kind: _Strs = Field(default_factory=list)  # feedback kind
    status: _Strs = Field(default_factory=list)  # goal / goal update / action item status
    overdue: bool | None = None  # action items: open and due before today
    text_any: _Strs = Field(default_factory=list)  # case-insensitive phrases, any of them
    text_all: _Strs = Field(default_factory=list)  # case-insensitive phrases, all of them
    behaviour: _Strs = Field(default_factory=list)  # keys of assistant.demo.behaviours

    @field_validator(
        "type",
        "about",
        "by",
        "about_team",
        "kind",
        "status",
        "text_any",
        "text_all",
        "behaviour",
        mode="before",
    )
    @classmethod
    def _listify(cls, value: Any) -> Any:
        return _as_list(value)

    @field_validator("type")
    @classmethod
    def _known_types(cls, value: list[str]) -> list[str]:
        unknown = set(value) - set(INDEXED)
        if unknown:
            raise ValueError(f"unknown record types {sorted(unknown)}")
        return value

    @field_validator("behaviour")
    @classmethod
    def _known_behaviours(cls, value: list[str]) -> list[str]:
        unknown = set(value) - set(_behaviour_patterns())
        if unknown:
            raise ValueError(f"unknown behaviours {sorted(unknown)}")
        return value


class Query(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    id: str
    caller: str = Field(alias="as")  # the email the query runs as
    about: str | None = None  # subject filter (email), as `cadence search --about` applies
    query: str
    tags: _Strs = Field(default_factory=list)
    ids: _Strs = Field(default_factory=list)  # external ids (planted records)
    match: list[Predicate] = Field(default_factory=list)  # any of these

    @field_validator("tags", "ids", mode="before")
    @classmethod
    def _listify(cls, value: Any) -> Any:
        return _as_list(value)


def load_queries(path: Path | None = None) -> list[Query]:
    text = (
        path.read_text()
        if path
        else resources.files("evals.retrieval").joinpath(QUERIES_FILE).read_text()
    )
    raw = yaml.safe_load(text)
    queries = [Query.model_validate(q) for q in raw["queries"]]
    seen: set[str] = set()
    for q in queries:
        if q.id in seen:
            raise ValueError(f"duplicate query id {q.id!r}")
        if not q.ids and not q.match:
            raise ValueError(f"query {q.id!r} has neither ids nor match")
        seen.add(q.id)
    return queries


# --- behaviours: the demo's fragment bank as patterns ----------------------------------------


@cache
def _behaviour_patterns() -> dict[str, re.Pattern[str]]:
    """One case-insensitive pattern per behaviour: any of its fragments, placeholders as
    wildcards. A feedback text built from a fragment (or a review naming the behaviour by one of
    its names) matches."""
    from assistant.demo.behaviours import BEHAVIOURS

    out: dict[str, re.Pattern[str]] = {}
    for key, b in BEHAVIOURS.items():
        fragments = [*b.did, *b.detail, *b.missed, *b.ask]
        alts = [re.sub(r"\\\{\w+\\\}", r".{1,60}?", re.escape(f.rstrip("."))) for f in fragments]
        # A one-word name ("numbers", "teaching") says too little on its own to mark relevance.
        names = [b.label, *(n for n in b.names if " " in n)]
        alts.extend(re.sub(r"\\\{\w+\\\}", r".{1,60}?", re.escape(n)) for n in names)
        out[key] = re.compile("|".join(f"(?:{a})" for a in alts), re.IGNORECASE)
    return out


# --- the corpus: every record with what predicates look at ------------------------------------


@dataclass
class Record:
    citation: str
    record_type: str
    external_id: str
    docs: list[Document] = field(default_factory=list)
    kind: str | None = None
    status: str | None = None
    due: dt.date | None = None


@dataclass
class Corpus:
    records: dict[str, Record]  # by citation
    by_external_id: dict[str, str]  # external id -> citation
    person_ids: dict[str, int]  # email -> id
    team_members: dict[str, set[int]]  # team external id -> person ids
    today: dt.date

    def person(self, email: str) -> int:
        try:
            return self.person_ids[email.lower()]
        except KeyError:
            raise ValueError(f"no person {email!r} in the demo organisation") from None


def _enum(value: Any) -> str | None:
    return None if value is None else str(getattr(value, "value", value))


def load_corpus(session: Session, today: dt.date) -> Corpus:
    """Every indexed record of the database, rendered as the indexer renders it."""
    records: dict[str, Record] = {}
    by_ext: dict[str, str] = {}
    extras: dict[tuple[str, int], dict[str, Any]] = defaultdict(dict)
    for fid, kind in session.execute(select(Feedback.id, Feedback.kind)):
        extras[("feedback", fid)]["kind"] = _enum(kind)
    for rid, status in session.execute(select(Goal.id, Goal.status)):
        extras[("goal", rid)]["status"] = _enum(status)
    for rid, status in session.execute(select(GoalUpdate.id, GoalUpdate.status)):
        extras[("goal_update", rid)]["status"] = _enum(status)
    for rid, item_status, due in session.execute(
        select(ActionItem.id, ActionItem.status, ActionItem.due_date)
    ):
        extras[("action_item", rid)].update(status=_enum(item_status), due=due)
    for rtype, model in INDEXED.items():
        rows = session.execute(select(model.id, model.external_id))  # type: ignore[attr-defined]
        ext: dict[int, str] = {rid: ext_id for rid, ext_id in rows}
        for doc in render_documents(session, rtype, list(ext)):
            rec = records.get(doc.citation)
            if rec is None:
                rec = Record(
                    doc.citation, rtype, ext[doc.record_id], **extras[(rtype, doc.record_id)]
                )
                records[doc.citation] = rec
                by_ext[rec.external_id] = doc.citation
            rec.docs.append(doc)
    people = {e.lower(): i for i, e in session.execute(select(Person.id, Person.email))}
    members: dict[str, set[int]] = defaultdict(set)
    for pid, team_ext in session.execute(
        select(Person.id, Team.external_id).join(Team, Person.team_id == Team.id)
    ):
        members[team_ext].add(pid)
    return Corpus(records, by_ext, people, dict(members), today)


def _doc_matches(p: Predicate, rec: Record, doc: Document, corpus: Corpus) -> bool:
    if p.type and rec.record_type not in p.type:
        return False
    if p.about and doc.subject_id not in {corpus.person(e) for e in p.about}:
        return False
    if p.by and doc.author_id not in {corpus.person(e) for e in p.by}:
        return False
    if p.about_team:
        team = set().union(*(corpus.team_members.get(t, set()) for t in p.about_team))
        if doc.subject_id not in team:
            return False
    if p.kind and rec.kind not in p.kind:
        return False
    if p.status and rec.status not in p.status:
        return False
    if p.overdue is not None:
        late = rec.status == "open" and rec.due is not None and rec.due < corpus.today
        if rec.record_type != "action_item" or late != p.overdue:
            return False
    text = doc.text.lower()
    if p.text_any and not any(t.lower() in text for t in p.text_any):
        return False
    if p.text_all and not all(t.lower() in text for t in p.text_all):
        return False
    patterns = _behaviour_patterns()
    return not (p.behaviour and not any(patterns[b].search(doc.text) for b in p.behaviour))


@dataclass(frozen=True)
class ResolvedQuery:
    query: Query
    scope: AccessScope
    relevant: frozenset[str]  # citations
    subject_id: int | None = None  # the search's subject filter, from ``about``


def resolve(session: Session, corpus: Corpus, queries: Sequence[Query]) -> list[ResolvedQuery]:
    """Each query's caller scope and qrels: the records it names or describes that the caller may
    see. Raises ValueError for a query that resolves to nothing or to too much."""
    out = []
    for q in queries:
        scope = scope_for(load_caller(session, q.caller))
        subject = corpus.person(q.about) if q.about else None
        relevant: set[str] = set()
        for ext in q.ids:
            if ext not in corpus.by_external_id:
                raise ValueError(f"query {q.id!r}: no record with external id {ext!r}")
            rec = corpus.records[corpus.by_external_id[ext]]
            if not any(matches(scope, d) for d in rec.docs):
                raise ValueError(f"query {q.id!r}: {q.caller} may not see {ext!r}")
            if subject is not None and all(d.subject_id != subject for d in rec.docs):
                raise ValueError(f"query {q.id!r}: {ext!r} is not about {q.about}")
            relevant.add(rec.citation)
        for rec in corpus.records.values():
            if any(
                _doc_matches(p, rec, d, corpus)
                and matches(scope, d)
                and (subject is None or d.subject_id == subject)
                for p in q.match
                for d in rec.docs
            ):
                relevant.add(rec.citation)
        if not relevant or len(relevant) > MAX_RELEVANT:
            raise ValueError(
                f"query {q.id!r} resolves to {len(relevant)} records "
                f"(want 1..{MAX_RELEVANT}): sharpen or fix its qrels"
            )
        out.append(ResolvedQuery(q, scope, frozenset(relevant), subject))
    return out
