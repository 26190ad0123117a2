"""A small organisation for the retrieval and index-sync tests, a plain render function, and the
fixtures both use (a module's or conftest's ``from org_fixture import org, index, ...`` makes them
available there).

The render here is deliberately simple and local: sync and search must work with any render the
assistant passes in (assistant/records.py has the real one and its own tests)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.db import transaction
from assistant.models import (
    ActionItem,
    CheckIn,
    Feedback,
    FeedbackKind,
    FeedbackVisibility,
    Goal,
    GoalLevel,
    GoalStatus,
    GoalUpdate,
    GoalVisibility,
    KeyResult,
    Person,
)
from assistant.retrieval_config import chroma_config
from assistant.runtime import Runtime
from retrieval.embedders import HashingEmbedder
from retrieval.index import VectorIndex, make_chroma_client
from retrieval.lexical import LexicalIndex
from retrieval.types import Document, date_int

TODAY = dt.date(2026, 11, 20)


def render(session: Session, record_type: str, ids: list[int]) -> list[Document]:
    docs: list[Document] = []
    if record_type == "feedback":
        for fb in session.scalars(select(Feedback).where(Feedback.id.in_(ids))):
            docs.append(
                Document(
                    f"F{fb.id}",
                    f"F{fb.id}",
                    "feedback",
                    fb.id,
                    fb.receiver_id,
                    fb.giver_id,
                    None,
                    fb.visibility.value,
                    date_int(fb.date),
                    None,
                    fb.text,
                )
            )
    elif record_type == "goal":
        for g in session.scalars(select(Goal).where(Goal.id.in_(ids))):
            vis = "public" if g.visibility == GoalVisibility.PUBLIC else "restricted"
            docs.append(
                Document(
                    f"G{g.id}",
                    f"G{g.id}",
                    "goal",
                    g.id,
                    g.owner_person_id,
                    g.owner_person_id,
                    None,
                    vis,
                    date_int(g.created_on or TODAY),
                    g.cycle_id,
                    f"{g.title}. {g.description}",
                )
            )
    elif record_type == "key_result":
        for kr in session.scalars(select(KeyResult).where(KeyResult.id.in_(ids))):
            g = kr.goal
            vis = "public" if g.visibility == GoalVisibility.PUBLIC else "restricted"
            docs.append(
                Document(
                    f"K{kr.id}",
                    f"K{kr.id}",
                    "key_result",
                    kr.id,
                    g.owner_person_id,
                    g.owner_person_id,
                    None,
                    vis,
                    date_int(g.created_on or TODAY),
                    g.cycle_id,
                    kr.title,
                )
            )
    elif record_type == "goal_update":
        for u in session.scalars(select(GoalUpdate).where(GoalUpdate.id.in_(ids))):
            g = u.goal
            vis = "public" if g.visibility == GoalVisibility.PUBLIC else "restricted"
            docs.append(
                Document(
                    f"U{u.id}",
                    f"U{u.id}",
                    "goal_update",
                    u.id,
                    g.owner_person_id,
                    u.author_id,
                    None,
                    vis,
                    date_int(u.date),
                    g.cycle_id,
                    u.note,
                )
            )
    elif record_type == "checkin":
        for c in session.scalars(select(CheckIn).where(CheckIn.id.in_(ids))):
            if c.shared_notes:
                docs.append(
                    Document(
                        f"C{c.id}",
                        f"C{c.id}",
                        "checkin",
                        c.id,
                        c.employee_id,
                        c.manager_id,
                        None,
                        "shared",
                        date_int(c.date),
                        None,
                        c.shared_notes,
                    )
                )
            if c.private_notes:
                docs.append(
                    Document(
                        f"C{c.id}:private",
                        f"C{c.id}",
                        "checkin",
                        c.id,
                        c.employee_id,
                        c.manager_id,
                        None,
                        "private",
                        date_int(c.date),
                        None,
                        c.private_notes,
                    )
                )
    elif record_type == "action_item":
        for a in session.scalars(select(ActionItem).where(ActionItem.id.in_(ids))):
            docs.append(
                Document(
                    f"A{a.id}",
                    f"A{a.id}",
                    "action_item",
                    a.id,
                    a.checkin.employee_id,
                    a.owner_id,
                    None,
                    "shared",
                    date_int(a.checkin.date),
                    None,
                    a.text,
                )
            )
    return docs


@dataclass
class Org:
    people: dict[str, int]
    ids: dict[str, int]  # short name -> record id (e.g. "fb_dana_praise")


def _person(s: Session, key: str, manager: Person | None = None) -> Person:
    p = Person(external_id=key, name=key.title(), email=f"{key}@example.com", manager=manager)
    s.add(p)
    s.flush()
    return p


def build_org(runtime: Runtime) -> Org:
    """Maya manages Dana and Eli; Omar is elsewhere. A handful of records of every kind."""
    with transaction(runtime.sessions) as s:
        maya = _person(s, "maya")
        dana = _person(s, "dana", maya)
        eli = _person(s, "eli", maya)
        omar = _person(s, "omar")
        goal = Goal(
            external_id="g1",
            owner_person_id=dana.id,
            title="Ship the billing migration",
            description="Move invoices to the new ledger",
            level=GoalLevel.INDIVIDUAL,
            visibility=GoalVisibility.PUBLIC,
            created_on=dt.date(2026, 10, 1),
        )
        s.add(goal)
        s.flush()
        kr = KeyResult(
            external_id="k1", goal_id=goal.id, title="Migrate 100% of invoices", target_value=100
        )
        upd = GoalUpdate(
            external_id="u1",
            goal_id=goal.id,
            author_id=dana.id,
            date=dt.date(2026, 11, 1),
            progress=40,
            status=GoalStatus.AT_RISK,
            note="ledger reconciliation is slower than planned",
        )
        fb1 = Feedback(
            external_id="f1",
            giver_id=eli.id,
            receiver_id=dana.id,
            date=dt.date(2026, 11, 10),
            kind=FeedbackKind.PRAISE,
            visibility=FeedbackVisibility.SHARED,
            text="Dana explained the ledger design clearly in the architecture review",
        )
        fb2 = Feedback(
            external_id="f2",
            giver_id=maya.id,
            receiver_id=dana.id,
            date=dt.date(2026, 6, 10),
            kind=FeedbackKind.CONSTRUCTIVE,
            visibility=FeedbackVisibility.MANAGER_ONLY,
            text="Dana should delegate ledger reviews instead of doing them all",
        )
        fb3 = Feedback(
            external_id="f3",
            giver_id=dana.id,
            receiver_id=omar.id,
            date=dt.date(2026, 11, 12),
            kind=FeedbackKind.SUGGESTION,
            visibility=FeedbackVisibility.SHARED,
            text="Omar could document the ledger runbook for on-call",
        )
        chk = CheckIn(
            external_id="c1",
            employee_id=dana.id,
            manager_id=maya.id,
            date=dt.date(2026, 11, 15),
            shared_notes="talked about the ledger launch",
            private_notes="Dana seems stretched by ledger work",
        )
        s.add_all([kr, upd, fb1, fb2, fb3, chk])
        s.flush()
        act = ActionItem(
            external_id="a1",
            checkin_id=chk.id,
            owner_id=dana.id,
            text="write the ledger rollback plan",
        )
        s.add(act)
        s.flush()
        people = {p.external_id: p.id for p in (maya, dana, eli, omar)}
        ids = {
            "goal": goal.id,
            "kr": kr.id,
            "upd": upd.id,
            "fb_praise": fb1.id,
            "fb_manager_only": fb2.id,
            "fb_to_omar": fb3.id,
            "checkin": chk.id,
            "action": act.id,
        }
    return Org(people, ids)


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
