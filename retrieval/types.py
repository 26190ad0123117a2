"""The data that crosses between the assistant and retrieval.

The assistant decides *who may see what* (assistant/access.py) and expresses it as an
:class:`AccessScope`; retrieval only translates a scope into query filters (Chroma ``where``
and SQL) and never widens it. Records become :class:`Document` s for indexing and
:class:`ContextItem` s for prompts; a record's text lives in the database, never in the vector
store.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

# Visibility tags carried by every indexed document.
#   public        a public goal (and its key results/updates): anyone in the organisation
#   restricted    a private goal and its parts: the owner and their management chain
#   shared        feedback shared with its receiver; a check-in's shared notes; action items
#   manager_only  feedback for the receiver's management chain only
#   private       the author's own note (private feedback, a manager's private check-in notes)
VISIBILITIES = ("public", "restricted", "shared", "manager_only", "private")


@dataclass(frozen=True)
class Clause:
    """Documents matching ALL given conditions. An empty tuple means "no condition on this" only
    for the optional fields; every clause must pin its visibilities and, unless it allows only
    ``public``, at least one of subjects/authors/teams, so a clause can never match everything.

    ``team_ids`` matches a document's ``team_id``, which only team-owned records carry (a team
    goal and its key results/updates); person records have ``team_id`` None, so a team clause can
    never reach one person's private goal.
    """

    visibilities: tuple[str, ...]
    subject_ids: tuple[int, ...] = ()
    author_ids: tuple[int, ...] = ()
    record_types: tuple[str, ...] = ()
    team_ids: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        if not self.visibilities:
            raise ValueError("a clause must name the visibilities it allows")
        unknown = set(self.visibilities) - set(VISIBILITIES)
        if unknown:
            raise ValueError(f"unknown visibilities: {sorted(unknown)}")
        pinned = self.subject_ids or self.author_ids or self.team_ids
        if not pinned and self.visibilities != ("public",):
            raise ValueError("a non-public clause must be pinned to subjects, authors or teams")


@dataclass(frozen=True)
class AccessScope:
    """What one caller may see: the union of its clauses (allow-list only, never deny-lists)."""

    person_id: int
    clauses: tuple[Clause, ...]

    def __post_init__(self) -> None:
        if not self.clauses:
            raise ValueError("an access scope with no clauses would be an unfiltered query")


@dataclass(frozen=True)
class Document:
    """One indexed unit: vector + access metadata. ``text`` is embedded, never stored in Chroma."""

    doc_id: str  # e.g. "F123" or "C45:private"
    citation: str  # the record's citation id, e.g. "F123", "C45"
    record_type: str  # a key of assistant.models.INDEXED
    record_id: int
    subject_id: int | None
    author_id: int | None
    team_id: int | None  # the owning team of a team goal/KR/update; None on person records
    visibility: str
    date: int  # YYYYMMDD, so Chroma can range-filter it
    cycle_id: int | None
    text: str


@dataclass(frozen=True)
class ContextItem:
    """A record as a prompt sees it: labelled with its citation id, text marked untrusted when a
    coworker wrote it."""

    citation: str
    record_type: str
    record_id: int
    date: dt.date | None
    subject_id: int | None
    author_id: int | None
    label: str  # short human header, e.g. "Feedback (praise) from Priya Raman, 2026-10-02"
    text: str
    untrusted: bool = True
    facts: dict[str, str | int | float | None] = field(default_factory=dict)
    score: float = 0.0


@dataclass(frozen=True)
class Hit:
    citation: str
    record_type: str
    record_id: int
    score: float
    vector_rank: int | None = None
    lexical_rank: int | None = None
    vector_score: float | None = None  # cosine similarity
    lexical_score: float | None = None  # the database's full-text score, higher is better


def date_int(value: dt.date) -> int:
    return value.year * 10_000 + value.month * 100 + value.day


def fingerprint(doc: Document) -> str:
    """A short hash of everything a document's index entries are built from, to spot stale ones."""
    parts = (
        doc.doc_id,
        doc.citation,
        doc.record_type,
        doc.record_id,
        doc.subject_id,
        doc.author_id,
        doc.team_id,
        doc.visibility,
        doc.date,
        doc.cycle_id,
        doc.text,
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]
