"""A small organisation for the retrieval and index-sync tests, a plain render function, and the
fixtures both use.

The render here is deliberately simple and local: sync and search must work with any render the
assistant passes in (assistant/records.py has the real one and its own tests)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.models import (
    ActionItem,
    CheckIn,
    Feedback,
    Goal,
    GoalUpdate,
    GoalVisibility,
    KeyResult,
)
from assistant.retrieval_config import chroma_config
from assistant.runtime import Runtime
from retrieval.batches import batched
from retrieval.embedders import HashingEmbedder
from retrieval.index import VectorIndex, make_chroma_client
from retrieval.lexical import LexicalIndex
from retrieval.types import Document, date_int
from tests.builder import Org, build

TODAY = dt.date(2026, 11, 20)
_MODELS: dict[str, Any] = {
    "feedback": Feedback,
    "goal": Goal,
    "key_result": KeyResult,
    "goal_update": GoalUpdate,
    "checkin": CheckIn,
    "action_item": ActionItem,
}


def render(session: Session, record_type: str, ids: list[int]) -> list[Document]:
    model = _MODELS.get(record_type)
    if model is None:
        return []
    # In chunks, as the real render does: a sync batch may hand over any number of ids.
    rows = [r for c in batched(ids) for r in session.scalars(select(model).where(model.id.in_(c)))]
    return [doc for row in rows for doc in _documents(record_type, row)]


def _documents(rtype: str, r: Any) -> list[Document]:
    def doc(
        letter: str, about: int, by: int, vis: str, day: dt.date, cycle: int | None, text: str
    ) -> Document:
        cite = f"{letter}{r.id}"
        doc_id = f"{cite}:private" if vis == "private" and rtype == "checkin" else cite
        return Document(doc_id, cite, rtype, r.id, about, by, None, vis, date_int(day), cycle, text)

    if rtype == "feedback":
        return [doc("F", r.receiver_id, r.giver_id, r.visibility.value, r.date, None, r.text)]
    if rtype == "checkin":
        parts = (("shared", r.shared_notes), ("private", r.private_notes))
        return [
            doc("C", r.employee_id, r.manager_id, part, r.date, None, text)
            for part, text in parts
            if text
        ]
    if rtype == "action_item":
        c = r.checkin
        return [doc("A", c.employee_id, r.owner_id, "shared", c.date, None, r.text)]
    g = r if rtype == "goal" else r.goal
    vis = "public" if g.visibility == GoalVisibility.PUBLIC else "restricted"
    owner, created = g.owner_person_id, g.created_on or TODAY
    if rtype == "goal":
        return [doc("G", owner, owner, vis, created, g.cycle_id, f"{g.title}. {g.description}")]
    if rtype == "key_result":
        return [doc("K", owner, owner, vis, created, g.cycle_id, r.title)]
    return [doc("U", owner, r.author_id, vis, r.date, g.cycle_id, r.note)]


def build_org(runtime: Runtime) -> Org:
    """Maya manages Dana and Eli; Omar is elsewhere. A handful of records of every kind."""
    with build(runtime, today=TODAY, domain="example.com") as b:
        b.person("maya").person("dana", manager="maya").person("eli", manager="maya")
        b.person("omar")
        b.goal(
            "goal", "Ship the billing migration", owner="dana",
            description="Move invoices to the new ledger", created=dt.date(2026, 10, 1),
        )  # fmt: skip
        b.key_result("kr", "goal", "Migrate 100% of invoices")
        b.update(
            "upd", "goal", "ledger reconciliation is slower than planned", author="dana",
            on=dt.date(2026, 11, 1), progress=40, status="at_risk",
        )  # fmt: skip
        b.feedback(
            "fb_praise", "Dana explained the ledger design clearly in the architecture review",
            giver="eli", receiver="dana", on=dt.date(2026, 11, 10),
        )  # fmt: skip
        b.feedback(
            "fb_manager_only", "Dana should delegate ledger reviews instead of doing them all",
            giver="maya", receiver="dana", on=dt.date(2026, 6, 10), kind="constructive",
            visibility="manager_only",
        )  # fmt: skip
        b.feedback(
            "fb_to_omar", "Omar could document the ledger runbook for on-call", giver="dana",
            receiver="omar", on=dt.date(2026, 11, 12), kind="suggestion",
        )  # fmt: skip
        b.checkin(
            "checkin", employee="dana", manager="maya", on=dt.date(2026, 11, 15),
            shared="talked about the ledger launch", private="Dana seems stretched by ledger work",
        )  # fmt: skip
        b.action("action", "checkin", "write the ledger rollback plan", owner="dana")
    return b.org


# The fixtures the retrieval and index-sync tests share; a conftest or test module makes them
# available with ``from tests.orgs.retrieval_org import org, embedder, index, lexical``.


@pytest.fixture
def org(runtime: Runtime) -> Org:
    """Maya manages Dana and Eli; Omar is elsewhere. A handful of records of every kind."""
    return build_org(runtime)


@pytest.fixture
def embedder() -> Any:
    return HashingEmbedder(dimension=256)


@pytest.fixture
def index(runtime: Runtime, embedder: Any) -> Iterator[VectorIndex]:
    client = make_chroma_client(chroma_config(runtime.settings))
    yield VectorIndex(client, embedder)
    client.close()


@pytest.fixture
def lexical() -> LexicalIndex:
    return LexicalIndex()
