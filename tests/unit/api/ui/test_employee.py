"""An employee's page and self-reflection (api/ui/employee.py): their drafts stay their own."""

from __future__ import annotations

from fastapi.testclient import TestClient
from ui_client import signed_in

from tests.orgs.api_org import Org


def test_employee_reflection_and_drafts_stay_private(client: TestClient, org: Org) -> None:
    csrf = signed_in(client, org, "dana")
    resp = client.post("/me/reflection", data={"csrf": csrf}, follow_redirects=False)
    assert resp.status_code == 303
    draft_path = resp.headers["location"]
    assert "self-reflection" in client.get(draft_path).text
    signed_in(client, org, "maya")
    assert client.get(draft_path).status_code == 404
