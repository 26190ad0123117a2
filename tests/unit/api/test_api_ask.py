"""POST /v1/drafts/ask and its event stream: answers cited, nothing on record, scope, audit."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient
from sqlalchemy import select
from test_api_drafts import streamed

from assistant.indexing import sync_now
from assistant.models import AuditEvent
from tests.orgs.api_org import Org


def _ask(client: TestClient, org: Org, who: str, **body: object) -> dict[str, object]:
    resp = client.post("/v1/drafts/ask", json=body, headers=org.headers(who))
    assert resp.status_code == 200, resp.text
    out: dict[str, object] = resp.json()
    return out


def test_ask_answers_with_citations_or_nothing_on_record(client: TestClient, org: Org) -> None:
    sync_now(org.runtime, strict=True)
    got = _ask(client, org, "dana", question="What did I promise in my last 1:1?")
    output = got["output"]
    assert isinstance(output, dict) and got["task"] == "ask"
    assert output["question"] == "What did I promise in my last 1:1?"
    assert output["nothing_on_record"] is False
    assert next(c for i in output["answer"] for c in i["citations"]).startswith("A")
    none = _ask(client, org, "maya", question="Any word on Kubernetes?", subject="dana@example.com")
    assert none["output"] == {
        "question": "Any word on Kubernetes?",
        "answer": [],
        "nothing_on_record": True,
    }
    # Read back by id, and audited like every draft.
    again = client.get(f"/v1/drafts/{got['draft_id']}", headers=org.headers("dana"))
    assert again.status_code == 200 and again.json()["output"] == output
    with org.runtime.sessions() as s:
        actions = set(s.scalars(select(AuditEvent.action).where(AuditEvent.detail == "ask")))
    assert {"draft.generate", "draft.read"} <= actions


def test_ask_never_answers_from_anothers_private_notes(client: TestClient, org: Org) -> None:
    sync_now(org.runtime, strict=True)
    got = _ask(client, org, "dana", question="Does anyone think Dana seems stretched?")
    assert got["output"]["nothing_on_record"] is True  # type: ignore[index]
    assert got["output"]["answer"] == []  # type: ignore[index]


def test_ask_refusals(client: TestClient, org: Org) -> None:
    cases = [
        ({"question": "q", "subject": "omar@example.com"}, "maya", 404),
        ({"question": "   "}, "maya", 422),
        ({"question": "x" * 501}, "maya", 422),
        ({"question": "q", "team": "Sales"}, "maya", 422),
    ]
    for body, who, status in cases:
        resp = client.post("/v1/drafts/ask", json=body, headers=org.headers(who))
        assert resp.status_code == status, (body, resp.text)
        with client.stream(
            "POST", "/v1/drafts/ask/stream", json=body, headers=org.headers(who)
        ) as streamed:
            streamed.read()
        assert streamed.status_code == status, body


def test_ask_streams_server_sent_events(client: TestClient, org: Org) -> None:
    sync_now(org.runtime, strict=True)
    body = {"question": "What did I promise in my last 1:1?"}
    name, data = streamed(client, "/v1/drafts/ask/stream", body, org.headers("dana"))[-1]
    assert name == "draft"
    payload = json.loads(data)
    assert payload["task"] == "ask" and payload["output"]["answer"]
