"""Helpers the record routes share: scoped fetches, pagination, serialisation, index sync.

Every record route is built from these: a list is ``scoped`` → ``where_given`` → ``list_page``; a
read is ``get_visible``; a write finds its record with ``get_writable`` (404 unseen, 403 not
allowed), changes it (``apply_patch`` for a PATCH) and ends with ``save``.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import Header, Query
from pydantic import BaseModel
from sqlalchemy import Select, func, inspect, select
from sqlalchemy.orm import QueryableAttribute, Session

from api.policy import require
from api.schemas import Page
from assistant.access import Caller, visible
from assistant.errors import NotFound, Problem, ValidationFailed
from assistant.models import Base
from assistant.record_kinds import cite_row, kind_of

M = TypeVar("M", bound=Base)
S = TypeVar("S", bound=BaseModel)

DEFAULT_PAGE = 50  # a list route's limit when the client gives none
MAX_PAGE = 200
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description="Page size.")]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="Rows to skip.")]
IdempotencyKey = Annotated[
    str | None,
    Header(alias="Idempotency-Key", max_length=200, description="Retry-safe request key."),
]


def citation(obj: Base) -> str:
    return cite_row(obj)


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
        raise NotFound(f"no {kind_of(model).name.replace('_', ' ')} {record_id}")
    return row


def get_writable(
    session: Session,
    model: type[M],
    record_id: int,
    caller: Caller,
    allowed: Callable[[Caller, M], bool],
    denied: str,
) -> M:
    """The record if the caller may see it (else 404) and ``allowed`` lets them write it (else 403).

    ``denied`` is the 403's message: it names the write, which the rule alone does not.
    """
    row = get_visible(session, model, record_id, caller)
    require(allowed(caller, row), denied)
    return row


def where_given(query: Select[M], *filters: tuple[QueryableAttribute[Any], object]) -> Select[M]:
    """Narrow ``query`` to ``column == value`` for each filter the client gave (None: not given)."""
    for column, value in filters:
        if value is not None:
            query = query.where(column == value)
    return query


def list_page(
    session: Session, query: Select[M], limit: int, offset: int, out: Callable[[M], S]
) -> Page[S]:
    """One page of ``query``'s rows, each serialised by ``out``, with the total and next offset."""
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    rows = list(session.scalars(query.limit(limit).offset(offset)))
    nxt = offset + limit if offset + limit < total else None
    return Page(
        items=[out(row) for row in rows], total=total, limit=limit, offset=offset, next_offset=nxt
    )


def save(session: Session, sync_index: Callable[[], None], added: Base | None = None) -> None:
    """Commit the request's writes (adding ``added`` first), then bring the index in step."""
    if added is not None:
        session.add(added)
    session.commit()
    sync_index()


def new_external_id(kind: str) -> str:
    """External id for a record born in the API (imports bring their own)."""
    return f"api-{kind}-{uuid.uuid4().hex[:16]}"


def keyed_external_id(kind: str, caller: Caller, key: str) -> str:
    """External id for a record made under an Idempotency-Key: the same caller and key always
    name the same record, and the column's uniqueness makes a concurrent retry lose the race."""
    digest = hashlib.sha256(f"{caller.id}\x00{key}".encode()).hexdigest()[:40]
    return f"api-{kind}-k{digest}"


def apply_patch(obj: Base, patch: BaseModel, nullable: frozenset[str] = frozenset()) -> None:
    """Set the fields the client sent; an explicit null on a required field is a 422."""
    data = patch.model_dump(exclude_unset=True)
    bad = [key for key, value in data.items() if value is None and key not in nullable]
    if bad:
        raise ValidationFailed([Problem("body", key, "may not be null") for key in bad])
    for key, value in data.items():
        setattr(obj, key, value)
