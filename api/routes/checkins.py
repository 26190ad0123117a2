"""1:1 check-ins and their action items."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, status
from sqlalchemy.orm import Session

from api.deps import CallerDep, IndexSyncDep, SessionDep, TodayDep
from api.policy import in_checkin, may_edit_checkin, may_update_action
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
from assistant.fields import RecordId
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
    employee = session.get(Person, body.employee_id)
    if employee is None or employee.id not in caller.below:
        raise ValidationFailed([Problem("body", "employee_id", "not someone you manage")])
    data = body.model_dump()
    data["date"] = body.date or today
    checkin = CheckIn(external_id=new_external_id("ci"), manager_id=caller.id, **data)
    save(session, sync_index, checkin)
    return checkin_out(checkin, caller)


@router.patch("/checkins/{checkin_id}", response_model=CheckInOut)
def update_checkin(
    checkin_id: RecordId,
    body: CheckInPatch,
    caller: CallerDep,
    session: SessionDep,
    sync_index: IndexSyncDep,
) -> CheckInOut:
    checkin = get_writable(
        session,
        CheckIn,
        checkin_id,
        caller,
        may_edit_checkin,
        "only the manager who held the 1:1 may edit it",
    )
    apply_patch(checkin, body, nullable=frozenset({"mood"}))
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
    checkin = get_writable(
        session,
        CheckIn,
        body.checkin_id,
        caller,
        in_checkin,
        "only the 1:1's participants may add action items",
    )
    if body.owner_id not in (checkin.manager_id, checkin.employee_id):
        raise ValidationFailed([Problem("body", "owner_id", "must be one of the 1:1's people")])
    item = ActionItem(external_id=new_external_id("ai"), **body.model_dump())
    save(session, sync_index, item)
    return to_out(ActionItemOut, item)


def _writable_action_item(session: Session, caller: Caller, item_id: int) -> ActionItem:
    return get_writable(
        session,
        ActionItem,
        item_id,
        caller,
        may_update_action,
        "you may not update this action item",
    )


def _stamp_completion(item: ActionItem, today: dt.date) -> None:
    # completed_on follows status: the day it was marked done, and cleared when it is reopened.
    item.completed_on = today if item.status == ActionStatus.DONE else None


def set_action_status(
    session: Session, caller: Caller, item_id: int, new_status: ActionStatus, today: dt.date
) -> ActionItem:
    """Mark an action item open/done/dropped (shared by the API and the 1:1 prep page)."""
    item = _writable_action_item(session, caller, item_id)
    item.status = new_status
    _stamp_completion(item, today)
    return item


@router.patch("/action-items/{item_id}", response_model=ActionItemOut)
def update_action_item(
    item_id: RecordId,
    body: ActionItemPatch,
    caller: CallerDep,
    session: SessionDep,
    sync_index: IndexSyncDep,
    today: TodayDep,
) -> ActionItemOut:
    item = _writable_action_item(session, caller, item_id)
    apply_patch(item, body, nullable=frozenset({"due_date"}))
    if body.status is not None:
        _stamp_completion(item, today)
    save(session, sync_index)
    return to_out(ActionItemOut, item)
