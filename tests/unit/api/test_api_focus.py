"""A focus in the draft body and on the prep page: the records about it lead, within the
caller's scope; a task that takes none refuses it; the idempotency key covers it."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from ui_client import signed_in

from assistant.indexing import sync_now
from assistant.models import Feedback
from tests.orgs.api_org import Org


def _draft(client: TestClient, org: Org, who: str, task: str, **body: object) -> dict[str, object]:
    resp = client.post(f"/v1/drafts/{task}", json=body, headers=org.headers(who))
    assert resp.status_code == 200, resp.text
    out: dict[str, object] = resp.json()["output"]
    return out


def _cites(output: dict[str, object]) -> set[str]:
    return {c for item in output["on_focus"] for c in item["citations"]}  # type: ignore[attr-defined]


def test_a_focus_in_the_body_leads_the_draft(client: TestClient, org: Org) -> None:
    sync_now(org.runtime, strict=True)
    shared = f"F{org.record_id(Feedback, 'f-shared')}"
    out = _draft(
        client, org, "maya", "agenda", subject="dana@example.com", focus="incident write-up"
    )
    assert out["focus"] == "incident write-up" and _cites(out) == {shared}
    none = _draft(client, org, "maya", "coaching", subject="dana@example.com", focus="kubernetes")
    assert none["focus"] == "kubernetes" and none["on_focus"] == []
    # Eli's manager-only note: Maya's summary finds it, Dana's own never does.
    late = f"F{org.record_id(Feedback, 'f-mgr')}"
    assert _cites(_draft(client, org, "maya", "summary", subject="dana@example.com",
                         focus="reviews arrive late")) == {late}  # fmt: skip
    mine = _draft(client, org, "dana", "summary", focus="reviews arrive late")
    assert mine["on_focus"] == [] and "Reviews arrive late" not in str(mine)


def test_focus_refusals_and_the_idempotency_key(client: TestClient, org: Org) -> None:
    cases = [
        ("themes", {"team": "Engineering", "focus": "x"}, "hana", 400),
        ("reflection", {"focus": "x"}, "dana", 400),
        ("agenda", {"subject": "dana@example.com", "focus": "x" * 201}, "maya", 422),
        ("agenda", {"subject": "dana@example.com", "focus": "  "}, "maya", 422),
    ]
    for task, body, who, status in cases:
        resp = client.post(f"/v1/drafts/{task}", json=body, headers=org.headers(who))
        assert resp.status_code == status, (task, body, resp.text)
    headers = {**org.headers("maya"), "Idempotency-Key": "focus-1"}
    body = {"subject": "dana@example.com", "focus": "migration"}
    assert client.post("/v1/drafts/agenda", json=body, headers=headers).status_code == 200
    changed = client.post("/v1/drafts/agenda", json={**body, "focus": "incidents"}, headers=headers)
    assert changed.status_code == 422


def test_the_prep_page_regenerates_with_a_focus(client: TestClient, org: Org) -> None:
    sync_now(org.runtime, strict=True)
    csrf = signed_in(client, org, "maya")
    dana = org.ids["dana"]
    resp = client.post(
        f"/prep/{dana}", data={"csrf": csrf, "focus": "incident write-up"}, follow_redirects=False
    )
    assert resp.status_code == 303
    page = client.get(resp.headers["location"]).text
    assert "On “incident write-up”" in page and 'name="focus"' in page
    assert re.search(r'name="focus"[^>]*value="incident write-up"', page, re.S)
    none = client.post(f"/prep/{dana}", data={"csrf": csrf, "focus": "kubernetes"})
    assert "On “kubernetes”: nothing on record about it." in none.text
