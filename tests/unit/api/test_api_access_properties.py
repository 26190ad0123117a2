"""Property-based access tests of the record routes: over random organisations and reorgs
(tests/random_org.py), every list returns exactly what the policy allows, a record the caller
may not see is a 404 by id, no response quotes a foreign record, and a deactivated person's
token stops working. One app serves before and after the reorg: nothing may be cached across it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st
from random_org import (
    Built,
    Key,
    Plan,
    below,
    build,
    callers,
    example_runtime,
    expected_docs,
    make_template,
    orgs,
    property_settings,
    reorg,
)

from api.app import create_app
from api.deps import get_index_sync
from api.limits import MemoryRateLimiter

ROUTES = {
    "G": "goals",
    "K": "key-results",
    "U": "goal-updates",
    "F": "feedback",
    "C": "checkins",
    "A": "action-items",
}


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_template(tmp_path_factory.mktemp("template"))


def _client(runtime: Any) -> TestClient:
    app = create_app(runtime, rate_limiter=MemoryRateLimiter(1_000_000))
    app.dependency_overrides[get_index_sync] = lambda: lambda: None
    return TestClient(app, base_url="http://localhost", raise_server_exceptions=False)


def _check_caller(client: TestClient, built: Built, who: int, data: st.DataObject) -> None:
    plan: Plan = built.plan
    expected = expected_docs(plan, who)
    headers = {"Authorization": f"Bearer {built.tokens[who]}"}
    by_citation = {built.docs[k]: k for k in built.docs if len(k) == 2}

    for letter, route in ROUTES.items():
        got = client.get(f"/v1/{route}", params={"limit": 200}, headers=headers)
        assert got.status_code == 200, got.text
        listed = {item["citation"] for item in got.json()["items"]}
        want = {built.docs[k] for k in expected if k[0] == letter and len(k) == 2}
        assert listed == want, f"GET /v1/{route} as p{who}"
        assert built.keys_in(got.text) <= expected, f"GET /v1/{route} as p{who} quotes"
        if letter == "C":
            for item in got.json()["items"]:
                key = by_citation[item["citation"]]
                own = plan.checkins[key[1]][1] == who
                assert (item["private_notes"] is not None) == own, item["citation"]

    # By id: a sample of records, visible ones and foreign ones alike.
    sample = (
        data.draw(st.lists(st.sampled_from(sorted(by_citation)), max_size=5, unique=True))
        if by_citation
        else []
    )
    for citation in sample:
        key: Key = by_citation[citation]
        got = client.get(f"/v1/{ROUTES[key[0]]}/{citation[1:]}", headers=headers)
        assert got.status_code == (200 if key in expected else 404), f"GET {citation} as p{who}"
        assert built.keys_in(got.text) <= expected

    export = client.get("/v1/me/export", headers=headers)
    assert export.status_code == 200 and built.keys_in(export.text) <= expected

    subject = data.draw(st.integers(0, plan.size - 1), label="agenda subject")
    got = client.post("/v1/drafts/agenda", json={"subject": built.emails[subject]}, headers=headers)
    if subject in below(plan, who):
        assert got.status_code == 200, got.text
        assert built.keys_in(got.text) <= expected, f"agenda by p{who} about p{subject}"
    else:
        assert got.status_code == 404, f"agenda by p{who} about p{subject}: {got.status_code}"


@property_settings(max_examples=25)
@given(plan=orgs(max_people=15), data=st.data())
def test_record_routes_serve_only_what_the_policy_allows(
    template: Path, plan: Plan, data: st.DataObject
) -> None:
    with example_runtime(template) as runtime:
        built = build(runtime, plan, tokens=True)
        asking = callers(plan, data.draw, most=3)
        with _client(runtime) as client:
            # Requests before the reorg, from the same app: nothing may carry over.
            for who in sorted({*asking, *plan.deactivated}):
                headers = {"Authorization": f"Bearer {built.tokens[who]}"}
                assert client.get("/v1/feedback", headers=headers).status_code == 200
            reorg(runtime, built)
            for who in sorted(plan.deactivated):
                headers = {"Authorization": f"Bearer {built.tokens[who]}"}
                assert client.get("/v1/me", headers=headers).status_code == 401
            for who in asking:
                _check_caller(client, built, who, data)
