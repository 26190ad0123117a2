"""The question box on the "me" and prep pages (api/ui/drafts.py): answers shown as a cited draft,
scope kept."""

from __future__ import annotations

from fastapi.testclient import TestClient
from ui_client import signed_in

from assistant.indexing import sync_now
from tests.orgs.api_org import Org


def test_me_page_asks_and_shows_a_cited_answer(client: TestClient, org: Org) -> None:
    sync_now(org.runtime, strict=True)
    csrf = signed_in(client, org, "dana")
    me = client.get("/me").text
    assert 'action="/ask"' in me and 'name="about"' not in me
    resp = client.post(
        "/ask",
        data={"csrf": csrf, "question": "What did I promise in my last 1:1?"},
        follow_redirects=False,
    )
    assert resp.status_code == 303 and resp.headers["location"].startswith("/drafts/")
    page = client.get(resp.headers["location"]).text
    assert "What did I promise in my last 1:1?" in page
    assert "Write the rollback plan" in page and 'data-citation="A' in page


def test_prep_page_asks_about_the_report_and_says_nothing_on_record(
    client: TestClient, org: Org
) -> None:
    sync_now(org.runtime, strict=True)
    csrf = signed_in(client, org, "maya")
    prep = client.get(f"/prep/{org.ids['dana']}").text
    assert 'action="/ask"' in prep and f'name="about" value="{org.ids["dana"]}"' in prep
    resp = client.post(
        "/ask",
        data={"csrf": csrf, "question": "Any word on Kubernetes?", "about": org.ids["dana"]},
    )
    assert resp.status_code == 200 and "Nothing on record about that." in resp.text


def test_the_box_keeps_the_policy_and_the_csrf_check(client: TestClient, org: Org) -> None:
    csrf = signed_in(client, org, "maya")
    stranger = client.post("/ask", data={"csrf": csrf, "question": "q", "about": org.ids["omar"]})
    assert stranger.status_code == 404
    assert client.post("/ask", data={"csrf": "", "question": "q"}).status_code == 403
    empty = client.post("/ask", data={"csrf": csrf, "question": "  "})
    assert empty.status_code in (400, 422) and "question" in empty.text
