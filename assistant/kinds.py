"""The vocabularies of the data model (roles, statuses, visibilities) and the registry of record
kinds (:data:`KINDS`: names, citation letters, the part graph), apart from the ORM, so the command
line can name them without importing SQLAlchemy's models. :mod:`assistant.models` re-exports the
enums; :mod:`assistant.record_kinds` binds each kind to its model."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from typing import TypeVar

__all__ = [
    "CITATION_PREFIX",
    "CITATION_RE",
    "KINDS",
    "LETTER_CLASS",
    "RECORD_TYPES",
    "ActionStatus",
    "FeedbackKind",
    "FeedbackVisibility",
    "GoalLevel",
    "GoalStatus",
    "GoalVisibility",
    "OutboxOp",
    "RecordKind",
    "Role",
    "UnknownKind",
    "by_letter",
    "children_of",
    "cite",
    "every_kind",
    "family",
    "kind",
    "parse_citation",
]


class Role(enum.StrEnum):
    EMPLOYEE = "employee"
    HR = "hr"
    ADMIN = "admin"


class GoalLevel(enum.StrEnum):
    COMPANY = "company"
    TEAM = "team"
    INDIVIDUAL = "individual"


class GoalStatus(enum.StrEnum):
    NOT_STARTED = "not_started"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    DONE = "done"
    DROPPED = "dropped"


class GoalVisibility(enum.StrEnum):
    PUBLIC = "public"
    PRIVATE = "private"


class FeedbackKind(enum.StrEnum):
    PRAISE = "praise"
    CONSTRUCTIVE = "constructive"
    SUGGESTION = "suggestion"
    REVIEW = "review"


class FeedbackVisibility(enum.StrEnum):
    SHARED = "shared"  # the receiver (and their management chain) sees it
    MANAGER_ONLY = "manager_only"  # the receiver's management chain only
    PRIVATE = "private"  # the author's own note


class ActionStatus(enum.StrEnum):
    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"


class OutboxOp(enum.StrEnum):
    UPSERT = "upsert"
    DELETE = "delete"


# --- record kinds: the registry -----------------------------------------------------------------


T = TypeVar("T")


class UnknownKind(ValueError):
    """A record kind, citation letter or model that is not in :data:`KINDS` (a programming error,
    never a user's: user input is parsed with :func:`parse_citation`, which answers None)."""


@dataclass(frozen=True)
class RecordKind:
    """One kind of record that is indexed, cited and gathered for prompts.

    Declarative and ORM-free, so the command line names kinds without importing SQLAlchemy. The
    string fields name the model's class and columns; :mod:`assistant.record_kinds` resolves them
    against :mod:`assistant.models` at import (a typo fails there, and in its test) and derives
    the SQL — who a record is about, its date window, the part graph — from them.
    """

    name: str  # the record type everywhere: outbox rows, documents, ContextItem.record_type
    letter: str  # the citation prefix: "G12"
    model: str  # the ORM class in assistant.models
    label: str  # how one reads in prose ("goal update")
    plural: str  # how counts read in reports ("3 goal updates")
    # The kind this one is a part of: its parent's row decides its access metadata and subject,
    # it is re-indexed with its parent and deleted with it. The model's foreign key to the
    # parent is ``<parent>_id`` and its relationship ``<parent>`` (checked at import).
    parent: str | None = None
    # Who the record is about (the subject person): a column of the model; None = its parent's.
    subject: str | None = None
    # The date a record is windowed by: a date column, or (first, last) columns of a lifespan
    # that must overlap the window; None = its parent's.
    dated: str | tuple[str, str] | None = None
    # Also indexed and cited as ``<citation>:private`` (a manager's private 1:1 notes).
    private_part: bool = False


# Parents before their parts (deletes run in the reverse order; a test holds this).
KINDS: tuple[RecordKind, ...] = (
    RecordKind(
        "goal",
        "G",
        "Goal",
        "goal",
        "goals",
        subject="owner_person_id",
        dated=("created_on", "due_date"),
    ),
    RecordKind("key_result", "K", "KeyResult", "key result", "key results", parent="goal"),
    RecordKind(
        "goal_update", "U", "GoalUpdate", "goal update", "goal updates", parent="goal", dated="date"
    ),
    RecordKind(
        "feedback", "F", "Feedback", "feedback", "feedback", subject="receiver_id", dated="date"
    ),
    RecordKind(
        "checkin",
        "C",
        "CheckIn",
        "1:1 check-in",
        "1:1 check-ins",
        subject="employee_id",
        dated="date",
        private_part=True,
    ),
    RecordKind("action_item", "A", "ActionItem", "action item", "action items", parent="checkin"),
)

_BY_NAME = {k.name: k for k in KINDS}
_BY_LETTER = {k.letter: k for k in KINDS}
if len(_BY_NAME) != len(KINDS) or len(_BY_LETTER) != len(KINDS):
    raise UnknownKind("record kinds need unique names and unique citation letters")
if not all(len(k.letter) == 1 and "A" <= k.letter <= "Z" for k in KINDS):
    raise UnknownKind("a citation letter is one upper-case ASCII letter")
if any(k.parent not in (None, *(p.name for p in KINDS[:i])) for i, k in enumerate(KINDS)):
    raise UnknownKind("a record kind's parent must be a kind listed before it")

RECORD_TYPES: tuple[str, ...] = tuple(_BY_NAME)
"""Every kind's name, in registry order."""

CITATION_PREFIX: dict[str, str] = {k.name: k.letter for k in KINDS}
"""Kind name -> citation letter (kept for callers that want the plain mapping)."""

LETTER_CLASS = "[" + "".join(_BY_LETTER) + "]"
"""A regex character class matching exactly the registry's letters (``[GKUFCA]``)."""

CITATION_RE = re.compile(rf"^({LETTER_CLASS})(\d{{1,12}})(:private)?$")
"""A whole citation id: letter, record id, optional ``:private`` part."""


def kind(name: str) -> RecordKind:
    try:
        return _BY_NAME[name]
    except KeyError:
        raise UnknownKind(
            f"unknown record type {name!r}; known: {', '.join(RECORD_TYPES)}"
        ) from None


def by_letter(letter: str) -> RecordKind:
    try:
        return _BY_LETTER[letter]
    except KeyError:
        raise UnknownKind(f"no record kind is cited with {letter!r}") from None


def children_of(name: str) -> tuple[str, ...]:
    """The kinds that are parts of ``name`` (``"goal"`` -> key results and updates)."""
    kind(name)
    return tuple(k.name for k in KINDS if k.parent == name)


def family(name: str) -> tuple[str, ...]:
    """``name`` and every kind below it in the part graph, in registry order."""
    names = {kind(name).name}
    for k in KINDS:  # parents come first, so one pass reaches grandchildren too
        if k.parent in names:
            names.add(k.name)
    return tuple(n for n in RECORD_TYPES if n in names)


def cite(name: str, record_id: int) -> str:
    """The one way a citation is written: ``cite("goal", 12) == "G12"``."""
    return f"{kind(name).letter}{record_id}"


def parse_citation(citation: str) -> tuple[str, int, bool] | None:
    """``"F12"`` -> ``("feedback", 12, False)``; ``"C3:private"`` -> ``("checkin", 3, True)``;
    None for anything else (a model's or a user's text: never raises)."""
    m = CITATION_RE.match(citation.strip())
    if not m:
        return None
    k = _BY_LETTER[m.group(1)]
    private = m.group(3) is not None
    if private and not k.private_part:
        return None
    return k.name, int(m.group(2)), private


def every_kind(table: dict[str, T], what: str) -> dict[str, T]:
    """``table`` unchanged once it holds exactly one entry per kind (per-kind code — renderers,
    readers — is kept in a table keyed by kind and checked here at import, so a new kind without
    one fails at start-up instead of being silently skipped or defaulted)."""
    missing = [n for n in RECORD_TYPES if n not in table]
    extra = sorted(set(table) - set(RECORD_TYPES))
    if missing or extra:
        raise UnknownKind(f"{what}: missing kinds {missing}, unknown kinds {extra}")
    return table
