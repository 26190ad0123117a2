"""HR's page (api/ui/hr.py): teams too small for anonymity show no themes."""

from __future__ import annotations

from fastapi.testclient import TestClient
from ui_client import signed_in

from tests.orgs.api_org import Org


def test_hr_page_suppresses_small_teams(client: TestClient, org: Org) -> None:
    signed_in(client, org, "hana")
    page = client.get("/hr").text
    eng = page[page.index("Engineering") :]
    sales = page[page.index(">Sales<") :]
    assert "<svg" in eng.split("</section>")[0]
    assert (
        "Suppressed" in sales.split("</section>")[0] and "<svg" not in sales.split("</section>")[0]
    )
    signed_in(client, org, "maya")
    assert client.get("/hr").status_code == 403
