"""The record-kind registry bound to the data model: the one place a kind's model, its parts, who
it is about and its date window are known (docs/ARCHITECTURE.md, "Data model").

The kinds themselves — name, citation letter, labels, parent — are declared once, in
:data:`assistant.kinds.KINDS`, which stays free of SQLAlchemy for the command line. This module
resolves each declaration against :mod:`assistant.models` and derives from it what the rest of
the code used to spell out kind by kind: the model of a kind and the kind of a model, the part
graph with each part's foreign key (outbox sync re-renders and removal deletes parts with their
parent), and the SQL for "records about this person" and "records within these dates". Per-kind
code that cannot be derived (document renderers, prompt readers, access predicates) stays in the
module it belongs to, in a table checked against the registry at import
(:func:`~assistant.kinds.every_kind`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select

from assistant.kinds import (
    CITATION_RE,
    KINDS,
    LETTER_CLASS,
    RECORD_TYPES,
    RecordKind,
    UnknownKind,
    by_letter,
    children_of,
    cite,
    family,
    kind,
    parse_citation,
)
from assistant.models import INDEXED, RECORD_TYPE_OF

__all__ = [
    "CITATION_RE",
    "INDEXED",
    "KINDS",
    "LETTER_CLASS",
    "PARTS",
    "RECORD_TYPES",
    "Part",
    "RecordKind",
    "UnknownKind",
    "about",
    "by_letter",
    "children_of",
    "cite",
    "cite_row",
    "family",
    "kind",
    "kind_of",
    "model_of",
    "parse_citation",
    "parts_of",
    "window",
]


@dataclass(frozen=True)
class Part:
    """A kind that belongs to a parent record: its model and its foreign key to the parent."""

    kind: str
    model: Any  # Any: the ORM class, read by attribute
    key: Any  # the model's column holding the parent's id (KeyResult.goal_id)


def model_of(name: str) -> Any:
    """The ORM class of a kind (Any: rows are read by attribute)."""
    return INDEXED[kind(name).name]


def kind_of(model: type[Any]) -> RecordKind:
    """The kind a model is the table of; :class:`UnknownKind` for a model that is not one."""
    try:
        return kind(RECORD_TYPE_OF[model])
    except KeyError:
        raise UnknownKind(f"{model.__name__} is not the model of a record kind") from None


def cite_row(row: Any) -> str:
    """The citation of an ORM row of any kind (``G12`` for goal 12)."""
    return cite(kind_of(type(row)).name, row.id)


def _column(k: RecordKind, column: str) -> Any:
    model = INDEXED[k.name]
    if not hasattr(model, column):
        raise UnknownKind(f"record kind {k.name!r}: {model.__name__} has no {column!r}")
    return getattr(model, column)


def _part(k: RecordKind) -> Part:
    assert k.parent is not None
    _column(k, k.parent)  # the relationship the SQL below walks
    return Part(k.name, INDEXED[k.name], _column(k, f"{k.parent}_id"))


def _check(k: RecordKind) -> None:
    if k.parent is None and (k.subject is None or k.dated is None):
        raise UnknownKind(f"record kind {k.name!r} has no parent, so it names its subject and date")
    for column in (k.subject, *((k.dated,) if isinstance(k.dated, str) else k.dated or ())):
        if column is not None:
            _column(k, column)


for _k in KINDS:
    _check(_k)

PARTS: dict[str, list[tuple[str, Any]]] = {
    parent.name: [(p.kind, p.key) for p in map(_part, map(kind, children_of(parent.name)))]
    for parent in KINDS
    if children_of(parent.name)
}
"""Parent kind -> [(part kind, the part model's foreign key to the parent)], in registry order:
``{"goal": [("key_result", KeyResult.goal_id), ("goal_update", GoalUpdate.goal_id)],
"checkin": [("action_item", ActionItem.checkin_id)]}`` (the shape retrieval/sync.py walks)."""


def parts_of(name: str) -> tuple[Part, ...]:
    """The parts of one record of ``name`` that live and die with it (none for most kinds)."""
    return tuple(_part(kind(child)) for child in children_of(name))


def about(name: str, subject_id: int) -> ColumnElement[bool]:
    """A WHERE clause keeping the records of ``name`` about ``subject_id`` (a part is about whom
    its parent is about: a key result about its goal's owner)."""
    k = kind(name)
    if k.subject is not None:
        return _column(k, k.subject) == subject_id  # type: ignore[no-any-return]
    assert k.parent is not None  # _check: a kind without a subject has a parent
    # An uncorrelated IN over the few parents about the person, so the database reads the parts
    # through their foreign key's index. The relationship's .has() is a correlated EXISTS, for
    # which SQLite scanned every part in the organisation: a 1:1 agenda read all 67,000 goal
    # updates of a 2,000-person organisation to find one person's.
    parents = select(model_of(k.parent).id).where(about(k.parent, subject_id))
    return _part(k).key.in_(parents)  # type: ignore[no-any-return]


def window(name: str, since: dt.date | None, until: dt.date | None) -> list[ColumnElement[bool]]:
    """WHERE clauses keeping the records of ``name`` dated within ``since``..``until`` (inclusive,
    either open); none when both are open. A record with a lifespan (a goal: created .. due)
    counts when its life overlaps the window; a part without a date of its own goes by its
    parent's."""
    if since is None and until is None:
        return []
    lo, hi = since or dt.date.min, until or dt.date.max
    return [_within(kind(name), lo, hi)]


def _within(k: RecordKind, lo: dt.date, hi: dt.date) -> ColumnElement[bool]:
    if isinstance(k.dated, str):
        return _column(k, k.dated).between(lo, hi)  # type: ignore[no-any-return]
    if k.dated is not None:
        first, last = _column(k, k.dated[0]), _column(k, k.dated[1])
        return and_(or_(last.is_(None), last >= lo), or_(first.is_(None), first <= hi))
    assert k.parent is not None  # _check: a kind without a date has a parent
    return _column(k, k.parent).has(_within(kind(k.parent), lo, hi))  # type: ignore[no-any-return]
