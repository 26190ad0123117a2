"""The vocabularies of the data model (roles, statuses, visibilities, record types), apart from
the ORM, so the command line can name them in its options without importing SQLAlchemy's models.
:mod:`assistant.models` re-exports all of them."""

from __future__ import annotations

import enum

__all__ = [
    "CITATION_PREFIX",
    "ActionStatus",
    "FeedbackKind",
    "FeedbackVisibility",
    "GoalLevel",
    "GoalStatus",
    "GoalVisibility",
    "OutboxOp",
    "Role",
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


# Records that become documents in the vector index, with the prefix their citations carry
# (assistant.models.INDEXED maps the same names to their models).
CITATION_PREFIX: dict[str, str] = {
    "goal": "G",
    "key_result": "K",
    "goal_update": "U",
    "feedback": "F",
    "checkin": "C",
    "action_item": "A",
}
