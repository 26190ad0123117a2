"""The manager's pages (api/ui/manager.py): signals, and a prep page that cites and opens
records."""

from __future__ import annotations

from fastapi.testclient import TestClient
from ui_client import signed_in

from tests.orgs.api_org import Org


def test_manager_home_shows_signals(client: TestClient, org: Org) -> None:
    signed_in(client, org, "maya")
    page = client.get("/").text  # managers land on their team
    assert "Dana Eng" in page and "Prep 1:1" in page and "Omar" not in page
    assert "Goals at risk" in page and "Since last 1:1" in page


def test_prep_page_cites_and_opens_records(client: TestClient, org: Org) -> None:
    signed_in(client, org, "maya")
    page = client.get(f"/prep/{org.ids['dana']}")
    assert page.status_code == 200
    assert '<details class="cite">' in page.text and 'data-citation="G' in page.text
    assert "Copy as markdown" in page.text and "Mark done" in page.text
    # Someone outside Maya's line: a 404 page, not a hint.
    other = client.get(f"/prep/{org.ids['omar']}")
    assert other.status_code == 404 and "<h1>Not found</h1>" in other.text
