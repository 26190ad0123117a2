"""DELETE /v1/people/{id}: erasure through the API, for admins only."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from assistant.models import Feedback
from retrieval.embedders import HashingEmbedder
from tests.orgs.api_org import Org


@pytest.fixture(autouse=True)
def _fast_embedder(org: Org) -> None:
    org.runtime.provide(embedder=HashingEmbedder(dimension=64))


@pytest.mark.parametrize("who", ["hana", "maya", "dana"])
def test_anyone_but_an_admin_gets_the_404_of_an_unknown_person(
    client: TestClient, org: Org, who: str
) -> None:
    eli = org.ids["eli"]
    res = client.delete(f"/v1/people/{eli}", headers=org.headers(who))
    unknown = client.delete("/v1/people/999999", headers=org.headers("ada"))
    assert res.status_code == unknown.status_code == 404
    assert res.json()["detail"].replace(str(eli), "N") == unknown.json()["detail"].replace(
        "999999", "N"
    )
    assert client.get("/v1/me", headers=org.headers("eli")).status_code == 200


def test_an_admin_erases_a_person(client: TestClient, org: Org) -> None:
    shared = org.record_id(Feedback, "f-shared")
    assert client.get(f"/v1/feedback/{shared}", headers=org.headers("maya")).status_code == 200

    dry = client.delete(f"/v1/people/{org.ids['dana']}?dry_run=true", headers=org.headers("ada"))
    assert dry.status_code == 200 and dry.json()["dry_run"] is True
    assert dry.json()["counts"]["delete feedback"] == 3 and dry.json()["mentions"] == 0
    assert client.get("/v1/me", headers=org.headers("dana")).status_code == 200

    res = client.delete(f"/v1/people/{org.ids['dana']}", headers=org.headers("ada"))
    assert res.status_code == 200, res.text
    body = res.json()
    assert body["dry_run"] is False and body["counts"]["delete goals"] == 2
    assert body["storage"].startswith(("SQLite vacuumed", "PostgreSQL: VACUUM"))
    assert client.get("/v1/me", headers=org.headers("dana")).status_code == 401
    assert client.get(f"/v1/feedback/{shared}", headers=org.headers("maya")).status_code == 404
    again = client.delete(f"/v1/people/{org.ids['dana']}", headers=org.headers("ada"))
    assert again.status_code == 404


def test_an_admin_cannot_erase_themselves_or_an_out_of_range_id(
    client: TestClient, org: Org
) -> None:
    res = client.delete(f"/v1/people/{org.ids['ada']}", headers=org.headers("ada"))
    assert res.status_code == 400 and "yourself" in res.json()["detail"]
    assert client.get("/v1/me", headers=org.headers("ada")).status_code == 200
    huge = client.delete(f"/v1/people/{2**64}", headers=org.headers("ada"))
    assert huge.status_code == 422
