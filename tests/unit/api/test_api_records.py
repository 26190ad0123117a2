"""Records routes: scoped reads (out of scope is 404), pagination, validated writes."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from assistant.models import ActionItem, CheckIn, Feedback, Goal, KeyResult
from tests.orgs.api_org import Org


def citations(resp_json: dict[str, object]) -> set[str]:
    return {item["citation"] for item in resp_json["items"]}  # type: ignore[attr-defined, index]


def test_feedback_lists_follow_the_policy(client: TestClient, org: Org) -> None:
    f = {ext: org.record_id(Feedback, ext) for ext in ("f-shared", "f-mgr", "f-priv", "f-omar")}
    seen = {
        who: citations(client.get("/v1/feedback", headers=org.headers(who)).json())
        for who in ("maya", "dana", "eli", "omar", "hana")
    }
    assert seen["dana"] == {f"F{f['f-shared']}"}  # not manager-only, not Eli's private note
    assert seen["maya"] == {f"F{f['f-shared']}", f"F{f['f-mgr']}"}
    assert seen["eli"] == {f"F{f['f-shared']}", f"F{f['f-mgr']}", f"F{f['f-priv']}"}
    assert seen["omar"] == {f"F{f['f-omar']}"}
    assert seen["hana"] == set()  # HR sees aggregates, never individual feedback


@pytest.mark.parametrize(
    ("who", "model", "ext", "path"),
    [
        ("dana", Feedback, "f-mgr", "/v1/feedback/{}"),
        ("dana", Feedback, "f-priv", "/v1/feedback/{}"),
        ("maya", Feedback, "f-omar", "/v1/feedback/{}"),
        ("maya", Goal, "g-omar-priv", "/v1/goals/{}"),
        ("omar", Goal, "g-dana-priv", "/v1/goals/{}"),
        ("omar", CheckIn, "c-1", "/v1/checkins/{}"),
        ("eli", ActionItem, "a-1", "/v1/action-items/{}"),
        ("hana", CheckIn, "c-1", "/v1/checkins/{}"),
    ],
)
def test_out_of_scope_record_is_404_like_a_missing_one(
    client: TestClient, org: Org, who: str, model: type, ext: str, path: str
) -> None:
    hidden = client.get(path.format(org.record_id(model, ext)), headers=org.headers(who))
    missing = client.get(path.format(999_999), headers=org.headers(who))
    assert hidden.status_code == missing.status_code == 404
    assert hidden.headers["content-type"] == "application/problem+json"
    assert hidden.json()["title"] == missing.json()["title"] == "Not found"


def test_private_checkin_notes_only_for_the_manager_who_wrote_them(
    client: TestClient, org: Org
) -> None:
    cid = org.record_id(CheckIn, "c-1")
    as_maya = client.get(f"/v1/checkins/{cid}", headers=org.headers("maya")).json()
    as_dana = client.get(f"/v1/checkins/{cid}", headers=org.headers("dana")).json()
    as_ada = client.get(f"/v1/checkins/{cid}", headers=org.headers("ada")).json()
    assert as_maya["private_notes"] == "Dana seems stretched."
    assert as_dana["private_notes"] is None
    assert as_ada["private_notes"] is None  # Maya's manager still never sees them
    assert as_dana["shared_notes"] == as_maya["shared_notes"]


def test_pagination_walks_every_row_once(client: TestClient, org: Org) -> None:
    headers = org.headers("ada")
    for i in range(7):
        body = {"receiver_id": org.ids["omar"], "kind": "praise", "text": f"note {i}"}
        assert client.post("/v1/feedback", json=body, headers=headers).status_code == 201
    seen: list[str] = []
    offset: int | None = 0
    while offset is not None:
        page = client.get(f"/v1/feedback?limit=3&offset={offset}", headers=headers).json()
        assert page["total"] == 10 and len(page["items"]) <= 3
        seen += [item["citation"] for item in page["items"]]
        offset = page["next_offset"]
    assert len(seen) == len(set(seen)) == 10
    bad = client.get("/v1/feedback?limit=0", headers=headers)
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "limit"


def test_create_feedback_then_read_it_back(client: TestClient, org: Org) -> None:
    body = {
        "receiver_id": org.ids["dana"],
        "kind": "praise",
        "visibility": "shared",
        "text": "Thanks for pairing on the ledger.",
        "values": ["Craft"],
    }
    resp = client.post("/v1/feedback", json=body, headers=org.headers("fay"))
    assert resp.status_code == 201, resp.text
    created = resp.json()
    assert created["giver_id"] == org.ids["fay"] and created["values"] == ["Craft"]
    assert created["citation"] == f"F{created['id']}"
    assert org.synced, "a write must signal the index worker"
    as_dana = client.get(f"/v1/feedback/{created['id']}", headers=org.headers("dana"))
    assert as_dana.status_code == 200


def test_feedback_validation_names_each_field(client: TestClient, org: Org) -> None:
    body = {"receiver_id": org.ids["fay"], "kind": "praise", "text": "x", "values": ["Nope"]}
    resp = client.post("/v1/feedback", json=body, headers=org.headers("fay"))
    assert resp.status_code == 422
    fields = {e["field"] for e in resp.json()["errors"]}
    assert fields == {"receiver_id", "values"}
    too_long = {"receiver_id": org.ids["dana"], "kind": "praise", "text": "x" * 5001}
    resp = client.post("/v1/feedback", json=too_long, headers=org.headers("fay"))
    assert resp.status_code == 422 and resp.json()["errors"][0]["field"] == "text"
    extra = {"receiver_id": org.ids["dana"], "kind": "praise", "text": "hi", "giver_id": 1}
    resp = client.post("/v1/feedback", json=extra, headers=org.headers("fay"))
    assert resp.status_code == 422 and resp.json()["errors"][0]["field"] == "giver_id"


def test_only_the_giver_edits_feedback(client: TestClient, org: Org) -> None:
    fid = org.record_id(Feedback, "f-shared")
    assert (
        client.patch(
            f"/v1/feedback/{fid}", json={"text": "Edited"}, headers=org.headers("maya")
        ).status_code
        == 403
    )
    resp = client.patch(f"/v1/feedback/{fid}", json={"text": "Edited"}, headers=org.headers("eli"))
    assert resp.status_code == 200 and resp.json()["text"] == "Edited"
    null = client.patch(f"/v1/feedback/{fid}", json={"text": None}, headers=org.headers("eli"))
    assert null.status_code == 422 and null.json()["errors"][0]["field"] == "text"


def test_goals_keyresults_and_updates(client: TestClient, org: Org) -> None:
    maya = org.headers("maya")
    resp = client.post(
        "/v1/goals",
        json={"title": "Mentor a new hire", "owner_person_id": org.ids["dana"]},
        headers=maya,
    )
    assert resp.status_code == 201, resp.text
    goal = resp.json()
    assert goal["owner_person_id"] == org.ids["dana"] and goal["level"] == "individual"
    # Not Maya's report: forbidden. Team goals: admins only.
    assert (
        client.post(
            "/v1/goals", json={"title": "x", "owner_person_id": org.ids["omar"]}, headers=maya
        ).status_code
        == 403
    )
    assert (
        client.post("/v1/goals", json={"title": "x", "level": "team"}, headers=maya).status_code
        == 403
    )
    kr = client.post(
        "/v1/key-results",
        json={"goal_id": goal["id"], "title": "Sessions held", "target_value": 6},
        headers=org.headers("dana"),
    )
    assert kr.status_code == 201
    upd = client.post(
        "/v1/goal-updates",
        json={"goal_id": goal["id"], "progress": 50, "status": "on_track", "note": "Halfway"},
        headers=org.headers("dana"),
    )
    assert upd.status_code == 201
    refreshed = client.get(f"/v1/goals/{goal['id']}", headers=maya).json()
    assert (refreshed["progress"], refreshed["status"]) == (50, "on_track")
    patched = client.patch(
        f"/v1/key-results/{kr.json()['id']}", json={"current_value": 3}, headers=maya
    )
    assert patched.status_code == 200 and patched.json()["current_value"] == 3
    # Eli sees the public goal but may not change Dana's goal.
    assert (
        client.patch(
            f"/v1/goals/{goal['id']}", json={"progress": 90}, headers=org.headers("eli")
        ).status_code
        == 403
    )
    krs = client.get(f"/v1/key-results?goal_id={org.record_id(Goal, 'g-dana')}", headers=maya)
    assert citations(krs.json()) == {f"K{org.record_id(KeyResult, 'kr-1')}"}


def test_checkins_and_action_items(client: TestClient, org: Org) -> None:
    maya, dana = org.headers("maya"), org.headers("dana")
    bad = client.post("/v1/checkins", json={"employee_id": org.ids["omar"]}, headers=maya)
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "employee_id"
    ci = client.post(
        "/v1/checkins",
        json={
            "employee_id": org.ids["dana"],
            "shared_notes": "Hi",
            "private_notes": "mine",
            "mood": 4,
        },
        headers=maya,
    )
    assert ci.status_code == 201 and ci.json()["private_notes"] == "mine"
    item = client.post(
        "/v1/action-items",
        json={"checkin_id": ci.json()["id"], "owner_id": org.ids["dana"], "text": "Book demo"},
        headers=maya,
    )
    assert item.status_code == 201
    done = client.patch(
        f"/v1/action-items/{item.json()['id']}", json={"status": "done"}, headers=dana
    )
    assert done.status_code == 200
    assert done.json()["status"] == "done" and done.json()["completed_on"] is not None
    assert (
        client.patch(
            f"/v1/checkins/{ci.json()['id']}", json={"shared_notes": "x"}, headers=dana
        ).status_code
        == 403
    )
    open_items = client.get("/v1/action-items?status=open", headers=dana).json()
    assert citations(open_items) == {f"A{org.record_id(ActionItem, 'a-1')}"}
