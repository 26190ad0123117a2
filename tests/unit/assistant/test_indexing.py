"""Drain after write: the assistant's side of index sync, with the real render_documents."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from assistant.db import transaction
from assistant.errors import IndexError_
from assistant.indexing import check_index, outbox_empty, rebuild_index, sync_briefly, sync_now
from assistant.models import CheckIn, Feedback, FeedbackKind, FeedbackVisibility, Person
from assistant.runtime import Runtime
from retrieval.embedders import HashingEmbedder
from retrieval.lexical import documents


@pytest.fixture
def rt(runtime: Runtime) -> Runtime:
    runtime.provide(embedder=HashingEmbedder(dimension=64))  # fast; the model is not tested
    return runtime


def _people(rt: Runtime) -> tuple[int, int]:
    with transaction(rt.sessions) as s:
        boss = Person(external_id="p1", name="Maya", email="maya@example.com")
        s.add(boss)
        s.flush()
        dana = Person(external_id="p2", name="Dana", email="dana@example.com", manager_id=boss.id)
        s.add(dana)
        s.flush()
        return boss.id, dana.id


def test_sync_now_is_cheap_when_there_is_nothing_to_do(rt: Runtime) -> None:
    _people(rt)  # people are not indexed: no outbox rows
    assert outbox_empty(rt)
    assert not sync_now(rt)
    assert not rt.built("index") and not rt.built("chroma")  # nothing was built


def test_a_write_then_sync_now_is_searchable_in_both_legs(rt: Runtime) -> None:
    boss, dana = _people(rt)
    with transaction(rt.sessions) as s:
        s.add(
            CheckIn(
                external_id="c1",
                employee_id=dana,
                manager_id=boss,
                date=dt.date(2026, 11, 1),
                shared_notes="launch",
                private_notes="tired",
            )
        )
        s.add(
            Feedback(
                external_id="f1",
                giver_id=boss,
                receiver_id=dana,
                date=dt.date(2026, 11, 2),
                kind=FeedbackKind.PRAISE,
                visibility=FeedbackVisibility.SHARED,
                text="great ledger demo",
            )
        )
    report = sync_now(rt)
    assert report.outbox_rows == 2 and outbox_empty(rt)
    assert rt.index.ids() == {"C1", "C1:private", "F1"}
    with rt.sessions() as s:
        assert set(s.execute(select(documents.c.doc_id)).scalars()) == {"C1", "C1:private", "F1"}
    assert check_index(rt).ok
    with transaction(rt.sessions) as s:
        s.delete(s.get(Feedback, 1))
    sync_now(rt)
    assert rt.index.ids() == {"C1", "C1:private"}


class _Down:
    """A vector index whose server is unreachable."""

    def doc_ids_for(self, *_: object) -> set[str]:
        raise ConnectionError("chroma is down")

    def __getattr__(self, name: str) -> object:
        raise ConnectionError("chroma is down")


def test_a_failed_sync_keeps_the_write_and_the_outbox(rt: Runtime) -> None:
    boss, dana = _people(rt)
    with transaction(rt.sessions) as s:
        s.add(
            Feedback(
                external_id="f1",
                giver_id=boss,
                receiver_id=dana,
                date=dt.date(2026, 11, 2),
                kind=FeedbackKind.PRAISE,
                visibility=FeedbackVisibility.SHARED,
                text="x",
            )
        )
    good = rt.index
    rt.provide(index=_Down())
    assert not sync_now(rt)  # logged, not raised: the write already committed
    assert not outbox_empty(rt)
    with pytest.raises(IndexError_, match="chroma is down"):
        sync_now(rt, strict=True)
    rt.provide(index=good)
    assert sync_now(rt, strict=True).outbox_rows == 1 and good.ids() == {"F1"}


def test_rebuild_then_check(rt: Runtime) -> None:
    boss, dana = _people(rt)
    with transaction(rt.sessions) as s:
        s.add(
            CheckIn(
                external_id="c1",
                employee_id=dana,
                manager_id=boss,
                date=dt.date(2026, 11, 1),
                shared_notes="launch",
            )
        )
    report = rebuild_index(rt)
    assert report.upserted == 1 and outbox_empty(rt)
    drift = check_index(rt)
    assert drift.ok and drift.documents == 1


def test_sync_briefly_drains_within_its_budget_and_never_fails_the_write(rt: Runtime) -> None:
    boss, dana = _people(rt)
    with transaction(rt.sessions) as s:
        for i in range(3):
            s.add(
                Feedback(
                    external_id=f"f{i}", giver_id=boss, receiver_id=dana,
                    date=dt.date(2026, 11, 2), kind=FeedbackKind.PRAISE,
                    visibility=FeedbackVisibility.SHARED, text=f"x{i}",
                )
            )  # fmt: skip
    good = rt.index
    rt.provide(index=_Down())
    assert not sync_briefly(rt)  # the index is down: logged, the rows wait
    assert not outbox_empty(rt)
    rt.provide(index=good)
    report = sync_briefly(rt, budget_s=0)  # a spent budget still finishes the batch in hand
    assert report.batches == 1 and report.outbox_rows == 3 and outbox_empty(rt)
