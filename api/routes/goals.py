"""Goals, key results and goal updates (the check-in on a goal)."""

from __future__ import annotations

from fastapi import APIRouter, status

from api.deps import CallerDep, IndexSyncDep, SessionDep, TodayDep
from api.policy import (
    manages,
    may_edit_goal,
    may_edit_goal_update,
    may_edit_key_result,
    require,
)
from api.routes._common import (
    DEFAULT_PAGE,
    Limit,
    Offset,
    apply_patch,
    get_visible,
    get_writable,
    list_page,
    new_external_id,
    save,
    scoped,
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
from assistant.errors import Problem, ValidationFailed
from assistant.fields import RecordId
from assistant.models import Cycle, Goal, GoalLevel, GoalStatus, GoalUpdate, KeyResult

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
    owner = body.owner_person_id or caller.id
    if body.level is GoalLevel.INDIVIDUAL:
        require(manages(caller, owner), "you may set goals for yourself and your reports only")
    else:
        require(caller.is_admin, "team and company goals are set by admins")
    if body.parent_id is not None:
        get_visible(session, Goal, body.parent_id, caller)
    if body.cycle_id is not None and session.get(Cycle, body.cycle_id) is None:
        raise ValidationFailed([Problem("body", "cycle_id", "no such cycle")])
    goal = Goal(
        external_id=new_external_id("goal"),
        created_on=today,
        **body.model_dump(exclude={"owner_person_id"}),
        owner_person_id=owner if body.level is GoalLevel.INDIVIDUAL else None,
    )
    save(session, sync_index, goal)
    return to_out(GoalOut, goal)


@router.patch("/goals/{goal_id}", response_model=GoalOut)
def update_goal(
    goal_id: RecordId,
    body: GoalPatch,
    caller: CallerDep,
    session: SessionDep,
    sync_index: IndexSyncDep,
) -> GoalOut:
    goal = get_writable(session, Goal, goal_id, caller, may_edit_goal, "you may not edit this goal")
    apply_patch(goal, body, nullable=frozenset({"due_date"}))
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
    get_writable(
        session,
        Goal,
        body.goal_id,
        caller,
        may_edit_goal,
        "you may not add key results to this goal",
    )
    kr = KeyResult(external_id=new_external_id("kr"), **body.model_dump())
    save(session, sync_index, kr)
    return to_out(KeyResultOut, kr)


@router.patch("/key-results/{kr_id}", response_model=KeyResultOut)
def update_key_result(
    kr_id: RecordId,
    body: KeyResultPatch,
    caller: CallerDep,
    session: SessionDep,
    sync_index: IndexSyncDep,
) -> KeyResultOut:
    kr = get_writable(
        session, KeyResult, kr_id, caller, may_edit_key_result, "you may not edit this key result"
    )
    apply_patch(kr, body)
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
    goal = get_writable(
        session, Goal, body.goal_id, caller, may_edit_goal, "you may not post updates on this goal"
    )
    data = body.model_dump()
    data["date"] = body.date or today
    update = GoalUpdate(external_id=new_external_id("upd"), author_id=caller.id, **data)
    # The update is the goal's latest state: keep the goal's own fields in step with it.
    goal.progress, goal.status = body.progress, body.status
    save(session, sync_index, update)
    return to_out(GoalUpdateOut, update)


@router.patch("/goal-updates/{update_id}", response_model=GoalUpdateOut)
def update_goal_update(
    update_id: RecordId,
    body: GoalUpdatePatch,
    caller: CallerDep,
    session: SessionDep,
    sync_index: IndexSyncDep,
) -> GoalUpdateOut:
    update = get_writable(
        session,
        GoalUpdate,
        update_id,
        caller,
        may_edit_goal_update,
        "only the author may edit an update",
    )
    apply_patch(update, body, nullable=frozenset({"confidence"}))
    save(session, sync_index)
    return to_out(GoalUpdateOut, update)
