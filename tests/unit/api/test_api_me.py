"""GET /v1/me/export: everything about the caller they may see, nothing they may not."""

from __future__ import annotations

from fastapi.testclient import TestClient

from assistant.models import ActionItem, CheckIn, Feedback, Goal
from tests.orgs.api_org import Org


def test_export_holds_the_callers_records(client: TestClient, org: Org) -> None:
    resp = client.get("/v1/me/export", headers=org.headers("dana"))
    assert resp.status_code == 200
    data = resp.json()
    assert data["person"]["email"] == "dana@example.com"
    assert {g["id"] for g in data["goals"]} == {
        org.record_id(Goal, "g-dana"),
        org.record_id(Goal, "g-dana-priv"),
    }
    assert len(data["key_results"]) == 1 and len(data["goal_updates"]) == 1
    assert [f["id"] for f in data["feedback_received"]] == [org.record_id(Feedback, "f-shared")]
    assert [c["id"] for c in data["checkins"]] == [org.record_id(CheckIn, "c-1")]
    assert data["checkins"][0]["private_notes"] is None
    assert [a["id"] for a in data["action_items"]] == [org.record_id(ActionItem, "a-1")]
    assert [t["name"] for t in data["api_tokens"]] == ["test"]
    # What the policy keeps from Dana stays out of her export.
    assert "Reviews arrive late" not in resp.text and "Note to self" not in resp.text
    assert "Dana seems stretched" not in resp.text
    assert "token_hash" not in resp.text


def test_export_of_a_giver_lists_feedback_given(client: TestClient, org: Org) -> None:
    data = client.get("/v1/me/export", headers=org.headers("eli")).json()
    assert len(data["feedback_given"]) == 3
    assert data["feedback_received"] == []
