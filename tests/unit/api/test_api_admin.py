"""POST /v1/import: administration is the admin's alone, and every change to who reports to whom,
who holds which role and who is active is in the audit log (issue 12, finding 1)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from assistant.models import AuditEvent, Feedback, Person
from tests.orgs.api_org import Org

# What the security review did as HR: make herself Dana's manager, grant herself admin,
# deactivate Omar and forge feedback from Eli.
ESCALATION: dict[str, Any] = {
    "people": [
        {"id": "dana", "name": "Dana Eng", "email": "dana@example.com", "team": "eng",
         "manager": "hana"},
        {"id": "hana", "name": "Hana HR", "email": "hana@example.com", "manager": "ada",
         "roles": ["employee", "hr", "admin"]},
        {"id": "omar", "name": "Omar Sales", "email": "omar@example.com", "team": "sales",
         "manager": "ada", "active": False},
    ],
    "feedback": [
        {"id": "forged", "giver": "eli", "receiver": "dana", "date": "2026-01-20",
         "kind": "constructive", "visibility": "manager_only", "text": "Missed every deadline."},
    ],
}  # fmt: skip


def _people(org: Org) -> dict[str, tuple[int | None, list[str], bool]]:
    with org.runtime.sessions() as s:
        people = s.scalars(select(Person))
        return {p.external_id: (p.manager_id, sorted(p.roles), p.active) for p in people}


def _events(org: Org) -> list[tuple[int, str, int | None, str]]:
    with org.runtime.sessions() as s:
        rows = s.scalars(select(AuditEvent).where(~AuditEvent.action.startswith("draft.")))
        return [(e.actor_id, e.action, e.subject_id, e.detail) for e in rows]


@pytest.mark.parametrize("who", ["hana", "maya", "dana"])
def test_only_admins_import_and_others_learn_nothing(
    client: TestClient, org: Org, who: str
) -> None:
    people, events = _people(org), _events(org)
    for query in ("", "?dry_run=true", "?migration=true"):
        resp = client.post(f"/v1/import{query}", json=ESCALATION, headers=org.headers(who))
        assert resp.status_code == 403, resp.text
    # A broken bundle is refused before it is read: no message describes anyone's records.
    probe = {"people": [{"id": "x", "name": "X", "email": "dana@example.com"}],
             "feedback": [{"id": "f", "giver": "ghost", "receiver": "pat", "date": "2026-01-01",
                           "kind": "praise", "text": "hi"}]}  # fmt: skip
    for body in (json.dumps(probe), "{not json"):
        resp = client.post(
            "/v1/import?dry_run=true",
            content=body,
            headers={**org.headers(who), "content-type": "application/json"},
        )
        assert resp.status_code == 403
        for leak in ("dana", "pat", "ghost", "maya", "@example.com"):
            assert leak not in resp.text
    assert _people(org) == people and _events(org) == events
    with org.runtime.sessions() as s:
        assert s.scalar(select(Feedback).where(Feedback.external_id == "forged")) is None


def test_admin_changes_to_people_are_audited_with_who_made_them(
    client: TestClient, org: Org
) -> None:
    ids, before = org.ids, _events(org)
    bundle = {"people": ESCALATION["people"]}
    dry = client.post("/v1/import?dry_run=true", json=bundle, headers=org.headers("ada"))
    assert dry.status_code == 200 and dry.json()["audited"] == 3
    assert _events(org) == before  # a dry run writes no audit rows either
    resp = client.post("/v1/import", json=bundle, headers=org.headers("ada"))
    assert resp.status_code == 200, resp.text
    assert resp.json()["audited"] == 3
    new = _events(org)[len(before) :]
    ada = ids["ada"]
    assert sorted(new) == sorted(
        [
            (ada, "person.manager", ids["dana"], f"{ids['maya']} -> {ids['hana']}"),
            (ada, "person.roles", ids["hana"], "employee,hr -> admin,employee,hr"),
            (ada, "person.active", ids["omar"], "active -> inactive"),
        ]
    )
    again = client.post("/v1/import", json=bundle, headers=org.headers("ada"))
    assert again.json()["audited"] == 0 and len(_events(org)) == len(before) + 3


def test_feedback_in_someone_elses_name_needs_a_migration(client: TestClient, org: Org) -> None:
    forged = {"feedback": ESCALATION["feedback"]}
    refused = client.post("/v1/import", json=forged, headers=org.headers("ada"))
    assert refused.status_code == 422
    assert [(e["where"], e["field"]) for e in refused.json()["errors"]] == [
        ("body:feedback[0]", "giver")
    ]
    with org.runtime.sessions() as s:
        assert s.scalar(select(Feedback).where(Feedback.external_id == "forged")) is None

    own = {"feedback": [{**forged["feedback"][0], "id": "own", "giver": "ada@example.com"}]}
    assert client.post("/v1/import", json=own, headers=org.headers("ada")).status_code == 200

    before = _events(org)
    migrated = client.post("/v1/import?migration=true", json=forged, headers=org.headers("ada"))
    assert migrated.status_code == 200 and migrated.json()["audited"] == 1
    assert _events(org)[len(before) :] == [
        (org.ids["ada"], "feedback.migrate", org.ids["eli"], "1 record(s) in this person's name")
    ]


def test_import_body_is_read_like_a_bundle_file(client: TestClient, org: Org) -> None:
    ada = {**org.headers("ada"), "content-type": "application/json"}
    bom = (
        b"\xef\xbb\xbf"
        + json.dumps({"values": [{"id": "kind", "name": "Kind\u200bness"}]}).encode()
    )
    resp = client.post("/v1/import", content=bom, headers=ada)
    assert resp.status_code == 200, resp.text
    assert resp.json()["writes"] == 1 and resp.json()["cleaned"] == 1
    twice = b'{"values": [], "values": [{"id": "v", "name": "V"}]}'
    dup = client.post("/v1/import", content=twice, headers=ada)
    assert dup.status_code == 422 and "appears twice" in dup.text
    bad_utf8 = client.post("/v1/import", content=b'{"values": ["\xff"]}', headers=ada)
    assert bad_utf8.status_code == 422 and "not UTF-8" in bad_utf8.text
    schema = client.get("/openapi.json").json()
    body = schema["paths"]["/v1/import"]["post"]["requestBody"]["content"]["application/json"]
    assert "feedback" in body["schema"]["properties"]


def test_admin_creating_a_person_is_audited(client: TestClient, org: Org) -> None:
    new = {"people": [{"id": "zed", "name": "Zed New", "email": "zed@example.com",
                       "manager": "maya@example.com", "roles": ["employee", "admin"]}]}  # fmt: skip
    resp = client.post("/v1/import", json=new, headers=org.headers("ada"))
    assert resp.status_code == 200 and resp.json()["audited"] == 1
    zed = org.record_id(Person, "zed")
    assert _events(org)[-1] == (
        org.ids["ada"],
        "person.create",
        zed,
        f"manager {org.ids['maya']}; roles admin,employee; active",
    )


def test_no_other_route_takes_a_manager_role_or_active_flag(client: TestClient) -> None:
    """Reporting lines, roles and active flags change through the admin's import alone."""
    schema = client.get("/openapi.json").json()
    fields = {"manager", "manager_id", "roles", "active"}
    writers = []
    for path, ops in schema["paths"].items():
        for method, op in ops.items():
            content = op.get("requestBody", {}).get("content", {})
            for media in content.values():
                ref = media["schema"].get("$ref", "")
                props = schema["components"]["schemas"].get(ref.rsplit("/", 1)[-1], {})
                if fields & set(props.get("properties", {})):
                    writers.append(f"{method.upper()} {path}")
    assert writers == []
