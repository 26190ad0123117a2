"""1:1 check-ins and their action items."""

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
    ActionItemCreate,
    ActionItemOut,
    ActionItemPatch,
    CheckInCreate,
    CheckInOut,
    CheckInPatch,
    Page,
)
from assistant import writes
from assistant.access import Caller
from assistant.fields import RecordId
from assistant.models import ActionItem, ActionStatus, CheckIn
from assistant.scoped import get_visible, scoped

router = APIRouter(tags=["check-ins"])


def checkin_out(checkin: CheckIn, caller: Caller) -> CheckInOut:
    # Private notes are the writing manager's own; nobody else ever gets them, not even HR.
    private = checkin.private_notes if checkin.manager_id == caller.id else None
    return to_out(CheckInOut, checkin, private_notes=private)


@router.get("/checkins", response_model=Page[CheckInOut])
def list_checkins(
    caller: CallerDep,
    session: SessionDep,
    limit: Limit = DEFAULT_PAGE,
    offset: Offset = 0,
    employee_id: RecordId | None = None,
) -> Page[CheckInOut]:
    query = where_given(
        scoped(CheckIn, caller).order_by(CheckIn.date.desc(), CheckIn.id.desc()),
        (CheckIn.employee_id, employee_id),
    )
    return list_page(session, query, limit, offset, lambda c: checkin_out(c, caller))


@router.get("/checkins/{checkin_id}", response_model=CheckInOut)
def get_checkin(checkin_id: RecordId, caller: CallerDep, session: SessionDep) -> CheckInOut:
    return checkin_out(get_visible(session, CheckIn, checkin_id, caller), caller)


@router.post("/checkins", response_model=CheckInOut, status_code=status.HTTP_201_CREATED)
def create_checkin(
    body: CheckInCreate,
    caller: CallerDep,
    session: SessionDep,
    sync_index: IndexSyncDep,
    today: TodayDep,
) -> CheckInOut:
    checkin = writes.add_checkin(
        session, caller, **body.model_dump(), today=today, external_id=new_external_id("ci")
    )
    save(session, sync_index)
    return checkin_out(checkin, caller)


@router.patch("/checkins/{checkin_id}", response_model=CheckInOut)
def update_checkin(
    checkin_id: RecordId,
    body: CheckInPatch,
    caller: CallerDep,
    session: SessionDep,
    sync_index: IndexSyncDep,
) -> CheckInOut:
    checkin = writes.edit_checkin(session, caller, checkin_id, body.model_dump(exclude_unset=True))
    save(session, sync_index)
    return checkin_out(checkin, caller)


@router.get("/action-items", response_model=Page[ActionItemOut])
def list_action_items(
    caller: CallerDep,
    session: SessionDep,
    limit: Limit = DEFAULT_PAGE,
    offset: Offset = 0,
    checkin_id: RecordId | None = None,
    owner_id: RecordId | None = None,
    status: ActionStatus | None = None,
) -> Page[ActionItemOut]:
    query = where_given(
        scoped(ActionItem, caller).order_by(ActionItem.id),
        (ActionItem.checkin_id, checkin_id),
        (ActionItem.owner_id, owner_id),
        (ActionItem.status, status),
    )
    return list_page(session, query, limit, offset, lambda a: to_out(ActionItemOut, a))


@router.get("/action-items/{item_id}", response_model=ActionItemOut)
def get_action_item(item_id: RecordId, caller: CallerDep, session: SessionDep) -> ActionItemOut:
    return to_out(ActionItemOut, get_visible(session, ActionItem, item_id, caller))


@router.post("/action-items", response_model=ActionItemOut, status_code=status.HTTP_201_CREATED)
def create_action_item(
    body: ActionItemCreate, caller: CallerDep, session: SessionDep, sync_index: IndexSyncDep
) -> ActionItemOut:
    data = body.model_dump()
    item = writes.add_action_item(
        session, caller, data.pop("checkin_id"), **data, external_id=new_external_id("ai")
    )
    save(session, sync_index)
    return to_out(ActionItemOut, item)


@router.patch("/action-items/{item_id}", response_model=ActionItemOut)
def update_action_item(
    item_id: RecordId,
    body: ActionItemPatch,
    caller: CallerDep,
    session: SessionDep,
    sync_index: IndexSyncDep,
    today: TodayDep,
) -> ActionItemOut:
    item = writes.update_action_item(
        session, caller, item_id, body.model_dump(exclude_unset=True), today
    )
    save(session, sync_index)
    return to_out(ActionItemOut, item)
