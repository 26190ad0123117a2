"""Request and response bodies for the records API.

Field types come from assistant/fields.py, as the bundle's do: the same caps, text cleaning, finite
numbers, id range and date window apply whether a record arrives in an import or through the API.
References are internal ids.
"""

from __future__ import annotations

import datetime as dt
from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from assistant.fields import (
    Day,
    ExternalId,
    Label,
    LongText,
    NonEmptyLongText,
    Number,
    RecordId,
    Title,
)
from assistant.models import (
    ActionStatus,
    FeedbackKind,
    FeedbackVisibility,
    GoalLevel,
    GoalStatus,
    GoalVisibility,
)

T = TypeVar("T")


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int
    next_offset: int | None = Field(description="Offset of the next page; null on the last page.")


# --- goals -----------------------------------------------------------------------------------


class GoalOut(_Out):
    id: int
    citation: str
    title: str
    description: str
    level: GoalLevel
    owner_person_id: int | None
    owner_team_id: int | None
    parent_id: int | None
    cycle_id: int | None
    due_date: dt.date | None
    status: GoalStatus
    progress: int
    visibility: GoalVisibility
    created_on: dt.date | None


class GoalCreate(_In):
    title: Title
    description: LongText = ""
    level: GoalLevel = GoalLevel.INDIVIDUAL
    owner_person_id: RecordId | None = Field(default=None, description="Defaults to the caller.")
    parent_id: RecordId | None = None
    cycle_id: RecordId | None = None
    due_date: Day | None = None
    status: GoalStatus = GoalStatus.NOT_STARTED
    progress: int = Field(default=0, ge=0, le=100)
    visibility: GoalVisibility = GoalVisibility.PUBLIC


class GoalPatch(_In):
    title: Title | None = None
    description: LongText | None = None
    due_date: Day | None = None
    status: GoalStatus | None = None
    progress: int | None = Field(default=None, ge=0, le=100)
    visibility: GoalVisibility | None = None


class KeyResultOut(_Out):
    id: int
    citation: str
    goal_id: int
    title: str
    unit: str
    start_value: float
    target_value: float
    current_value: float


class KeyResultCreate(_In):
    goal_id: RecordId
    title: Title
    unit: Label = ""
    start_value: Number = 0.0
    target_value: Number
    current_value: Number = 0.0


class KeyResultPatch(_In):
    title: Title | None = None
    unit: Label | None = None
    target_value: Number | None = None
    current_value: Number | None = None


class GoalUpdateOut(_Out):
    id: int
    citation: str
    goal_id: int
    author_id: int
    date: dt.date
    progress: int
    status: GoalStatus
    confidence: int | None
    note: str


class GoalUpdateCreate(_In):
    goal_id: RecordId
    date: Day | None = Field(default=None, description="Defaults to today.")
    progress: int = Field(ge=0, le=100)
    status: GoalStatus
    confidence: int | None = Field(default=None, ge=1, le=5)
    note: LongText = ""


class GoalUpdatePatch(_In):
    note: LongText | None = None
    confidence: int | None = Field(default=None, ge=1, le=5)


# --- feedback --------------------------------------------------------------------------------


class FeedbackOut(_Out):
    id: int
    citation: str
    giver_id: int
    receiver_id: int
    date: dt.date
    kind: FeedbackKind
    visibility: FeedbackVisibility
    text: str
    values: list[str]
    goal_id: int | None


class FeedbackCreate(_In):
    receiver_id: RecordId
    kind: FeedbackKind
    visibility: FeedbackVisibility = FeedbackVisibility.SHARED
    text: NonEmptyLongText
    values: list[ExternalId] = Field(
        default_factory=list, max_length=10, description="Company value names."
    )
    goal_id: RecordId | None = None
    date: Day | None = Field(default=None, description="Defaults to today.")


class FeedbackPatch(_In):
    text: NonEmptyLongText | None = None
    kind: FeedbackKind | None = None
    visibility: FeedbackVisibility | None = None


# --- check-ins and action items --------------------------------------------------------------


class CheckInOut(_Out):
    id: int
    citation: str
    employee_id: int
    manager_id: int
    date: dt.date
    shared_notes: str
    private_notes: str | None = Field(description="Only for the manager who wrote them.")
    mood: int | None


class CheckInCreate(_In):
    employee_id: RecordId
    date: Day | None = Field(default=None, description="Defaults to today.")
    shared_notes: LongText = ""
    private_notes: LongText = ""
    mood: int | None = Field(default=None, ge=1, le=5)


class CheckInPatch(_In):
    shared_notes: LongText | None = None
    private_notes: LongText | None = None
    mood: int | None = Field(default=None, ge=1, le=5)


class ActionItemOut(_Out):
    id: int
    citation: str
    checkin_id: int
    owner_id: int
    text: str
    due_date: dt.date | None
    status: ActionStatus
    completed_on: dt.date | None


class ActionItemCreate(_In):
    checkin_id: RecordId
    owner_id: RecordId
    text: NonEmptyLongText
    due_date: Day | None = None


class ActionItemPatch(_In):
    text: NonEmptyLongText | None = None
    due_date: Day | None = None
    status: ActionStatus | None = None
