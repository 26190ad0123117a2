"""An :class:`~retrieval.types.AccessScope` as query filters: a Chroma ``where`` for the vector
leg, a SQL ``WHERE`` for the lexical leg, and a plain predicate for checking one document.

Allow-lists only. Chroma's ``$ne``/``$nin`` (checked on chromadb 1.5.9) also match documents that
lack the key, so a deny-list would leak any document indexed without that piece of metadata; an
``$in``/``$eq`` never matches a missing key, and neither do ``$gte``/``$lte`` (used for the date
window). The same holds in SQL, where ``NULL IN (...)`` is never true. A scope never turns into an
empty filter: that would be an unfiltered query, so it raises instead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, and_, or_
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import GenericFunction
from sqlalchemy.types import String

from retrieval.types import AccessScope, Clause, Document, date_int

__all__ = [
    "CHROMA_KEYS",
    "SQL_COLUMNS",
    "is_broad",
    "matches",
    "split_scope",
    "to_chroma_where",
    "to_sql",
]

# Document field → Chroma metadata key, as retrieval/index.py's metadata_of writes them.
CHROMA_KEYS = {
    "subject_id": "subject",
    "author_id": "author",
    "team_id": "team",
    "visibility": "visibility",
    "record_type": "record_type",
    "date": "date",
}
# The columns to_sql needs in the lexical documents table (retrieval/lexical.py).
SQL_COLUMNS = ("subject_id", "author_id", "team_id", "visibility", "record_type", "date")

Where = dict[str, Any]


def _conditions(clause: Clause) -> list[tuple[str, tuple[Any, ...]]]:
    """(document field, allowed values) pairs a clause requires, all of them non-empty."""
    pairs: list[tuple[str, tuple[Any, ...]]] = [("visibility", clause.visibilities)]
    for name, values in (
        ("subject_id", clause.subject_ids),
        ("author_id", clause.author_ids),
        ("team_id", clause.team_ids),
        ("record_type", clause.record_types),
    ):
        if values:
            pairs.append((name, tuple(values)))
    return pairs


class _NotIndexed(GenericFunction[str]):
    """A text column the planner must not look up through an index: SQLite's unary ``+``
    (https://sqlite.org/optoverview.html, "Disqualifying WHERE clause terms"), the bare column
    elsewhere.

    Without statistics SQLite prefers the visibility index for a pinned clause of several
    people (``visibility IN ('restricted', 'shared') AND subject_id IN (...)``), whose
    visibilities hold half the table: a manager's 572 pinned documents at 2,000 people were read
    by walking ~97k index entries (44 ms), and a team clause's goal record types sent a
    director's through the record-type index. Pinned by person or team, the clause's own id
    index is the narrow one. PostgreSQL keeps statistics and needs no hint."""

    type = String()
    inherit_cache = True


@compiles(_NotIndexed)
def _not_indexed(element: _NotIndexed, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(element.clauses, **kw)


@compiles(_NotIndexed, "sqlite")
def _not_indexed_sqlite(element: _NotIndexed, compiler: SQLCompiler, **kw: Any) -> str:
    return f"+{compiler.process(element.clauses, **kw)}"


# A pinned clause's conditions that are not its pins (subjects, authors, teams).
_UNPINNING = frozenset({"visibility", "record_type"})


def _date_bound(value: dt.date | int) -> int:
    return value if isinstance(value, int) else date_int(value)


def _extras(
    subject_id: int | None,
    record_types: Iterable[str] | None,
    since: dt.date | int | None,
    until: dt.date | int | None,
) -> list[tuple[str, str, Any]]:
    """Narrowing conditions as (field, op, value); op is one of eq, in, gte, lte."""
    out: list[tuple[str, str, Any]] = []
    if subject_id is not None:
        out.append(("subject_id", "eq", subject_id))
    if record_types is not None:
        types = tuple(dict.fromkeys(record_types))
        if not types:
            raise ValueError("record_types=() would match nothing; pass None for no filter")
        out.append(("record_type", "in", types))
    if since is not None:
        out.append(("date", "gte", _date_bound(since)))
    if until is not None:
        out.append(("date", "lte", _date_bound(until)))
    return out


def _all(parts: Sequence[Where]) -> Where:
    # Chroma rejects $and/$or with fewer than two operands.
    return parts[0] if len(parts) == 1 else {"$and": list(parts)}


def _any(parts: Sequence[Where]) -> Where:
    return parts[0] if len(parts) == 1 else {"$or": list(parts)}


def _chroma_in(field: str, values: tuple[Any, ...]) -> Where:
    key = CHROMA_KEYS[field]
    return {key: {"$eq": values[0]}} if len(values) == 1 else {key: {"$in": list(values)}}


def to_chroma_where(
    scope: AccessScope,
    *,
    subject_id: int | None = None,
    record_types: Iterable[str] | None = None,
    since: dt.date | int | None = None,
    until: dt.date | int | None = None,
) -> Where:
    """The Chroma ``where`` for ``scope``, optionally narrowed to one subject, some record types
    and a date window (inclusive; dates as ``datetime.date`` or YYYYMMDD ints)."""
    if scope is None or not scope.clauses:
        raise ValueError("refusing to build a filter from an empty access scope")
    access = _any([_all([_chroma_in(f, v) for f, v in _conditions(c)]) for c in scope.clauses])
    parts = [access]
    for field, op, value in _extras(subject_id, record_types, since, until):
        key = CHROMA_KEYS[field]
        if op == "in":
            parts.append(_chroma_in(field, value))
        else:
            parts.append({key: {f"${op}": value}})
    where = _all(parts)
    if not where:  # cannot happen with a valid scope; an empty where would be unfiltered
        raise ValueError("refusing to return an empty filter")
    return where


def to_sql(
    scope: AccessScope,
    columns: Mapping[str, ColumnElement[Any]] | Any,
    *,
    subject_id: int | None = None,
    record_types: Iterable[str] | None = None,
    since: dt.date | int | None = None,
    until: dt.date | int | None = None,
) -> ColumnElement[bool]:
    """The same filter as :func:`to_chroma_where`, as a SQL boolean over ``columns`` — a mapping
    from the names in :data:`SQL_COLUMNS` to columns (a table's ``.c`` works). A missing column
    the scope needs raises rather than silently dropping a condition."""
    if scope is None or not scope.clauses:
        raise ValueError("refusing to build a filter from an empty access scope")

    def col(name: str) -> ColumnElement[Any]:
        if name not in columns:
            raise ValueError(f"access filter needs a {name!r} column")
        column: ColumnElement[Any] = columns[name]
        return column

    def allowed(name: str, values: tuple[Any, ...], pinned: bool) -> ColumnElement[bool]:
        column = col(name)
        if pinned and name in _UNPINNING:
            column = _NotIndexed(column)
        return column == values[0] if len(values) == 1 else column.in_(values)

    access = or_(
        *[and_(*[allowed(f, v, not is_broad(c)) for f, v in _conditions(c)]) for c in scope.clauses]
    )
    parts = [access]
    for field, op, value in _extras(subject_id, record_types, since, until):
        if op == "eq":
            parts.append(col(field) == value)
        elif op == "in":
            parts.append(col(field).in_(value))
        elif op == "gte":
            parts.append(col(field) >= value)
        else:
            parts.append(col(field) <= value)
    return and_(*parts)


def matches(scope: AccessScope, doc: Document) -> bool:
    """Whether ``scope`` lets its holder see ``doc``: the filters' meaning, in plain Python (for
    checks after the fact, such as a grounding step, and for tests)."""
    return any(
        all(getattr(doc, f) is not None and getattr(doc, f) in v for f, v in _conditions(c))
        for c in scope.clauses
    )


def is_broad(clause: Clause) -> bool:
    """Whether ``clause`` is pinned to no one: the organisation-wide public clause (Clause allows
    no other unpinned kind), which every caller's scope shares and which grows with the org."""
    return not (clause.subject_ids or clause.author_ids or clause.team_ids)


def split_scope(scope: AccessScope) -> tuple[AccessScope | None, AccessScope | None]:
    """``scope`` as (its pinned clauses, its broad clauses), either None when it has none; the
    union of the two is ``scope``. The pinned part is small (records about the people and teams
    the caller may see) and indexed by subject, author and team; the broad part is the same for
    everyone, so it can be searched on its own with a simple filter and the lists merged."""
    if scope is None or not scope.clauses:
        raise ValueError("refusing to split an empty access scope")
    pinned = tuple(c for c in scope.clauses if not is_broad(c))
    broad = tuple(c for c in scope.clauses if is_broad(c))
    return (
        AccessScope(scope.person_id, pinned) if pinned else None,
        AccessScope(scope.person_id, broad) if broad else None,
    )
