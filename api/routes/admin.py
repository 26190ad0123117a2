"""Bulk import of a bundle: admins and HR only."""

from __future__ import annotations

from fastapi import APIRouter, Query
from pydantic import BaseModel

from api.deps import CallerDep, IndexSyncDep, RuntimeDep
from api.policy import may_import, require
from assistant.bundle import Bundle
from assistant.importer import import_bundle

router = APIRouter(tags=["admin"])


class SectionResult(BaseModel):
    created: int
    updated: int
    unchanged: int


class ImportResult(BaseModel):
    dry_run: bool
    writes: int
    sections: dict[str, SectionResult]


@router.post("/import", response_model=ImportResult)
def import_(
    bundle: Bundle,
    caller: CallerDep,
    runtime: RuntimeDep,
    sync_index: IndexSyncDep,
    dry_run: bool = Query(False, description="Check and count, write nothing."),
) -> ImportResult:
    """Merge a bundle (the same JSON `cadence import` reads); nothing is written on any problem."""
    require(may_import(caller), "bulk import is for admins and HR")
    report = import_bundle(runtime.sessions, bundle, dry_run=dry_run)
    if not dry_run:
        sync_index()
    return ImportResult(
        dry_run=report.dry_run,
        writes=report.writes,
        sections={
            name: SectionResult(created=c.created, updated=c.updated, unchanged=c.unchanged)
            for name, c in report.sections.items()
        },
    )
