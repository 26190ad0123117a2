"""Inputs that can't poison the store (issue 12, findings 7 and 10): what the API refuses with a
422 (never a 500), what it cleans, and that what it accepts always exports and imports again."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from assistant.bundle_files import load_bundle
from assistant.exporter import export_bundle, write_bundle
from assistant.importer import import_bundle
from assistant.models import Goal, KeyResult
from assistant.runtime import Runtime
from assistant.settings import Settings
from tests.orgs.api_org import Org

HUGE = str(2**70)


def _post_raw(client: TestClient, path: str, body: str, headers: dict[str, str]) -> int:
    resp = client.post(path, content=body, headers={**headers, "content-type": "application/json"})
    return resp.status_code


def test_non_finite_numbers_are_refused(client: TestClient, org: Org) -> None:
    dana = org.headers("dana")
    goal = org.record_id(Goal, "g-dana")
    for number in ("1e400", "-1e400", "NaN", "Infinity", "1e16"):
        body = f'{{"goal_id": {goal}, "title": "Coverage", "target_value": {number}}}'
        assert _post_raw(client, "/v1/key-results", body, dana) == 422, number
    kr = org.record_id(KeyResult, "kr-1")
    patch = client.patch(
        f"/v1/key-results/{kr}",
        content='{"current_value": 1e400}',
        headers={**dana, "content-type": "application/json"},
    )
    assert patch.status_code == 422


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", f"/v1/feedback/{HUGE}"),
        ("GET", f"/v1/feedback?receiver_id={HUGE}"),
        ("GET", f"/v1/goals?owner_id=-{HUGE}"),
        ("GET", f"/v1/checkins/{HUGE}"),
        ("GET", f"/v1/action-items?checkin_id={HUGE}"),
        ("GET", f"/v1/drafts/{HUGE}"),
        ("PATCH", f"/v1/goals/{HUGE}"),
    ],
)
def test_ids_beyond_range_are_422(client: TestClient, org: Org, method: str, path: str) -> None:
    resp = client.request(method, path, json={}, headers=org.headers("maya"))
    assert resp.status_code == 422, resp.text


def test_ids_in_bodies_beyond_range_and_unknown_references_are_422(
    client: TestClient, org: Org
) -> None:
    maya = org.headers("maya")
    fb = f'{{"receiver_id": {HUGE}, "kind": "praise", "text": "hi"}}'
    assert _post_raw(client, "/v1/feedback", fb, maya) == 422
    ci = f'{{"employee_id": {HUGE}}}'
    assert _post_raw(client, "/v1/checkins", ci, maya) == 422
    assert _post_raw(client, "/v1/drafts/agenda", f'{{"subject": {HUGE}}}', maya) == 422
    for cycle in (999_999, 2**31 - 1):  # in range, but no such cycle: the FK would have failed
        goal = client.post("/v1/goals", json={"title": "Grow", "cycle_id": cycle}, headers=maya)
        assert goal.status_code == 422 and goal.json()["errors"][0]["field"] == "cycle_id"


def test_text_is_cleaned_and_control_characters_refused(client: TestClient, org: Org) -> None:
    eli, dana = org.headers("eli"), org.ids["dana"]
    nul = {"receiver_id": dana, "kind": "praise", "text": "Great\u0000 work"}
    resp = client.post("/v1/feedback", json=nul, headers=eli)
    assert resp.status_code == 422 and "control character (U+0000)" in resp.text
    hidden = "Great work\U000e0049\U000e0067\U000e006e\u200b\u202e!\nThanks."
    ok = client.post(
        "/v1/feedback", json={"receiver_id": dana, "kind": "praise", "text": hidden}, headers=eli
    )
    assert ok.status_code == 201 and ok.json()["text"] == "Great work!\nThanks."
    old = {"receiver_id": dana, "kind": "praise", "text": "hi", "date": "0001-01-01"}
    assert client.post("/v1/feedback", json=old, headers=eli).status_code == 422


def test_whatever_the_api_accepts_restores(client: TestClient, org: Org, tmp_path: Path) -> None:
    """The review's finding 7: one employee's write made every later restore fail."""
    dana = org.headers("dana")
    goal = org.record_id(Goal, "g-dana")
    for number in ("1e400", "1e15"):
        body = f'{{"goal_id": {goal}, "title": "Coverage {number}", "target_value": {number}}}'
        _post_raw(client, "/v1/key-results", body, dana)
    for text in ("Solid\u0000 week", '=HYPERLINK("http://evil")', "Tab\tand\u200b tag\U000e0041"):
        client.post(
            "/v1/feedback",
            json={"receiver_id": org.ids["maya"], "kind": "praise", "text": text},
            headers=dana,
        )
    for name in ("backup.json", "backup-csv"):
        write_bundle(export_bundle(org.runtime.sessions), tmp_path / name)
        fresh = Runtime(Settings(data_dir=tmp_path / f"fresh-{name}", environment="test"))
        try:
            report = import_bundle(fresh.sessions, load_bundle(tmp_path / name), migration=True)
            assert report.sections["key_results"].created == 2
            assert report.sections["feedback"].created == 6
        finally:
            fresh.close()


@pytest.mark.parametrize(
    ("who", "task", "body"),
    [
        ("maya", "agenda", {"subject": "dana\u0000@example.com"}),
        ("hana", "themes", {"team": "Engineering\u0000"}),
    ],
)
def test_draft_lookups_refuse_control_characters(
    client: TestClient, org: Org, who: str, task: str, body: dict[str, str]
) -> None:
    # PostgreSQL cannot even compare with a NUL: this was a 500 there.
    resp = client.post(f"/v1/drafts/{task}", json=body, headers=org.headers(who))
    assert resp.status_code == 422 and "control character" in resp.text
