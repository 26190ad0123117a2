"""Erasing a person (GDPR Art. 17): admins only. Anyone else gets the 404 an unknown person gets,
so the route reveals neither who exists nor that it exists for them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel

from api.deps import CallerDep, RuntimeDep
from assistant.erasure import erase_person, plan_erasure
from assistant.errors import NotFound
from assistant.write_policy import may_erase

router = APIRouter(tags=["admin"])


class ErasureOut(BaseModel):
    dry_run: bool
    counts: dict[str, int]
    # Kept records about others whose text names the person (not rewritten): a count only, as
    # the caller may not be allowed to read them.
    mentions: int
    vectors_kept: int | None = None
    storage: str | None = None
    seconds: float | None = None


@router.delete("/people/{person_id}", response_model=ErasureOut)
def erase(
    person_id: Annotated[int, Path(ge=1, le=2**63 - 1)],
    caller: CallerDep,
    runtime: RuntimeDep,
    dry_run: bool = Query(False, description="Count what would be removed, change nothing."),
) -> ErasureOut:
    """Erase a person: what is about them is deleted, what they wrote about others is kept
    without their name, drafts that mention them are deleted, and the bytes are reclaimed."""
    if not may_erase(caller):
        raise NotFound(f"no person {person_id}")
    with runtime.sessions() as session:
        plan = plan_erasure(session, person_id)
    if dry_run:
        return ErasureOut(dry_run=True, counts=plan.counts(), mentions=len(plan.mentions))
    report = erase_person(runtime, person_id, actor_id=caller.id)
    return ErasureOut(
        dry_run=False,
        counts=report.counts,
        mentions=len(plan.mentions),
        vectors_kept=report.reclaim.vectors,
        storage=report.reclaim.database,
        seconds=round(report.seconds, 3),
    )
