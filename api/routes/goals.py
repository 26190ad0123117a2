"""Goals, key results and goal updates (the check-in on a goal)."""

from __future__ import annotations

from fastapi import APIRouter, status

from api.deps import CallerDep, IndexSyncDep, SessionDep, TodayDep
from api.external_ids import new_external_id
from api.routes._common import (
    DEFAULT_PAGE,
    Limit,
    Offset,
    list_page,
    save,
    to_out,
    where_given,
)
from api.schemas import (
    GoalCreate,
    GoalOut,
    GoalPatch,
    GoalUpdateCreate,
    GoalUpdateOut,
    GoalUpdatePatch,
    KeyResultCreate,
    KeyResultOut,
    KeyResultPatch,
    Page,
)
from assistant import writes
from assistant.fields import RecordId
from assistant.models import Goal, GoalStatus, GoalUpdate, KeyResult
from assistant.scoped import get_visible, scoped

router = APIRouter(tags=["goals"])


@router.get("/goals", response_model=Page[GoalOut])
def list_goals(
    caller: CallerDep,
    session: SessionDep,
    limit: Limit = DEFAULT_PAGE,
    offset: Offset = 0,
    owner_id: RecordId | None = None,
    status: GoalStatus | None = None,
) -> Page[GoalOut]:
    query = where_given(
        scoped(Goal, caller).order_by(Goal.id),
        (Goal.owner_person_id, owner_id),
        (Goal.status, status),
    )
    return list_page(session, query, limit, offset, lambda g: to_out(GoalOut, g))


@router.get("/goals/{goal_id}", response_model=GoalOut)
def get_goal(goal_id: RecordId, caller: CallerDep, session: SessionDep) -> GoalOut:
    return to_out(GoalOut, get_visible(session, Goal, goal_id, caller))


@router.post("/goals", response_model=GoalOut, status_code=status.HTTP_201_CREATED)
def create_goal(
    body: GoalCreate,
    caller: CallerDep,
    session: SessionDep,
    sync_index: IndexSyncDep,
    today: TodayDep,
) -> GoalOut:
    goal = writes.set_goal(
        session,
        caller,
        body.model_dump(exclude={"owner_person_id"}),
        owner_id=body.owner_person_id,
        today=today,
        external_id=new_external_id("goal"),
    )
    save(session, sync_index)
    return to_out(GoalOut, goal)


@router.patch("/goals/{goal_id}", response_model=GoalOut)
def update_goal(
    goal_id: RecordId,
    body: GoalPatch,
    caller: CallerDep,
    session: SessionDep,
    sync_index: IndexSyncDep,
) -> GoalOut:
    goal = writes.update_goal(session, caller, goal_id, body.model_dump(exclude_unset=True))
    save(session, sync_index)
    return to_out(GoalOut, goal)


@router.get("/key-results", response_model=Page[KeyResultOut])
def list_key_results(
    caller: CallerDep,
    session: SessionDep,
    limit: Limit = DEFAULT_PAGE,
    offset: Offset = 0,
    goal_id: RecordId | None = None,
) -> Page[KeyResultOut]:
    query = where_given(
        scoped(KeyResult, caller).order_by(KeyResult.id), (KeyResult.goal_id, goal_id)
    )
    return list_page(session, query, limit, offset, lambda k: to_out(KeyResultOut, k))


@router.get("/key-results/{kr_id}", response_model=KeyResultOut)
def get_key_result(kr_id: RecordId, caller: CallerDep, session: SessionDep) -> KeyResultOut:
    return to_out(KeyResultOut, get_visible(session, KeyResult, kr_id, caller))


@router.post("/key-results", response_model=KeyResultOut, status_code=status.HTTP_201_CREATED)
def create_key_result(
    body: KeyResultCreate, caller: CallerDep, session: SessionDep, sync_index: IndexSyncDep
) -> KeyResultOut:
    kr = writes.add_key_result(
        session, caller, body.model_dump(), external_id=new_external_id("kr")
    )
    save(session, sync_index)
    return to_out(KeyResultOut, kr)


@router.patch("/key-results/{kr_id}", response_model=KeyResultOut)
def update_key_result(
    kr_id: RecordId,
    body: KeyResultPatch,
    caller: CallerDep,
    session: SessionDep,
    sync_index: IndexSyncDep,
) -> KeyResultOut:
    kr = writes.update_key_result(session, caller, kr_id, body.model_dump(exclude_unset=True))
    save(session, sync_index)
    return to_out(KeyResultOut, kr)


@router.get("/goal-updates", response_model=Page[GoalUpdateOut])
def list_goal_updates(
    caller: CallerDep,
    session: SessionDep,
    limit: Limit = DEFAULT_PAGE,
    offset: Offset = 0,
    goal_id: RecordId | None = None,
) -> Page[GoalUpdateOut]:
    query = where_given(
        scoped(GoalUpdate, caller).order_by(GoalUpdate.date.desc(), GoalUpdate.id.desc()),
        (GoalUpdate.goal_id, goal_id),
    )
    return list_page(session, query, limit, offset, lambda u: to_out(GoalUpdateOut, u))


@router.get("/goal-updates/{update_id}", response_model=GoalUpdateOut)
def get_goal_update(update_id: RecordId, caller: CallerDep, session: SessionDep) -> GoalUpdateOut:
    return to_out(GoalUpdateOut, get_visible(session, GoalUpdate, update_id, caller))


@router.post("/goal-updates", response_model=GoalUpdateOut, status_code=status.HTTP_201_CREATED)
def create_goal_update(
    body: GoalUpdateCreate,
    caller: CallerDep,
    session: SessionDep,
    sync_index: IndexSyncDep,
    today: TodayDep,
) -> GoalUpdateOut:
    update = writes.post_goal_update(
        session, caller, body.model_dump(), today=today, external_id=new_external_id("upd")
    )
    save(session, sync_index)
    return to_out(GoalUpdateOut, update)


@router.patch("/goal-updates/{update_id}", response_model=GoalUpdateOut)
def update_goal_update(
    update_id: RecordId,
    body: GoalUpdatePatch,
    caller: CallerDep,
    session: SessionDep,
    sync_index: IndexSyncDep,
) -> GoalUpdateOut:
    update = writes.edit_goal_update(
        session, caller, update_id, body.model_dump(exclude_unset=True)
    )
    save(session, sync_index)
    return to_out(GoalUpdateOut, update)
