"""Outbox drain, rebuild and drift check against real SQLite/PostgreSQL and a real Chroma.

The organisation and the index fixtures are tests/orgs/retrieval_org.py's, shared with the retrieval
tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from chroma_limits import LimitedChroma
from sqlalchemy import delete, func, select, update

from assistant.db import make_engine, make_sessionmaker, transaction
from assistant.index_rebuild import rebuild
from assistant.index_sync import check, drain_outbox, pending
from assistant.models import (
    INDEXED,
    ActionItem,
    CheckIn,
    Feedback,
    Goal,
    GoalVisibility,
    KeyResult,
    OutboxEntry,
    OutboxOp,
)
from assistant.outbox import enqueue
from assistant.retrieval_config import chroma_config
from assistant.runtime import Runtime
from retrieval.config import ChromaConfig
from retrieval.index import VectorIndex, make_chroma_client
from retrieval.lexical import LexicalIndex, documents
from tests.orgs.retrieval_org import Org, embedder, index, lexical, org, render
from tests.sql_watch import CHUNKED_STATEMENT, widest_statement

__all__ = ["embedder", "index", "lexical", "org"]  # fixtures, from tests.orgs.retrieval_org

EXPECTED = {"G1", "K1", "U1", "F1", "F2", "F3", "C1", "C1:private", "A1"}


def _drain(runtime: Runtime, index: VectorIndex, lexical: LexicalIndex, **kw: Any) -> Any:
    return drain_outbox(runtime.sessions, index, lexical, render=render, **kw)


def _lexical_ids(runtime: Runtime) -> set[str]:
    with runtime.sessions() as s:
        return {r[0] for r in s.execute(select(documents.c.doc_id))}


def _outbox(runtime: Runtime) -> int:
    with runtime.sessions() as s:
        return pending(s)


def test_drain_fills_both_legs_and_empties_the_outbox(
    runtime: Runtime, org: Org, index: VectorIndex, lexical: LexicalIndex
) -> None:
    assert _outbox(runtime) > 0
    seen: list[tuple[int, int]] = []
    report = _drain(runtime, index, lexical, batch=3, progress=lambda d, t: seen.append((d, t)))
    assert index.ids() == EXPECTED == _lexical_ids(runtime)
    assert _outbox(runtime) == 0
    assert report.upserted >= len(EXPECTED) and report.batches == len(seen) >= 3
    assert [d for d, _ in seen] == sorted(d for d, _ in seen) and seen[-1][0] == seen[-1][1]
    assert not _drain(runtime, index, lexical)  # empty outbox: nothing to do


def test_updates_and_deletes_reach_both_legs(
    runtime: Runtime, org: Org, index: VectorIndex, lexical: LexicalIndex
) -> None:
    _drain(runtime, index, lexical)
    with transaction(runtime.sessions) as s:
        fb = s.get(Feedback, org.ids["fb_praise"])
        assert fb is not None
        fb.text = "Dana mentored two interns on observability"
        s.delete(s.get(Feedback, org.ids["fb_to_omar"]))
        chk = s.get(CheckIn, org.ids["checkin"])
        assert chk is not None
        chk.private_notes = ""  # the private document must go, the shared one stay
    _drain(runtime, index, lexical)
    assert index.ids() == EXPECTED - {"F3", "C1:private"} == _lexical_ids(runtime)
    with runtime.sessions() as s:
        text = s.execute(select(documents.c.text).where(documents.c.doc_id == "F1")).scalar_one()
    assert "observability" in text
    drift = check(runtime.sessions, index, lexical, render=render)
    assert drift.ok, drift


def test_a_goal_change_re_renders_its_parts(
    runtime: Runtime, org: Org, index: VectorIndex, lexical: LexicalIndex
) -> None:
    _drain(runtime, index, lexical)
    with transaction(runtime.sessions) as s:
        goal = s.get(Goal, org.ids["goal"])
        assert goal is not None
        goal.visibility = GoalVisibility.PRIVATE
    _drain(runtime, index, lexical)
    metas = index.collection.get(ids=["G1", "K1", "U1"], include=["metadatas"])["metadatas"]
    assert {m["visibility"] for m in metas} == {"restricted"}
    with runtime.sessions() as s:
        vis = s.execute(
            select(documents.c.visibility).where(documents.c.doc_id.in_(["K1", "U1"]))
        ).scalars()
        assert set(vis) == {"restricted"}


def test_a_cascading_delete_removes_the_parts_from_both_legs(
    runtime: Runtime, org: Org, index: VectorIndex, lexical: LexicalIndex
) -> None:
    _drain(runtime, index, lexical)
    with transaction(runtime.sessions) as s:
        # A bulk delete: the database cascades to key results and updates, enqueuing nothing.
        s.execute(delete(Goal).where(Goal.id == org.ids["goal"]))
        enqueue(s, "goal", [org.ids["goal"]], OutboxOp.DELETE)
    _drain(runtime, index, lexical)
    assert index.ids() == EXPECTED - {"G1", "K1", "U1"} == _lexical_ids(runtime)


@pytest.fixture
def small(runtime: Runtime, embedder: Any) -> Iterator[tuple[VectorIndex, LimitedChroma]]:
    """The vector index on a Chroma that takes at most 2 ids per write."""
    client = LimitedChroma(make_chroma_client(chroma_config(runtime.settings)), 2)
    yield VectorIndex(client, embedder), client
    client.close()


def test_a_drain_writes_more_documents_than_chroma_takes_in_one_call(
    runtime: Runtime, org: Org, small: tuple[VectorIndex, LimitedChroma], lexical: LexicalIndex
) -> None:
    index, client = small
    report = _drain(runtime, index, lexical)  # one batch: every record of the org
    assert report.batches == 1 and report.upserted == len(EXPECTED) > client.max_batch
    assert index.ids() == EXPECTED == _lexical_ids(runtime)
    # One outbox row expanding past the limit: a goal re-renders its key result and update.
    with transaction(runtime.sessions) as s:
        goal = s.get(Goal, org.ids["goal"])
        assert goal is not None
        goal.visibility = GoalVisibility.PRIVATE
    report = _drain(runtime, index, lexical, batch=1)
    assert report.outbox_rows == 1 and report.upserted == 3 > client.max_batch
    assert max(n for _, n in client.writes) == client.max_batch and client.asked == 1
    assert check(runtime.sessions, index, lexical, render=render).ok


def test_a_drain_deletes_more_documents_than_chroma_takes_in_one_call(
    runtime: Runtime,
    org: Org,
    index: VectorIndex,
    small: tuple[VectorIndex, LimitedChroma],
    lexical: LexicalIndex,
) -> None:
    _drain(runtime, index, lexical)
    with transaction(runtime.sessions) as s:
        # Bulk deletes, as in the cascade test: the database takes K1, U1 and A1 with them.
        s.execute(delete(Goal).where(Goal.id == org.ids["goal"]))
        enqueue(s, "goal", [org.ids["goal"]], OutboxOp.DELETE)
        s.execute(delete(CheckIn).where(CheckIn.id == org.ids["checkin"]))
        enqueue(s, "checkin", [org.ids["checkin"]], OutboxOp.DELETE)
        for fb in s.scalars(select(Feedback)):
            s.delete(fb)
    limited, client = small
    report = _drain(runtime, limited, lexical)
    assert report.batches == 1 and report.deleted == len(EXPECTED) > client.max_batch
    assert {m for m, _ in client.writes} == {"delete"}
    assert max(n for _, n in client.writes) == client.max_batch
    assert index.ids() == set() == _lexical_ids(runtime)


def test_a_rebuild_fills_every_chroma_call_whatever_the_record_batch(
    runtime: Runtime, org: Org, embedder: Any, lexical: LexicalIndex
) -> None:
    client = LimitedChroma(make_chroma_client(chroma_config(runtime.settings)), 4)
    index = VectorIndex(client, embedder)
    report = rebuild(runtime.sessions, index, lexical, render=render, batch=1)
    assert report.batches == report.records and report.upserted == len(EXPECTED) == 9
    # One record at a time renders one or two documents; Chroma still gets full calls.
    assert client.writes == [("upsert", 4), ("upsert", 4), ("upsert", 1)]
    assert index.ids() == EXPECTED == _lexical_ids(runtime)
    client.close()


class _Boom(RuntimeError):
    pass


class FlakyIndex(VectorIndex):
    """Fails on the n-th upsert, like a process killed mid-sync."""

    def __init__(self, inner: VectorIndex, fail_on: int) -> None:
        super().__init__(inner.client, inner.embedder)
        self.calls = 0
        self.fail_on = fail_on

    def upsert(self, docs: Any) -> int:
        self.calls += 1
        if self.calls == self.fail_on:
            raise _Boom("killed")
        return super().upsert(docs)


class FlakyLexical(LexicalIndex):
    """Fails after the vector leg was written, before the transaction commits."""

    def upsert(self, session: Any, docs: Any) -> int:
        raise _Boom("killed after the vector write")


def test_a_crash_mid_sync_resumes_with_nothing_lost_or_doubled(
    runtime: Runtime, org: Org, index: VectorIndex, lexical: LexicalIndex
) -> None:
    flaky = FlakyIndex(index, fail_on=2)
    with pytest.raises(_Boom):
        _drain(runtime, flaky, lexical, batch=3)
    left = _outbox(runtime)
    assert left > 0  # the failed batch's rows are still queued
    assert index.count() < len(EXPECTED)
    _drain(runtime, index, lexical, batch=3)
    assert _outbox(runtime) == 0
    assert index.count() == len(EXPECTED) and index.ids() == EXPECTED
    with runtime.sessions() as s:
        assert s.execute(select(func.count()).select_from(documents)).scalar_one() == len(EXPECTED)


def test_a_crash_after_the_vector_write_is_redone_idempotently(
    runtime: Runtime, org: Org, index: VectorIndex, lexical: LexicalIndex
) -> None:
    before = _outbox(runtime)
    with pytest.raises(_Boom):
        _drain(runtime, index, FlakyLexical())
    assert _outbox(runtime) == before  # rolled back: nothing consumed
    assert index.ids()  # the vector leg was written...
    _drain(runtime, index, lexical)  # ...and writing it again doubles nothing
    assert index.count() == len(EXPECTED) == len(_lexical_ids(runtime))
    assert check(runtime.sessions, index, lexical, render=render).ok


def test_check_reports_drift_and_rebuild_repairs_it(
    runtime: Runtime, org: Org, index: VectorIndex, lexical: LexicalIndex
) -> None:
    _drain(runtime, index, lexical)
    index.delete(["F1"])  # missing from the vector leg
    index.upsert(render_extra())  # a vector for a record the database does not have
    with transaction(runtime.sessions) as s:
        s.execute(update(documents).where(documents.c.doc_id == "F2").values(fingerprint="old"))
        s.execute(delete(documents).where(documents.c.doc_id == "A1"))
        # A write the outbox does not see (bulk update without enqueue) makes G1 stale.
        s.execute(update(Goal).where(Goal.id == org.ids["goal"]).values(title="Renamed goal"))
    drift = check(runtime.sessions, index, lexical, render=render)
    assert not drift.ok and drift.documents == len(EXPECTED) and drift.pending == 0
    assert drift.vector.missing == {"F1"} and drift.vector.extra == {"F999"}
    assert drift.vector.stale == {"G1"}
    assert drift.lexical.missing == {"A1"} and drift.lexical.stale == {"F2", "G1"}
    assert not drift.lexical.extra
    seen: list[int] = []
    report = rebuild(
        runtime.sessions, index, lexical, render=render, progress=lambda d, t: seen.append(d)
    )
    assert report.upserted == len(EXPECTED) and seen[-1] == report.records
    assert check(runtime.sessions, index, lexical, render=render).ok


def render_extra() -> Any:
    from retrieval.types import Document

    return [Document("F999", "F999", "feedback", 999, 1, 1, None, "shared", 20260101, None, "x")]


def test_rebuild_consumes_the_outbox_it_supersedes(
    runtime: Runtime, org: Org, index: VectorIndex, lexical: LexicalIndex
) -> None:
    assert _outbox(runtime) > 0
    rebuild(runtime.sessions, index, lexical, render=render)
    assert _outbox(runtime) == 0 and index.ids() == EXPECTED == _lexical_ids(runtime)


def _content(index: VectorIndex) -> dict[str, tuple[dict[str, Any], list[float]]]:
    got = index.collection.get(include=["embeddings", "metadatas"])
    return {
        i: (dict(m), [float(x) for x in v])
        for i, m, v in zip(got["ids"], got["metadatas"], got["embeddings"], strict=True)
    }


def test_a_rebuild_writes_what_a_drain_writes(
    runtime: Runtime, org: Org, index: VectorIndex, lexical: LexicalIndex
) -> None:
    _drain(runtime, index, lexical)
    drained = _content(index)
    rebuild(runtime.sessions, index, lexical, render=render)
    assert set(drained) == EXPECTED
    assert _content(index) == drained  # same ids, metadata and vectors


@pytest.mark.postgres
def test_postgres_workers_skip_rows_another_worker_holds(pg_url: str, tmp_path: Any) -> None:
    from retrieval.embedders import HashingEmbedder

    engine = make_engine(pg_url)
    sessions = make_sessionmaker(engine)
    with transaction(sessions) as s:
        enqueue(s, "feedback", range(1, 11), OutboxOp.UPSERT)
    index = VectorIndex(
        make_chroma_client(ChromaConfig(path=tmp_path / "chroma")),
        HashingEmbedder(dimension=32),
    )
    other = sessions()
    other.begin()
    held = (
        other.execute(
            select(OutboxEntry.id)
            .order_by(OutboxEntry.id)
            .limit(4)
            .with_for_update(skip_locked=True)
        )
        .scalars()
        .all()
    )
    assert len(held) == 4
    report = drain_outbox(sessions, index, LexicalIndex(), render=render, batch=3)
    assert report.outbox_rows == 6  # everything but the rows the other worker holds
    other.rollback()
    other.close()
    with sessions() as s:
        assert sorted(s.execute(select(OutboxEntry.id)).scalars()) == sorted(held)
    engine.dispose()


def _requeue_parents_first(runtime: Runtime, org: Org) -> None:
    """The outbox as a bulk import leaves it: every record queued, parents before their parts."""
    with transaction(runtime.sessions) as s:
        s.execute(delete(OutboxEntry))
        for rtype in ("goal", "key_result", "goal_update", "checkin", "action_item", "feedback"):
            model: Any = INDEXED[rtype]
            enqueue(s, rtype, s.scalars(select(model.id).order_by(model.id)), OutboxOp.UPSERT)


def test_parts_rendered_with_their_parent_are_not_written_again(
    runtime: Runtime, org: Org, index: VectorIndex, lexical: LexicalIndex
) -> None:
    _requeue_parents_first(runtime, org)
    queued = _outbox(runtime)
    report = _drain(runtime, index, lexical, batch=1)
    # The goal's batch renders K1 and U1 and takes their rows; the check-in's takes A1's.
    assert report.upserted == len(EXPECTED)
    assert report.outbox_rows == queued and _outbox(runtime) == 0
    assert report.batches == queued - 3
    assert check(runtime.sessions, index, lexical, render=render).ok


def test_a_deleted_part_whose_row_a_parent_batch_would_take_is_still_removed(
    runtime: Runtime, org: Org, index: VectorIndex, lexical: LexicalIndex
) -> None:
    _drain(runtime, index, lexical)
    with transaction(runtime.sessions) as s:
        kr = s.scalars(select(KeyResult.id).where(KeyResult.goal_id == org.ids["goal"])).one()
        s.execute(delete(KeyResult).where(KeyResult.id == kr))
        enqueue(s, "key_result", [kr], OutboxOp.DELETE)
        enqueue(s, "goal", [org.ids["goal"]], OutboxOp.UPSERT)
    _drain(runtime, index, lexical, batch=1)
    assert "K1" not in index.ids() and "K1" not in _lexical_ids(runtime)
    assert _outbox(runtime) == 0
    assert check(runtime.sessions, index, lexical, render=render).ok


def test_a_drain_stops_between_batches_when_asked(
    runtime: Runtime, org: Org, index: VectorIndex, lexical: LexicalIndex
) -> None:
    queued = _outbox(runtime)
    report = _drain(runtime, index, lexical, batch=2, stop=lambda: True)
    assert report.batches == 1 and _outbox(runtime) == queued - report.outbox_rows > 0


@pytest.mark.postgres
def test_two_concurrent_postgres_workers_never_take_the_same_row(
    pg_url: str, tmp_path: Any
) -> None:
    import threading
    import time

    from retrieval.embedders import HashingEmbedder

    engine = make_engine(pg_url)
    sessions = make_sessionmaker(engine)
    with transaction(sessions) as s:
        enqueue(s, "feedback", range(1, 201), OutboxOp.UPSERT)
    index = VectorIndex(
        make_chroma_client(ChromaConfig(path=tmp_path / "chroma")),
        HashingEmbedder(dimension=32),
    )
    taken: dict[str, list[int]] = {"a": [], "b": []}
    start = threading.Barrier(2)

    def worker(name: str) -> None:
        def slow_render(session: Any, record_type: str, ids: list[int]) -> Any:
            taken[name].extend(ids)
            time.sleep(0.01)  # hold the batch's row locks while the other worker looks
            return render(session, record_type, ids)

        start.wait()
        drain_outbox(sessions, index, LexicalIndex(), render=slow_render, batch=10)

    threads = [threading.Thread(target=worker, args=(n,)) for n in taken]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    both = taken["a"] + taken["b"]
    assert sorted(both) == list(range(1, 201))  # every row once: none twice, none lost
    assert taken["a"] and taken["b"]  # and they really did split the work
    with sessions() as s:
        assert pending(s) == 0
    engine.dispose()


def _many_checkins(runtime: Runtime, org: Org, n: int) -> None:
    """``n`` 1:1s with private notes (two documents each) and one action item each."""
    with transaction(runtime.sessions) as s:
        checkins = [
            CheckIn(
                external_id=f"bulk-{i}",
                employee_id=org.people["dana"],
                manager_id=org.people["maya"],
                date=dt.date(2026, 1, 1) + dt.timedelta(days=i % 300),
                shared_notes=f"talked about release {i}",
                private_notes=f"note to self {i}",
            )
            for i in range(n)
        ]
        s.add_all(checkins)
        s.flush()
        s.add_all(
            ActionItem(
                external_id=f"bulk-a{c.id}",
                checkin_id=c.id,
                owner_id=org.people["dana"],
                text=f"follow up on release {c.id}",
            )
            for c in checkins
        )


@pytest.mark.parametrize("task", ["drain", "rebuild"])
def test_large_batches_bind_a_bounded_number_of_ids_per_statement(
    runtime: Runtime, org: Org, index: VectorIndex, lexical: LexicalIndex, task: str
) -> None:
    # 600 check-ins with private notes render 1,200 documents (1,800 with their action items):
    # one IN list per batch overflowed an old SQLite, and PostgreSQL's 65,535 at larger scale.
    _drain(runtime, index, lexical)
    _many_checkins(runtime, org, 600)
    with widest_statement(runtime.engine) as widest:
        if task == "drain":
            report = _drain(runtime, index, lexical, batch=5_000)
            assert report.batches == 1 and report.records == 1_200
        else:
            report = rebuild(runtime.sessions, index, lexical, render=render, batch=5_000)
    assert widest[0] <= CHUNKED_STATEMENT
    assert report.upserted >= 1_800
    assert _lexical_ids(runtime) == index.ids() and len(index.ids()) == len(EXPECTED) + 1_800
