"""Drafts over the offline provider: idempotency, scope, streaming and the audit log."""

from __future__ import annotations

import json
from collections.abc import Callable

from api_org import Org
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, event, select

from assistant.db import _sqlite_pragmas, make_sessionmaker
from assistant.models import AuditEvent


def test_idempotency_key_replays_and_rejects_a_changed_body(client: TestClient, org: Org) -> None:
    headers = {**org.headers("maya"), "Idempotency-Key": "prep-dana-1"}
    first = client.post("/v1/drafts/agenda", json={"subject": "dana@example.com"}, headers=headers)
    assert first.status_code == 200, first.text
    again = client.post("/v1/drafts/agenda", json={"subject": "dana@example.com"}, headers=headers)
    assert again.json()["draft_id"] == first.json()["draft_id"] and again.json()["cached"]
    changed = client.post("/v1/drafts/agenda", json={"subject": "eli@example.com"}, headers=headers)
    assert changed.status_code == 422
    assert changed.json()["errors"][0]["field"] == "Idempotency-Key"
    # Keys are per requester: Ada (above Maya) using the same key makes her own draft.
    other = client.post(
        "/v1/drafts/agenda",
        json={"subject": "dana@example.com"},
        headers={**org.headers("ada"), "Idempotency-Key": "prep-dana-1"},
    )
    assert other.status_code == 200 and other.json()["draft_id"] != first.json()["draft_id"]


def test_two_keys_for_one_cached_draft_each_get_their_own(client: TestClient, org: Org) -> None:
    body = {"subject": org.ids["dana"]}
    a = client.post(
        "/v1/drafts/agenda", json=body, headers={**org.headers("maya"), "Idempotency-Key": "a"}
    ).json()
    b = client.post(
        "/v1/drafts/agenda", json=body, headers={**org.headers("maya"), "Idempotency-Key": "b"}
    ).json()
    assert a["draft_id"] != b["draft_id"] and a["output"] == b["output"]


def test_agenda_items_cite_records_the_manager_may_see(client: TestClient, org: Org) -> None:
    resp = client.post(
        "/v1/drafts/agenda", json={"subject": "dana@example.com"}, headers=org.headers("maya")
    )
    out = resp.json()["output"]
    cites = {c for items in out.values() for item in items for c in item["citations"]}
    assert cites and all(c[0] in "GKUFCA" for c in cites)
    for cid in cites:  # every cited record opens for the requester
        path = {
            "G": "goals",
            "K": "key-results",
            "U": "goal-updates",
            "F": "feedback",
            "C": "checkins",
            "A": "action-items",
        }[cid[0]]
        assert client.get(f"/v1/{path}/{cid[1:]}", headers=org.headers("maya")).status_code == 200


def test_drafts_follow_the_policy(client: TestClient, org: Org) -> None:
    assert (
        client.post(
            "/v1/drafts/agenda", json={"subject": "omar@example.com"}, headers=org.headers("maya")
        ).status_code
        == 404
    )
    assert (
        client.post(
            "/v1/drafts/themes", json={"team": "Engineering"}, headers=org.headers("maya")
        ).status_code
        == 403
    )
    small = client.post("/v1/drafts/themes", json={"team": "Sales"}, headers=org.headers("hana"))
    assert small.status_code == 422 and "anonymity" in small.json()["title"]
    assert (
        client.post(
            "/v1/drafts/themes", json={"team": "Engineering"}, headers=org.headers("hana")
        ).status_code
        == 200
    )
    assert (
        client.post("/v1/drafts/nonsense", json={}, headers=org.headers("hana")).status_code == 422
    )


def test_a_draft_is_read_by_its_requester_only(client: TestClient, org: Org) -> None:
    draft = client.post(
        "/v1/drafts/agenda", json={"subject": "dana@example.com"}, headers=org.headers("maya")
    ).json()
    path = f"/v1/drafts/{draft['draft_id']}"
    assert client.get(path, headers=org.headers("maya")).json()["output"] == draft["output"]
    for who in ("dana", "ada", "hana"):  # the subject, the manager's manager, HR
        assert client.get(path, headers=org.headers(who)).status_code == 404


def test_audit_log_records_who_did_what_about_whom(client: TestClient, org: Org) -> None:
    draft = client.post(
        "/v1/drafts/agenda", json={"subject": "dana@example.com"}, headers=org.headers("maya")
    ).json()
    client.get(f"/v1/drafts/{draft['draft_id']}", headers=org.headers("maya"))
    with org.runtime.sessions() as session:
        events = session.scalars(
            select(AuditEvent).where(AuditEvent.action.startswith("draft.")).order_by(AuditEvent.id)
        ).all()
        rows = [(e.actor_id, e.action, e.draft_id, e.subject_id) for e in events]
        details = {e.detail for e in events}
    maya, dana, did = org.ids["maya"], org.ids["dana"], draft["draft_id"]
    assert (maya, "draft.generate", did, dana) in rows and (maya, "draft.read", did, dana) in rows
    assert details == {"agenda"}  # ids and the task name, never content


def test_stream_sends_server_sent_events(client: TestClient, org: Org) -> None:
    with client.stream(
        "POST", "/v1/drafts/reflection/stream", json={}, headers=org.headers("dana")
    ) as resp:
        assert resp.status_code == 200
        assert resp.headers["content-type"].startswith("text/event-stream")
        text = resp.read().decode()
    events = [block for block in text.split("\n\n") if block.strip()]
    name, data = events[-1].split("\n", 1)
    assert name == "event: draft"
    payload = json.loads("".join(line[len("data: ") :] for line in data.split("\n")))
    assert payload["task"] == "reflection" and payload["subject_id"] == org.ids["dana"]


def test_stream_reports_problems_as_an_event(client: TestClient, org: Org) -> None:
    with client.stream(
        "POST",
        "/v1/drafts/agenda/stream",
        json={"subject": "omar@example.com"},
        headers=org.headers("maya"),
    ) as resp:
        text = resp.read().decode()
    assert "event: problem" in text and '"status":404' in text


def test_a_draft_request_needs_one_pooled_connection_at_a_time(
    make_client: Callable[..., TestClient], org: Org
) -> None:
    """Auth must hand its connection back before the pipeline takes one, and the pipeline before
    it calls the model: with a pool of exactly one connection, a draft still succeeds (holding two
    would time out the pool, a 503 under load)."""
    rt = org.runtime
    tight = create_engine(rt.engine.url, pool_size=1, max_overflow=0, pool_timeout=2)
    if tight.dialect.name == "sqlite":
        event.listen(tight, "connect", _sqlite_pragmas)
    rt.__dict__["engine"], rt.__dict__["sessions"] = tight, make_sessionmaker(tight)
    try:
        client = make_client()
        resp = client.post(
            "/v1/drafts/agenda", json={"subject": "dana@example.com"}, headers=org.headers("maya")
        )
        assert resp.status_code in (200, 201), resp.text
        assert tight.pool.checkedout() == 0  # type: ignore[attr-defined]
    finally:
        tight.dispose()
