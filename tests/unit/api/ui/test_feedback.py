"""Giving feedback from the web UI (api/ui/feedback.py)."""

from __future__ import annotations

from fastapi.testclient import TestClient
from ui_client import signed_in

from tests.orgs.api_org import Org


def test_give_feedback_form(client: TestClient, org: Org) -> None:
    csrf = signed_in(client, org, "eli")
    form = client.get(f"/feedback/new?to={org.ids['dana']}").text
    assert "Who will see it" in form and "management chain" in form
    bad = client.post(
        "/feedback/new",
        data={"csrf": csrf, "receiver_id": org.ids["dana"], "kind": "praise", "text": ""},
    )
    assert bad.status_code == 422 and "Please fix" in bad.text
    sent = client.post(
        "/feedback/new",
        data={
            "csrf": csrf,
            "receiver_id": org.ids["dana"],
            "kind": "praise",
            "visibility": "shared",
            "values": ["Craft", "Ownership"],
            "text": "<script>alert(1)</script> nice work",
        },
        follow_redirects=False,
    )
    assert sent.status_code == 303 and org.synced
    signed_in(client, org, "dana")
    me = client.get("/me").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; nice work" in me  # escaped, never markup
    assert "<script>alert(1)" not in me
