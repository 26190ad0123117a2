"""Bearer tokens: required on every /v1 route, revocable, tied to an active person."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from assistant import auth
from assistant.db import transaction
from assistant.models import ApiToken, Person
from tests.orgs.api_org import Org


def test_every_v1_route_needs_a_token(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()["paths"]
    calls = [
        (method, re.sub(r"\{[^}]+\}", "1", path))
        for path, ops in spec.items()
        if path.startswith("/v1/")
        for method in ops
    ]
    assert len(calls) >= 25
    for method, path in calls:
        resp = client.request(method, path, json={})
        assert resp.status_code == 401, (method, path, resp.status_code)
        assert resp.headers["content-type"] == "application/problem+json"
        assert resp.headers["www-authenticate"] == "Bearer"


def test_garbage_and_unknown_tokens_are_401(client: TestClient) -> None:
    for header in ("Bearer nope", "Bearer cad_" + "x" * 43, "Basic abc", "Bearer "):
        resp = client.get("/v1/me", headers={"Authorization": header})
        assert resp.status_code == 401


def test_token_acts_as_its_person(client: TestClient, org: Org) -> None:
    resp = client.get("/v1/me", headers=org.headers("maya"))
    assert resp.status_code == 200
    body = resp.json()
    assert body["email"] == "maya@example.com"
    assert body["is_manager"] is True
    assert org.ids["dana"] in body["direct_reports"]


def test_revoked_token_stops_working(client: TestClient, org: Org) -> None:
    assert client.get("/v1/me", headers=org.headers("dana")).status_code == 200
    with transaction(org.runtime.sessions) as session:
        token_id = session.query(ApiToken).filter_by(person_id=org.ids["dana"]).one().id
        auth.revoke_token(session, token_id)
    assert client.get("/v1/me", headers=org.headers("dana")).status_code == 401


def test_inactive_person_token_stops_working(client: TestClient, org: Org) -> None:
    with transaction(org.runtime.sessions) as session:
        session.get_one(Person, org.ids["eli"]).active = False
    assert client.get("/v1/me", headers=org.headers("eli")).status_code == 401


def test_tokens_are_stored_hashed(org: Org) -> None:
    with org.runtime.sessions() as session:
        hashes = {t.token_hash for t in session.query(ApiToken)}
    assert all(raw not in hashes for raw in org.tokens.values())
    assert {auth.hash_token(raw) for raw in org.tokens.values()} == hashes
