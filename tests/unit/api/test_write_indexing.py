"""A write through the API commits and returns; the app's index worker makes it searchable."""

from __future__ import annotations

import threading
import time

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from api.app import create_app
from api.limits import MemoryRateLimiter
from assistant.index_sync import SyncReport
from assistant.index_worker import OutboxWorker
from assistant.indexing import outbox_empty, sync_now
from retrieval.lexical import documents
from tests.orgs.api_org import Org


def _indexed(org: Org, doc_id: str) -> bool:
    rt = org.runtime
    with rt.sessions() as session:
        lexical = rt.lexical.doc_ids_for(session, "feedback", [int(doc_id[1:])])
    return doc_id in lexical and doc_id in rt.index.doc_ids_for("feedback", [int(doc_id[1:])])


def test_a_write_returns_before_indexing_and_is_searchable_soon_after(org: Org) -> None:
    sync_now(org.runtime, strict=True)  # the seeded organisation, so only the write is pending
    gate = threading.Event()

    def drain(stop: object) -> SyncReport:
        gate.wait(30)  # indexing is held back until the response is in hand
        return sync_now(org.runtime, strict=True)

    app = create_app(org.runtime, rate_limiter=MemoryRateLimiter(10_000))
    app.state.index_worker = OutboxWorker(drain, interval=0.05)
    body = {"receiver_id": org.ids["dana"], "kind": "praise", "visibility": "shared",
            "text": "Thanks for untangling the reconciliation job."}  # fmt: skip
    with TestClient(app, base_url="http://localhost") as client:
        resp = client.post("/v1/feedback", json=body, headers=org.headers("fay"))
        assert resp.status_code == 201, resp.text
        doc_id = resp.json()["citation"]
        # Returned while the worker is still held: committed, queued, not indexed yet.
        assert not outbox_empty(org.runtime) and not _indexed(org, doc_id)
        gate.set()
        started = time.monotonic()
        while not _indexed(org, doc_id) and time.monotonic() - started < 30:
            time.sleep(0.02)
        delay = time.monotonic() - started
        assert _indexed(org, doc_id), f"not searchable {delay:.1f}s after the worker ran"
    assert outbox_empty(org.runtime)
    assert app.state.index_worker.total.outbox_rows >= 1


def test_with_in_process_indexing_off_a_write_only_queues(org: Org) -> None:
    rt = org.runtime
    rt.settings = rt.settings.model_copy(update={"index_in_process": False})
    sync_now(rt, strict=True)
    app = create_app(rt, rate_limiter=MemoryRateLimiter(10_000))
    assert app.state.index_worker is None
    body = {"receiver_id": org.ids["dana"], "kind": "praise", "visibility": "shared",
            "text": "Great demo."}  # fmt: skip
    with TestClient(app, base_url="http://localhost") as client:
        resp = client.post("/v1/feedback", json=body, headers=org.headers("fay"))
    assert resp.status_code == 201 and not outbox_empty(rt)  # left for `cadence worker`


def test_the_app_builds_the_public_vectors_at_start_up_when_asked(org: Org) -> None:
    rt = org.runtime
    sync_now(rt, strict=True)
    with rt.sessions() as session:  # how many public documents the index holds
        public = session.execute(
            select(func.count()).select_from(documents).where(documents.c.visibility == "public")
        ).scalar_one()
    assert public > 0
    for on in (False, True):
        rt.settings = rt.settings.model_copy(update={"public_vectors": on})
        app = create_app(rt, rate_limiter=MemoryRateLimiter(10_000))
        with TestClient(app, base_url="http://localhost"):
            rt.index.public.wait()
            assert len(rt.index.public) == (public if on else 0)
