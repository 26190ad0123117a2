"""1:1 check-ins and their action items."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, status
from sqlalchemy.orm import Session

from api.deps import CallerDep, IndexSyncDep, SessionDep
from api.policy import in_checkin, may_edit_checkin, may_update_action, require
from api.routes._common import (
    Limit,
    Offset,
    apply_patch,
    get_visible,
    new_external_id,
    page_of,
    paginate,
    scoped,
    to_out,
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
from assistant.access import Caller
from assistant.errors import Problem, ValidationFailed
from assistant.models import ActionItem, ActionStatus, CheckIn, Person

router = APIRouter(tags=["check-ins"])


def checkin_out(checkin: CheckIn, caller: Caller) -> CheckInOut:
    # Private notes are the writing manager's own; nobody else ever gets them, not even HR.
    private = checkin.private_notes if checkin.manager_id == caller.id else None
    return to_out(CheckInOut, checkin, private_notes=private)


@router.get("/checkins", response_model=Page[CheckInOut])
def list_checkins(
    caller: CallerDep,
    session: SessionDep,
    limit: Limit = 50,
    offset: Offset = 0,
    employee_id: int | None = None,
) -> Page[CheckInOut]:
    query = scoped(CheckIn, caller).order_by(CheckIn.date.desc(), CheckIn.id.desc())
    if employee_id is not None:
        query = query.where(CheckIn.employee_id == employee_id)
    rows, total, nxt = paginate(session, query, limit, offset)
    return page_of([checkin_out(c, caller) for c in rows], total, limit, offset, nxt)


@router.get("/checkins/{checkin_id}", response_model=CheckInOut)
def get_checkin(checkin_id: int, caller: CallerDep, session: SessionDep) -> CheckInOut:
    return checkin_out(get_visible(session, CheckIn, checkin_id, caller), caller)


@router.post("/checkins", response_model=CheckInOut, status_code=status.HTTP_201_CREATED)
def create_checkin(
    body: CheckInCreate, caller: CallerDep, session: SessionDep, sync_index: IndexSyncDep
) -> CheckInOut:
    employee = session.get(Person, body.employee_id)
    if employee is None or employee.id not in caller.below:
        raise ValidationFailed([Problem("body", "employee_id", "not someone you manage")])
    data = body.model_dump()
    data["date"] = body.date or dt.date.today()
    checkin = CheckIn(external_id=new_external_id("ci"), manager_id=caller.id, **data)
    session.add(checkin)
    session.commit()
    sync_index()
    return checkin_out(checkin, caller)


@router.patch("/checkins/{checkin_id}", response_model=CheckInOut)
def update_checkin(
    checkin_id: int,
    body: CheckInPatch,
    caller: CallerDep,
    session: SessionDep,
    sync_index: IndexSyncDep,
) -> CheckInOut:
    checkin = get_visible(session, CheckIn, checkin_id, caller)
    require(may_edit_checkin(caller, checkin), "only the manager who held the 1:1 may edit it")
    apply_patch(checkin, body, nullable=frozenset({"mood"}))
    session.commit()
    sync_index()
    return checkin_out(checkin, caller)


@router.get("/action-items", response_model=Page[ActionItemOut])
def list_action_items(
    caller: CallerDep,
    session: SessionDep,
    limit: Limit = 50,
    offset: Offset = 0,
    checkin_id: int | None = None,
    owner_id: int | None = None,
    status: ActionStatus | None = None,
) -> Page[ActionItemOut]:
    query = scoped(ActionItem, caller).order_by(ActionItem.id)
    if checkin_id is not None:
        query = query.where(ActionItem.checkin_id == checkin_id)
    if owner_id is not None:
        query = query.where(ActionItem.owner_id == owner_id)
    if status is not None:
        query = query.where(ActionItem.status == status)
    rows, total, nxt = paginate(session, query, limit, offset)
    return page_of([to_out(ActionItemOut, a) for a in rows], total, limit, offset, nxt)


@router.get("/action-items/{item_id}", response_model=ActionItemOut)
def get_action_item(item_id: int, caller: CallerDep, session: SessionDep) -> ActionItemOut:
    return to_out(ActionItemOut, get_visible(session, ActionItem, item_id, caller))


@router.post("/action-items", response_model=ActionItemOut, status_code=status.HTTP_201_CREATED)
def create_action_item(
    body: ActionItemCreate, caller: CallerDep, session: SessionDep, sync_index: IndexSyncDep
) -> ActionItemOut:
    checkin = get_visible(session, CheckIn, body.checkin_id, caller)
    require(in_checkin(caller, checkin), "only the 1:1's participants may add action items")
    if body.owner_id not in (checkin.manager_id, checkin.employee_id):
        raise ValidationFailed([Problem("body", "owner_id", "must be one of the 1:1's people")])
    item = ActionItem(external_id=new_external_id("ai"), **body.model_dump())
    session.add(item)
    session.commit()
    sync_index()
    return to_out(ActionItemOut, item)


def set_action_status(
    session: Session, caller: Caller, item_id: int, new_status: ActionStatus
) -> ActionItem:
    """Mark an action item open/done/dropped (shared by the API and the 1:1 prep page)."""
    item = get_visible(session, ActionItem, item_id, caller)
    require(may_update_action(caller, item), "you may not update this action item")
    item.status = new_status
    item.completed_on = dt.date.today() if new_status is ActionStatus.DONE else None
    return item


@router.patch("/action-items/{item_id}", response_model=ActionItemOut)
def update_action_item(
    item_id: int,
    body: ActionItemPatch,
    caller: CallerDep,
    session: SessionDep,
    sync_index: IndexSyncDep,
) -> ActionItemOut:
    item = get_visible(session, ActionItem, item_id, caller)
    require(may_update_action(caller, item), "you may not update this action item")
    apply_patch(item, body, nullable=frozenset({"due_date"}))
    if body.status is not None:
        item.completed_on = dt.date.today() if body.status is ActionStatus.DONE else None
    session.commit()
    sync_index()
    return to_out(ActionItemOut, item)
