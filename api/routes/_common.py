"""Helpers the record routes share: pagination, serialisation, external ids, index sync.

Every record route is built from these and assistant/scoped.py: a list is ``scoped`` →
``where_given`` → ``list_page``; a read is ``get_visible``; a write calls its service in
assistant/writes.py (which holds the write rules) and ends with ``save``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import Header, Query
from pydantic import BaseModel
from sqlalchemy import Select, func, inspect, select
from sqlalchemy.orm import QueryableAttribute, Session

from api.schemas import Page
from assistant.models import CITATION_PREFIX, RECORD_TYPE_OF, Base

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
    return f"{CITATION_PREFIX[RECORD_TYPE_OF[type(obj)]]}{obj.id}"  # type: ignore[attr-defined]


def columns(obj: Base) -> dict[str, Any]:
    return {attr.key: getattr(obj, attr.key) for attr in inspect(obj).mapper.column_attrs}


def to_out(schema: type[S], obj: Base, **extra: Any) -> S:
    return schema.model_validate({**columns(obj), "citation": citation(obj), **extra})


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
