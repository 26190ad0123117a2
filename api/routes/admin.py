"""Bulk import of a bundle: admins only.

An import can rewrite any record by its external id, move people between managers and grant
roles, so it is administration, not HR's aggregate view: anyone else gets a 403 before a byte of
the body is read (and so before any message could describe a record they may not see). The body
is parsed by the same reader as ``cadence import`` (duplicate keys refused, a BOM accepted, every
problem located), and the import acts as the calling admin: see assistant/import_audit.py.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from api.deps import CallerDep, IndexSyncDep, RuntimeDep
from assistant.bundle import Bundle
from assistant.bundle_files import parse_json
from assistant.import_audit import Operator
from assistant.importer import import_bundle
from assistant.write_policy import may_import, require

router = APIRouter(tags=["admin"])
_BODY_SCHEMA_AT = "#/paths/~1v1~1import/post/requestBody/content/application~1json/schema"


def _body_schema() -> dict[str, Any]:
    # The body is read by hand (after the role check), so FastAPI cannot document it: inline
    # the bundle's schema, its $defs addressed where they sit in the OpenAPI document.
    return Bundle.model_json_schema(ref_template=_BODY_SCHEMA_AT + "/$defs/{model}")


class SectionResult(BaseModel):
    created: int
    updated: int
    unchanged: int


class ImportResult(BaseModel):
    dry_run: bool
    writes: int
    sections: dict[str, SectionResult]
    cleaned: int = Field(
        description="Records whose text had invisible characters (zero-width, bidi controls, "
        "Unicode tags) removed."
    )
    audited: int = Field(description="Audit log events the import wrote (or would write).")


@router.post(
    "/import",
    response_model=ImportResult,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": _body_schema()}},
        }
    },
)
async def import_(
    request: Request,
    caller: CallerDep,
    runtime: RuntimeDep,
    sync_index: IndexSyncDep,
    dry_run: bool = Query(False, description="Check and count, write nothing."),
    migration: bool = Query(
        False,
        description="Allow feedback given by people other than the caller (a restore or a move "
        "from another system); each giver is written to the audit log.",
    ),
) -> ImportResult:
    """Merge a bundle (the same JSON `cadence import` reads); nothing is written on any problem."""
    require(may_import(caller), "bulk import is for admins")
    loaded = await run_in_threadpool(parse_json, await request.body(), "body")
    report = await run_in_threadpool(
        import_bundle,
        runtime.sessions,
        loaded.bundle,
        dry_run=dry_run,
        source=loaded,
        operator=Operator(caller.id),
        migration=migration,
    )
    if not dry_run:
        await run_in_threadpool(sync_index)
    return ImportResult(
        dry_run=report.dry_run,
        writes=report.writes,
        sections={
            name: SectionResult(created=c.created, updated=c.updated, unchanged=c.unchanged)
            for name, c in report.sections.items()
        },
        cleaned=report.cleaned,
        audited=report.audited,
    )
