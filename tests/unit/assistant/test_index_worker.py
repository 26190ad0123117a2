"""The outbox worker: drains after a write is signalled, survives failures, loses nothing when
killed mid-batch, stops when asked."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, select

from assistant.db import transaction
from assistant.documents import render_documents
from assistant.errors import IndexError_
from assistant.index_sync import SyncReport, drain_outbox
from assistant.index_worker import OutboxWorker
from assistant.indexing import check_index, outbox_empty, outbox_worker
from assistant.models import (
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
    OutboxEntry,
    OutboxOp,
    Person,
)
from assistant.outbox import enqueue
from assistant.runtime import Runtime
from assistant.settings import Settings
from retrieval.embedders import HashingEmbedder
from retrieval.lexical import LexicalIndex


@pytest.fixture
def rt(runtime: Runtime) -> Runtime:
    runtime.provide(embedder=HashingEmbedder(dimension=64))  # fast; the model is not tested
    return runtime


def _write(rt: Runtime, n: int = 3) -> None:
    """Maya, Dana, ``n`` pieces of feedback and a check-in with private notes."""
    with transaction(rt.sessions) as s:
        maya = Person(external_id="p1", name="Maya", email="maya@example.com")
        s.add(maya)
        s.flush()
        dana = Person(external_id="p2", name="Dana", email="dana@example.com", manager_id=maya.id)
        s.add(dana)
        s.flush()
        for i in range(n):
            s.add(
                Feedback(
                    external_id=f"f{i}", giver_id=maya.id, receiver_id=dana.id,
                    date=dt.date(2026, 11, 2), kind=FeedbackKind.PRAISE,
                    visibility=FeedbackVisibility.SHARED, text=f"ledger demo {i}",
                )
            )  # fmt: skip
        s.add(
            CheckIn(
                external_id="c1", employee_id=dana.id, manager_id=maya.id,
                date=dt.date(2026, 11, 4), shared_notes="retro", private_notes="stress",
            )
        )  # fmt: skip


class _KilledLexical(LexicalIndex):
    """Dies once after the vector leg of a batch was written, before its transaction commits:
    a worker process killed mid-batch."""

    def __init__(self) -> None:
        self.killed = False

    def upsert(self, session: Any, docs: Any) -> int:
        if not self.killed:
            self.killed = True
            raise RuntimeError("killed mid-batch")
        return super().upsert(session, docs)


def test_a_worker_killed_mid_batch_then_restarted_leaves_the_index_consistent(
    rt: Runtime,
) -> None:
    _write(rt)
    rt.provide(lexical=_KilledLexical())
    with pytest.raises(IndexError_, match="killed mid-batch"):
        outbox_worker(rt).run(once=True)
    assert not outbox_empty(rt)  # the batch's rows are still queued: nothing lost
    assert rt.index.ids()  # its vectors were written before the kill
    drift = check_index(rt)
    assert not drift.ok and drift.pending == 4  # 3 feedback, 1 check-in
    report = outbox_worker(rt).run(once=True)  # the restarted worker redoes the batch
    assert report.outbox_rows == 4 and outbox_empty(rt)
    drift = check_index(rt)
    assert drift.ok and drift.documents == 5 and drift.pending == 0


def test_a_running_worker_retries_a_failed_drain_and_then_catches_up(rt: Runtime) -> None:
    _write(rt)
    rt.provide(lexical=_KilledLexical())
    worker = outbox_worker(rt, interval=0.01)
    thread = threading.Thread(target=worker.run)
    thread.start()
    try:
        for _ in range(3000):
            if outbox_empty(rt):
                break
            threading.Event().wait(0.01)
    finally:
        worker.stop()
        thread.join(30)
    assert not thread.is_alive()
    assert worker.failures == 1 and worker.total.outbox_rows == 4
    assert check_index(rt).ok


def test_notify_wakes_an_idle_worker_before_its_poll_interval() -> None:
    drained = threading.Event()
    calls: list[int] = []

    def drain(stop: Any) -> SyncReport:
        calls.append(1)
        if len(calls) == 2:
            drained.set()
        return SyncReport()

    worker = OutboxWorker(drain, interval=3600)
    worker.start()
    try:
        while not calls:
            threading.Event().wait(0.01)
        worker.notify()
        # Woken by notify: an hour-long poll interval would time this wait out.
        assert drained.wait(30)
    finally:
        worker.close(30)
    assert worker.stopping


def test_stop_ends_a_drain_between_batches() -> None:
    seen: list[bool] = []
    worker = OutboxWorker(lambda stop: (seen.append(stop()), SyncReport(outbox_rows=1))[1])

    def drain_then_stop(stop: Any) -> SyncReport:
        worker.stop()  # a SIGTERM arrives while a batch is in hand
        seen.append(stop())
        return SyncReport(outbox_rows=1)

    worker._drain = drain_then_stop
    total = worker.run()
    assert seen == [True] and total.outbox_rows == 1


@pytest.mark.postgres
def test_two_postgres_workers_drain_a_bulk_import_with_parts_to_a_consistent_index(
    pg_url: str, tmp_path: Path
) -> None:
    """Goals queued before their key results and updates, as an import leaves them; two workers
    in small batches take parents and parts concurrently. Whatever they collide on is retried;
    the index ends exactly as the database renders."""
    rt = Runtime(Settings(data_dir=tmp_path / "data", database_url=pg_url, environment="test"))
    rt.provide(embedder=HashingEmbedder(dimension=32))
    with transaction(rt.sessions) as s:
        owner = Person(external_id="p1", name="Maya", email="maya@example.com")
        s.add(owner)
        s.flush()
        for g in range(30):
            goal = Goal(external_id=f"g{g}", owner_person_id=owner.id, title=f"Goal {g}",
                        level=GoalLevel.INDIVIDUAL, visibility=GoalVisibility.PUBLIC)  # fmt: skip
            s.add(goal)
            s.flush()
            for k in range(2):
                s.add(KeyResult(external_id=f"k{g}.{k}", goal_id=goal.id, title=f"KR {k}",
                                target_value=10))  # fmt: skip
                s.add(GoalUpdate(external_id=f"u{g}.{k}", goal_id=goal.id, author_id=owner.id,
                                 date=dt.date(2026, 11, 1 + k), progress=10 * k,
                                 status=GoalStatus.ON_TRACK, note=f"update {k}"))  # fmt: skip
    with transaction(rt.sessions) as s:
        s.execute(delete(OutboxEntry))
        for rtype, model in (
            ("goal", Goal),
            ("key_result", KeyResult),
            ("goal_update", GoalUpdate),
        ):
            enqueue(s, rtype, s.scalars(select(model.id).order_by(model.id)), OutboxOp.UPSERT)

    def drain(stop: Any) -> SyncReport:
        return drain_outbox(
            rt.sessions, rt.index, rt.lexical, render=render_documents, batch=7, stop=stop
        )

    workers = [OutboxWorker(drain, interval=0.01) for _ in range(2)]
    threads = [threading.Thread(target=w.run) for w in workers]
    for t in threads:
        t.start()
    try:
        for _ in range(6000):
            if outbox_empty(rt):
                break
            threading.Event().wait(0.01)
    finally:
        for w in workers:
            w.stop()
        for t in threads:
            t.join(60)
    try:
        assert outbox_empty(rt)
        drift = check_index(rt)
        assert drift.ok and drift.documents == 30 * 5
        # Every row taken exactly once (a batch that failed on a collision is not counted).
        assert sum(w.total.outbox_rows for w in workers) == 30 * 5
    finally:
        rt.close()
