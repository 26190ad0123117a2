"""Helpers the record routes share: scoped fetches, pagination, serialisation, index sync."""

from __future__ import annotations

import uuid
from typing import Annotated, Any, TypeVar

from fastapi import Query
from pydantic import BaseModel
from sqlalchemy import Select, func, inspect, select
from sqlalchemy.orm import Session

from api.schemas import Page
from assistant.access import Caller, visible
from assistant.errors import NotFound, Problem, ValidationFailed
from assistant.models import CITATION_PREFIX, RECORD_TYPE_OF, Base

M = TypeVar("M", bound=Base)
S = TypeVar("S", bound=BaseModel)

MAX_PAGE = 200
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description="Page size.")]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="Rows to skip.")]


def citation(obj: Base) -> str:
    return f"{CITATION_PREFIX[RECORD_TYPE_OF[type(obj)]]}{obj.id}"  # type: ignore[attr-defined]


def columns(obj: Base) -> dict[str, Any]:
    return {attr.key: getattr(obj, attr.key) for attr in inspect(obj).mapper.column_attrs}


def to_out(schema: type[S], obj: Base, **extra: Any) -> S:
    return schema.model_validate({**columns(obj), "citation": citation(obj), **extra})


def scoped(model: type[M], caller: Caller) -> Select[M]:
    """Rows of ``model`` the caller may see: the policy is in the query, not a filter after."""
    return select(model).where(visible(model, caller))


def get_visible(session: Session, model: type[M], record_id: int, caller: Caller) -> M:
    """The record if the caller may see it; otherwise NotFound, never saying which it was."""
    pk = inspect(model).primary_key[0]
    row = session.scalars(scoped(model, caller).where(pk == record_id)).first()
    if row is None:
        raise NotFound(f"no {RECORD_TYPE_OF[model].replace('_', ' ')} {record_id}")
    return row


def paginate(
    session: Session, query: Select[M], limit: int, offset: int
) -> tuple[list[M], int, int | None]:
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    rows = list(session.scalars(query.limit(limit).offset(offset)))
    nxt = offset + limit if offset + limit < total else None
    return rows, total, nxt


def page_of(items: list[S], total: int, limit: int, offset: int, nxt: int | None) -> Page[S]:
    return Page(items=items, total=total, limit=limit, offset=offset, next_offset=nxt)


def new_external_id(kind: str) -> str:
    """External id for a record born in the API (imports bring their own)."""
    return f"api-{kind}-{uuid.uuid4().hex[:16]}"


def apply_patch(obj: Base, patch: BaseModel, nullable: frozenset[str] = frozenset()) -> None:
    """Set the fields the client sent; an explicit null on a required field is a 422."""
    data = patch.model_dump(exclude_unset=True)
    bad = [key for key, value in data.items() if value is None and key not in nullable]
    if bad:
        raise ValidationFailed([Problem("body", key, "may not be null") for key in bad])
    for key, value in data.items():
        setattr(obj, key, value)
