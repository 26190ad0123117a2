"""The data model (SQLAlchemy 2.0 typed ORM), table by table (docs/ARCHITECTURE.md, "Data model").

Every record has an integer primary key (``id``, stable, used in citations as ``<prefix><id>``)
and an ``external_id`` (the id in the import bundle; re-importing the same bundle changes nothing).
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Re-exported: the vocabularies live apart from the ORM (the CLI's options import them alone).
from assistant.kinds import CITATION_PREFIX as CITATION_PREFIX
from assistant.kinds import KINDS
from assistant.kinds import ActionStatus as ActionStatus
from assistant.kinds import FeedbackKind as FeedbackKind
from assistant.kinds import FeedbackVisibility as FeedbackVisibility
from assistant.kinds import GoalLevel as GoalLevel
from assistant.kinds import GoalStatus as GoalStatus
from assistant.kinds import GoalVisibility as GoalVisibility
from assistant.kinds import OutboxOp as OutboxOp
from assistant.kinds import Role as Role

# Caps on free text, enforced at import and in the API. Generous for real writing, small enough
# that one record cannot swamp a prompt's token budget.
MAX_TEXT_CHARS = 5_000
MAX_TITLE_CHARS = 300


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[str]: JSON}


def _enum(cls: type[enum.Enum], name: str) -> Enum:
    # Stored as plain strings with a CHECK constraint: portable across SQLite and PostgreSQL
    # and free of PostgreSQL's ALTER TYPE dance when a value is added.
    return Enum(
        cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=20,
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
    )


def _created_at() -> Any:
    return mapped_column(DateTime(timezone=True), server_default=func.now())


feedback_values = Table(
    "feedback_values",
    Base.metadata,
    Column("feedback_id", ForeignKey("feedback.id", ondelete="CASCADE"), primary_key=True),
    Column("value_id", ForeignKey("company_values.id", ondelete="CASCADE"), primary_key=True),
)

goal_values = Table(
    "goal_values",
    Base.metadata,
    Column("goal_id", ForeignKey("goals.id", ondelete="CASCADE"), primary_key=True),
    Column("value_id", ForeignKey("company_values.id", ondelete="CASCADE"), primary_key=True),
)


class Team(Base):
    __tablename__ = "teams"
    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(MAX_TITLE_CHARS))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))

    parent: Mapped[Team | None] = relationship(remote_side=[id])


class Person(Base):
    __tablename__ = "people"
    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(MAX_TITLE_CHARS))
    email: Mapped[str] = mapped_column(String(320), unique=True)
    title: Mapped[str] = mapped_column(String(MAX_TITLE_CHARS), default="")
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"), index=True)
    manager_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), index=True)
    # "manager" is never stored: it is derived from having reports.
    roles: Mapped[list[str]] = mapped_column(default=lambda: ["employee"])
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    pronouns: Mapped[str | None] = mapped_column(String(40))

    team: Mapped[Team | None] = relationship()
    manager: Mapped[Person | None] = relationship(remote_side=[id])


class CompanyValue(Base):
    __tablename__ = "company_values"
    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(MAX_TITLE_CHARS), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")


class Cycle(Base):
    __tablename__ = "cycles"
    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date] = mapped_column(Date)
    __table_args__ = (CheckConstraint("end_date >= start_date", name="cycle_dates_ordered"),)


class Goal(Base):
    __tablename__ = "goals"
    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[str] = mapped_column(String(100), unique=True)
    owner_person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), index=True)
    owner_team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"), index=True)
    title: Mapped[str] = mapped_column(String(MAX_TITLE_CHARS))
    description: Mapped[str] = mapped_column(Text, default="")
    level: Mapped[GoalLevel] = mapped_column(_enum(GoalLevel, "goal_level"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("goals.id"), index=True)
    cycle_id: Mapped[int | None] = mapped_column(ForeignKey("cycles.id"), index=True)
    due_date: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[GoalStatus] = mapped_column(
        _enum(GoalStatus, "goal_status"), default=GoalStatus.NOT_STARTED
    )
    progress: Mapped[int] = mapped_column(Integer, default=0)
    visibility: Mapped[GoalVisibility] = mapped_column(
        _enum(GoalVisibility, "goal_visibility"), default=GoalVisibility.PUBLIC
    )
    created_on: Mapped[dt.date | None] = mapped_column(Date)
    __table_args__ = (
        CheckConstraint("progress >= 0 AND progress <= 100", name="goal_progress_range"),
    )

    owner_person: Mapped[Person | None] = relationship()
    owner_team: Mapped[Team | None] = relationship()
    parent: Mapped[Goal | None] = relationship(remote_side=[id])
    cycle: Mapped[Cycle | None] = relationship()
    values: Mapped[list[CompanyValue]] = relationship(secondary=goal_values)
    key_results: Mapped[list[KeyResult]] = relationship(back_populates="goal")
    updates: Mapped[list[GoalUpdate]] = relationship(back_populates="goal")


class KeyResult(Base):
    __tablename__ = "key_results"
    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[str] = mapped_column(String(100), unique=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goals.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(MAX_TITLE_CHARS))
    unit: Mapped[str] = mapped_column(String(40), default="")
    start_value: Mapped[float] = mapped_column(Float, default=0.0)
    target_value: Mapped[float] = mapped_column(Float)
    current_value: Mapped[float] = mapped_column(Float, default=0.0)

    goal: Mapped[Goal] = relationship(back_populates="key_results")


class GoalUpdate(Base):
    __tablename__ = "goal_updates"
    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[str] = mapped_column(String(100), unique=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goals.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    date: Mapped[dt.date] = mapped_column(Date, index=True)
    progress: Mapped[int] = mapped_column(Integer)
    status: Mapped[GoalStatus] = mapped_column(_enum(GoalStatus, "goal_update_status"))
    confidence: Mapped[int | None] = mapped_column(Integer)  # 1-5
    note: Mapped[str] = mapped_column(Text, default="")
    __table_args__ = (
        CheckConstraint("progress >= 0 AND progress <= 100", name="update_progress_range"),
        CheckConstraint(
            "confidence IS NULL OR (confidence >= 1 AND confidence <= 5)",
            name="update_confidence_range",
        ),
    )

    goal: Mapped[Goal] = relationship(back_populates="updates")
    author: Mapped[Person] = relationship()


class Feedback(Base):
    __tablename__ = "feedback"
    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[str] = mapped_column(String(100), unique=True)
    giver_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    receiver_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    date: Mapped[dt.date] = mapped_column(Date, index=True)
    kind: Mapped[FeedbackKind] = mapped_column(_enum(FeedbackKind, "feedback_kind"))
    visibility: Mapped[FeedbackVisibility] = mapped_column(
        _enum(FeedbackVisibility, "feedback_visibility")
    )
    text: Mapped[str] = mapped_column(Text)
    goal_id: Mapped[int | None] = mapped_column(ForeignKey("goals.id", ondelete="SET NULL"))
    # Who asked for this feedback, when it answered a request.
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))

    giver: Mapped[Person] = relationship(foreign_keys=[giver_id])
    receiver: Mapped[Person] = relationship(foreign_keys=[receiver_id])
    goal: Mapped[Goal | None] = relationship()
    requested_by: Mapped[Person | None] = relationship(foreign_keys=[requested_by_id])
    values: Mapped[list[CompanyValue]] = relationship(secondary=feedback_values)


class FeedbackReading(Base):
    """The analysis stage's reading of one feedback record (assistant/reading_store.py): kept so
    that a request reads only the records new or changed since the last one. Deleted with the
    record (and on any edit of its text or kind), so an erased record's reading does not
    survive it."""

    __tablename__ = "feedback_readings"
    feedback_id: Mapped[int] = mapped_column(
        ForeignKey("feedback.id", ondelete="CASCADE"), primary_key=True
    )
    content_hash: Mapped[str] = mapped_column(String(64))  # of the text and the kind read
    version: Mapped[str] = mapped_column(String(64))  # of the analyser that read it
    payload: Mapped[str] = mapped_column(Text)  # JSON: spans into the text, not the text


class CheckIn(Base):
    __tablename__ = "checkins"
    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[str] = mapped_column(String(100), unique=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    manager_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    date: Mapped[dt.date] = mapped_column(Date, index=True)
    shared_notes: Mapped[str] = mapped_column(Text, default="")
    private_notes: Mapped[str] = mapped_column(Text, default="")  # the manager's own
    mood: Mapped[int | None] = mapped_column(Integer)  # 1-5
    __table_args__ = (
        CheckConstraint("mood IS NULL OR (mood >= 1 AND mood <= 5)", name="checkin_mood_range"),
    )

    employee: Mapped[Person] = relationship(foreign_keys=[employee_id])
    manager: Mapped[Person] = relationship(foreign_keys=[manager_id])
    action_items: Mapped[list[ActionItem]] = relationship(back_populates="checkin")


class ActionItem(Base):
    __tablename__ = "action_items"
    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[str] = mapped_column(String(100), unique=True)
    checkin_id: Mapped[int] = mapped_column(
        ForeignKey("checkins.id", ondelete="CASCADE"), index=True
    )
    owner_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    due_date: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[ActionStatus] = mapped_column(
        _enum(ActionStatus, "action_status"), default=ActionStatus.OPEN
    )
    completed_on: Mapped[dt.date | None] = mapped_column(Date)

    checkin: Mapped[CheckIn] = relationship(back_populates="action_items")
    owner: Mapped[Person] = relationship()


class Draft(Base):
    """Every generated output: the audit trail and the cache."""

    __tablename__ = "drafts"
    id: Mapped[int] = mapped_column(primary_key=True)
    task: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), index=True)
    subject_group: Mapped[str | None] = mapped_column(String(200))
    requester_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    provider: Mapped[str] = mapped_column(String(40))
    model: Mapped[str] = mapped_column(String(200))
    prompt_version: Mapped[str] = mapped_column(String(40))
    context_hash: Mapped[str] = mapped_column(String(64))
    cache_key: Mapped[str] = mapped_column(String(64), index=True)
    output: Mapped[dict[str, Any]] = mapped_column()
    dropped: Mapped[list[str]] = mapped_column(default=list)
    degraded: Mapped[str | None] = mapped_column(Text)
    tokens_in: Mapped[int] = mapped_column(Integer, default=0)
    tokens_out: Mapped[int] = mapped_column(Integer, default=0)
    latency_ms: Mapped[int] = mapped_column(Integer, default=0)
    idempotency_key: Mapped[str | None] = mapped_column(String(200))
    # The cheap key (assistant/tasks/draft_key.py) that last found this draft: a repeat with the
    # data unchanged finds it before gathering anything.
    fast_key: Mapped[str | None] = mapped_column(String(64), index=True)
    request_hash: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    __table_args__ = (Index("ix_drafts_idem", "requester_id", "idempotency_key", unique=True),)


class OutboxEntry(Base):
    """A change to an indexed record, written in the same transaction as the change itself."""

    __tablename__ = "outbox"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    record_type: Mapped[str] = mapped_column(String(20))
    record_id: Mapped[int] = mapped_column(Integer)
    op: Mapped[OutboxOp] = mapped_column(_enum(OutboxOp, "outbox_op"))
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )


class DataVersion(Base):
    """The data version, in slots summed on read (assistant/data_version.py)."""

    __tablename__ = "data_version"
    slot: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    n: Mapped[int] = mapped_column(BigInteger)


class ApiToken(Base):
    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    name: Mapped[str] = mapped_column(String(100), default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # None: until revoked. A token also dies with its person's deactivation (assistant/auth.py).
    expires_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    person: Mapped[Person] = relationship()


class UiSession(Base):
    """A web UI sign-in: its own secret (stored hashed), lifetime and revocation — never the API
    token it was opened with, so signing out or expiring ends it without touching the token."""

    __tablename__ = "ui_sessions"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    person: Mapped[Person] = relationship()


class AuditEvent(Base):
    """Who did what about whom, when: generated or read a draft (``draft.*``, assistant/audit.py),
    or changed a person's manager, roles or active flag or migrated feedback in their name
    (``person.*``, ``feedback.migrate``, assistant/import_audit.py). Ids only, never content."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = _created_at()
    actor_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    action: Mapped[str] = mapped_column(String(40))
    draft_id: Mapped[int | None] = mapped_column(ForeignKey("drafts.id"))
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    detail: Mapped[str] = mapped_column(String(200), default="")


# Records that become documents in the vector index: each kind of assistant.kinds.KINDS (the
# registry) with the model it names, in registry order. A kind naming no model fails here.
_MODELS: dict[str, type[Base]] = {m.class_.__name__: m.class_ for m in Base.registry.mappers}
INDEXED: dict[str, type[Base]] = {k.name: _MODELS[k.model] for k in KINDS}
RECORD_TYPE_OF: dict[type[Base], str] = {cls: name for name, cls in INDEXED.items()}
