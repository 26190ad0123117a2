"""Retention: records and drafts older than ``CADENCE_RETENTION_DAYS`` are purged the way an
erasure removes them — rows, parts, drafts that cite them, both index legs, and the bytes.

"Older than" is measured from ``clock.today(settings)`` back N days (the cut-off day itself is
kept):

- feedback, goal updates and check-ins (with their action items) by their date;
- goals (with their key results and updates) by when they ended: their cycle's end date, else
  their due date, else the day they were created; a goal with none of these is kept;
- drafts by when they were generated, and any draft citing a purged record.

People, teams, values and cycles are kept (erase a person with ``cadence erase``); so is the audit
log, which holds ids only. Unset means keep everything forever.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from assistant import clock
from assistant.db import transaction
from assistant.errors import ConfigError
from assistant.models import INDEXED, CheckIn, Cycle, Draft, Feedback, Goal, GoalUpdate
from assistant.reclaim import ReclaimReport, reclaim
from assistant.removal import (
    LABELS,
    RecordIds,
    citations_of,
    delete_drafts,
    delete_records,
    drafts_mentioning,
    empty_ids,
    with_parts,
)
from assistant.runtime import Runtime

__all__ = ["PurgePlan", "PurgeReport", "cutoff", "plan_purge", "purge_expired"]


@dataclass
class PurgePlan:
    cutoff: dt.date  # records dated before this day go
    delete: RecordIds
    drafts: set[int]

    def counts(self) -> dict[str, int]:
        out = {LABELS[t]: len(self.delete[t]) for t in INDEXED}
        out["drafts"] = len(self.drafts)
        return out

    @property
    def empty(self) -> bool:
        return not self.drafts and not any(self.delete.values())


@dataclass
class PurgeReport:
    plan: PurgePlan
    reclaim: ReclaimReport | None  # None on a dry run or when there was nothing to purge
    seconds: float


def cutoff(days: int | None, today: dt.date) -> dt.date:
    if days is None:
        raise ConfigError("no retention period: set CADENCE_RETENTION_DAYS (a number of days)")
    return today - dt.timedelta(days=days)


def _ids(session: Session, stmt: object) -> set[int]:
    return {int(i) for i in session.scalars(stmt)}  # type: ignore[call-overload]


def plan_purge(session: Session, before: dt.date) -> PurgePlan:
    """What a purge of everything dated before ``before`` removes. Writes nothing."""
    ids = empty_ids()
    ids["feedback"] = _ids(session, select(Feedback.id).where(Feedback.date < before))
    ids["goal_update"] = _ids(session, select(GoalUpdate.id).where(GoalUpdate.date < before))
    ids["checkin"] = _ids(session, select(CheckIn.id).where(CheckIn.date < before))
    ended = or_(
        and_(Goal.cycle_id.is_not(None), Cycle.end_date < before),
        and_(Goal.cycle_id.is_(None), Goal.due_date.is_not(None), Goal.due_date < before),
        and_(
            Goal.cycle_id.is_(None),
            Goal.due_date.is_(None),
            Goal.created_on.is_not(None),
            Goal.created_on < before,
        ),
    )
    ids["goal"] = _ids(session, select(Goal.id).outerjoin(Cycle).where(ended))
    ids = with_parts(session, ids)
    # Midnight UTC of the cut-off day: a draft generated before it is older than the period.
    since = dt.datetime.combine(before, dt.time(), tzinfo=dt.UTC)
    drafts = drafts_mentioning(session, citations=citations_of(ids), extra=Draft.created_at < since)
    return PurgePlan(before, ids, drafts)


def purge_expired(
    runtime: Runtime, *, dry_run: bool = False, today: dt.date | None = None
) -> PurgeReport:
    """Purge what is older than the retention period (``CADENCE_RETENTION_DAYS``)."""
    from assistant.indexing import sync_now

    started = time.perf_counter()
    before = cutoff(runtime.settings.retention_days, clock.today(runtime.settings, today))
    if dry_run:
        with runtime.sessions() as session:
            plan = plan_purge(session, before)
        return PurgeReport(plan, None, time.perf_counter() - started)
    with transaction(runtime.sessions) as session:
        plan = plan_purge(session, before)
        delete_drafts(session, plan.drafts)
        delete_records(session, plan.delete)
    if plan.empty:
        return PurgeReport(plan, None, time.perf_counter() - started)
    sync_now(runtime, strict=True)
    return PurgeReport(plan, reclaim(runtime), time.perf_counter() - started)
