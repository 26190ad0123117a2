"""The facts each kind of record carries into a prompt, typed per kind.

:mod:`assistant.records` builds them (and the HR themes gathering its anonymous feedback facts);
the offline drafter reads them through :func:`facts_of`, so a goal's ``progress`` is an ``int``
where it is read, not a value coerced back from whatever a dict held. A prompt sees the same
facts as ``key=value`` lines (retrieval/packing.py).

:class:`~retrieval.types.ContextItem` belongs to retrieval, which knows no record kinds and holds
``facts`` as a plain mapping of scalars; the fact types are ``TypedDict`` s so that the very dict a
builder typed is what the item holds and what a reader gets back — no conversion, nothing for a
prompt or a cache key to notice. An accessor checks the item's kind before it hands the facts
back as that kind's type. Readers use ``.get``: an item built by hand (tests, evals) may carry
only some facts, and a missing fact degrades a sentence, never crashes it.
"""

# No ``from __future__ import annotations``: TypedDict reads NotRequired[...] from evaluated
# annotations, so __required_keys__ is right at run time (a test relies on it).
from collections.abc import Mapping
from typing import Literal, NotRequired, TypedDict, TypeVar, cast

from assistant.kinds import every_kind, family
from retrieval.types import ContextItem

__all__ = [
    "FACTS",
    "ActionItemFacts",
    "CheckInFacts",
    "CycleState",
    "FactValue",
    "FeedbackFacts",
    "GoalFacts",
    "GoalUpdateFacts",
    "KeyResultFacts",
    "RecordFacts",
    "facts_of",
    "goal_part_facts",
    "stored",
]

FactValue = str | int | float | None
"""What one fact may be (ContextItem.facts' value type)."""

CycleState = Literal["current", "closed", "upcoming"]
"""Where a goal's cycle stands on the day asked about (assistant.records.cycle_state)."""


class GoalFacts(TypedDict):
    title: str
    status: str  # a GoalStatus value
    progress: int  # percent
    due_date: str | None  # ISO date
    visibility: str  # a GoalVisibility value
    level: str  # a GoalLevel value
    cycle: str | None  # the cycle's name
    cycle_state: CycleState | None
    last_update: str | None  # ISO date of the latest update
    days_overdue: int | None  # past due and still open


class KeyResultFacts(TypedDict):
    goal: str  # the goal's title
    goal_citation: str
    cycle_state: CycleState | None
    unit: str
    start: float
    target: float
    current: float
    progress: int | None  # percent of the way from start to target; None when they are equal


class GoalUpdateFacts(TypedDict):
    goal: str
    goal_citation: str
    cycle_state: CycleState | None
    status: str  # a GoalStatus value
    progress: int
    confidence: int | None  # 1..5
    author: str | None


class FeedbackFacts(TypedDict):
    kind: str  # a FeedbackKind value: all an anonymous (HR themes) item carries
    visibility: NotRequired[str]  # a FeedbackVisibility value
    giver: NotRequired[str | None]
    receiver: NotRequired[str | None]
    goal: NotRequired[str | None]  # the title of the goal it is about
    values: NotRequired[str | None]  # company values, comma-separated


class CheckInFacts(TypedDict):
    part: Literal["shared", "private"]  # which notes the item's text is
    manager: str | None
    employee: str | None
    mood: NotRequired[int | None]  # 1..5, on the shared part only


class ActionItemFacts(TypedDict):
    status: str  # an ActionStatus value
    owner: str | None
    due_date: str | None
    checkin: str  # the citation of the 1:1 it came from
    checkin_date: str
    days_overdue: int | None


RecordFacts = (
    GoalFacts | KeyResultFacts | GoalUpdateFacts | FeedbackFacts | CheckInFacts | ActionItemFacts
)

FACTS: dict[str, type[Mapping[str, object]]] = every_kind(
    {
        "goal": GoalFacts,
        "key_result": KeyResultFacts,
        "goal_update": GoalUpdateFacts,
        "feedback": FeedbackFacts,
        "checkin": CheckInFacts,
        "action_item": ActionItemFacts,
    },
    "fact types",
)
"""Each kind's fact type (tests hold what the records layer builds to these)."""
_KIND_OF = {facts: name for name, facts in FACTS.items()}
F = TypeVar("F", bound=Mapping[str, object])


def stored(facts: RecordFacts) -> dict[str, FactValue]:
    """The facts as a ContextItem holds them: the same dict (every fact type's values are
    FactValues, which a test checks)."""
    return cast("dict[str, FactValue]", facts)


def facts_of(item: ContextItem, facts: type[F]) -> F:
    """``item``'s facts as ``facts``, its kind's fact type (``facts_of(goal, GoalFacts)``);
    TypeError for an item of another kind."""
    if _KIND_OF[facts] != item.record_type:
        raise TypeError(f"{item.citation} is a {item.record_type}, not a {_KIND_OF[facts]}")
    return cast(F, item.facts)


def goal_part_facts(item: ContextItem) -> GoalFacts | KeyResultFacts | GoalUpdateFacts:
    """A goal's, key result's or update's facts: what the three share (``cycle_state``)."""
    if item.record_type not in family("goal"):
        raise TypeError(f"{item.citation} is a {item.record_type}, not a goal or part of one")
    return cast("GoalFacts | KeyResultFacts | GoalUpdateFacts", item.facts)
