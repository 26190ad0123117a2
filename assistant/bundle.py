"""The import/export bundle: one JSON document (or one CSV per entity) holding an organisation.

Every object has an ``id`` — its external id, stable across exports — and refers to other objects
by their external ids. People may also be referred to by email. Dates are ISO ``YYYY-MM-DD``.
``cadence schema`` prints the JSON Schema generated from these models.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from assistant.fields import (
    Day,
    Email,
    ExternalId,
    Label,
    LongText,
    NonEmptyLongText,
    Number,
    PersonRef,
    ShortText,
    Title,
)
from assistant.models import (
    ActionStatus,
    FeedbackKind,
    FeedbackVisibility,
    GoalLevel,
    GoalStatus,
    GoalVisibility,
    Role,
)

BUNDLE_FORMAT_VERSION = 1


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", use_enum_values=False)
    id: ExternalId


class TeamIn(_Record):
    name: Title
    parent: ExternalId | None = None


class PersonIn(_Record):
    name: Title
    email: Email
    title: ShortText = ""
    team: ExternalId | None = None
    manager: PersonRef | None = None
    roles: list[Role] = Field(default_factory=lambda: [Role.EMPLOYEE])
    active: bool = True
    pronouns: Label | None = None


class ValueIn(_Record):
    name: Title
    description: LongText = ""


class CycleIn(_Record):
    name: ExternalId  # the same shape: 1-100 characters, trimmed
    start_date: Day
    end_date: Day


class GoalIn(_Record):
    title: Title
    description: LongText = ""
    level: GoalLevel
    owner_person: PersonRef | None = None
    owner_team: ExternalId | None = None
    parent: ExternalId | None = None
    cycle: ExternalId | None = None
    due_date: Day | None = None
    status: GoalStatus = GoalStatus.NOT_STARTED
    progress: int = Field(default=0, ge=0, le=100)
    visibility: GoalVisibility = GoalVisibility.PUBLIC
    created_on: Day | None = None
    values: list[ExternalId] = Field(default_factory=list)


class KeyResultIn(_Record):
    goal: ExternalId
    title: Title
    unit: Label = ""
    start_value: Number = 0.0
    target_value: Number
    current_value: Number = 0.0


class GoalUpdateIn(_Record):
    goal: ExternalId
    author: PersonRef
    date: Day
    progress: int = Field(ge=0, le=100)
    status: GoalStatus
    confidence: int | None = Field(default=None, ge=1, le=5)
    note: LongText = ""


class FeedbackIn(_Record):
    giver: PersonRef
    receiver: PersonRef
    date: Day
    kind: FeedbackKind
    visibility: FeedbackVisibility = FeedbackVisibility.SHARED
    text: NonEmptyLongText
    values: list[ExternalId] = Field(default_factory=list)
    goal: ExternalId | None = None
    requested_by: PersonRef | None = None


class CheckInIn(_Record):
    employee: PersonRef
    manager: PersonRef
    date: Day
    shared_notes: LongText = ""
    private_notes: LongText = ""
    mood: int | None = Field(default=None, ge=1, le=5)


class ActionItemIn(_Record):
    checkin: ExternalId
    owner: PersonRef
    text: NonEmptyLongText
    due_date: Day | None = None
    status: ActionStatus = ActionStatus.OPEN
    completed_on: Day | None = None


class Bundle(BaseModel):
    """A whole organisation's performance records, as ``cadence import`` reads them."""

    model_config = ConfigDict(extra="forbid")

    format_version: int = BUNDLE_FORMAT_VERSION
    people: list[PersonIn] = Field(default_factory=list)
    teams: list[TeamIn] = Field(default_factory=list)
    values: list[ValueIn] = Field(default_factory=list)
    cycles: list[CycleIn] = Field(default_factory=list)
    goals: list[GoalIn] = Field(default_factory=list)
    key_results: list[KeyResultIn] = Field(default_factory=list)
    goal_updates: list[GoalUpdateIn] = Field(default_factory=list)
    feedback: list[FeedbackIn] = Field(default_factory=list)
    checkins: list[CheckInIn] = Field(default_factory=list)
    action_items: list[ActionItemIn] = Field(default_factory=list)


# Section name -> record model, in an order where every reference points backwards except the
# self-references (team parent, manager, goal parent), which the importer resolves in two passes.
SECTIONS: dict[str, type[_Record]] = {
    "teams": TeamIn,
    "people": PersonIn,
    "values": ValueIn,
    "cycles": CycleIn,
    "goals": GoalIn,
    "key_results": KeyResultIn,
    "goal_updates": GoalUpdateIn,
    "feedback": FeedbackIn,
    "checkins": CheckInIn,
    "action_items": ActionItemIn,
}
