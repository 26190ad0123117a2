"""Signing in and out of the web UI (api/ui/signin.py, api/ui/session.py): the form's own token,
the session cookie, expiry, rate limits and the CSRF check on every form. (The browser tests
drive the UI for real in tests/integration/test_browser.py.)"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from ui_client import signed_in, signin_form_token

from api.limits import MemoryRateLimiter
from assistant import auth, clock
from assistant.models import ActionItem, ActionStatus, UiSession
from tests.orgs.api_org import Org


def test_pages_need_sign_in(client: TestClient) -> None:
    for path in ("/", "/manager", "/me", "/hr", "/feedback/new", "/prep/1", "/drafts/1"):
        resp = client.get(path, follow_redirects=False)
        assert resp.status_code == 303 and resp.headers["location"] == "/signin", path
    bad = client.post("/signin", data={"token": "cad_wrong", "csrf": signin_form_token(client)})
    assert bad.status_code == 401 and "not valid" in bad.text


def test_sign_in_needs_the_forms_own_token(client: TestClient, org: Org) -> None:
    # Login CSRF: another site posting a token (its own account's) must not sign the browser in.
    for csrf in ("", "0" * 64):
        resp = client.post(
            "/signin", data={"token": org.tokens["maya"], "csrf": csrf}, follow_redirects=False
        )
        assert resp.status_code == 403 and "cadence_session" not in resp.headers.get(
            "set-cookie", ""
        )
    # The form token is bound to this browser's sign-in cookie, not reusable from another.
    token = signin_form_token(client)
    client.cookies.clear()
    resp = client.post(
        "/signin", data={"token": org.tokens["maya"], "csrf": token}, follow_redirects=False
    )
    assert resp.status_code == 403


def test_the_session_cookie_is_its_own_secret(client: TestClient, org: Org) -> None:
    signed_in(client, org, "maya")
    cookie = client.cookies["cadence_session"]
    assert cookie != org.tokens["maya"] and cookie.startswith("cads_")
    with org.runtime.sessions() as session:
        row = session.scalars(select(UiSession)).one()
        assert row.person_id == org.ids["maya"] and row.secret_hash == auth.hash_token(cookie)
    # A UI session is not an API credential.
    api = client.get("/v1/me", headers={"Authorization": f"Bearer {cookie}"})
    assert api.status_code == 401


def test_sign_out_ends_the_session_on_the_server(client: TestClient, org: Org) -> None:
    csrf = signed_in(client, org, "maya")
    cookie = client.cookies["cadence_session"]
    out = client.post("/signout", data={"csrf": csrf}, follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"] == "/signin"
    # Replaying the old cookie (as a thief who copied it would) no longer works...
    client.cookies.set("cadence_session", cookie)
    resp = client.get("/me", follow_redirects=False)
    assert resp.status_code == 303 and resp.headers["location"] == "/signin"
    # ...while the API token it was opened with still does.
    assert client.get("/v1/me", headers=org.headers("maya")).status_code == 200


def test_sessions_expire(client: TestClient, org: Org, monkeypatch: pytest.MonkeyPatch) -> None:
    start = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)
    monkeypatch.setattr(clock, "now", lambda: start)
    signed_in(client, org, "maya")
    hours = org.runtime.settings.session_hours
    monkeypatch.setattr(clock, "now", lambda: start + dt.timedelta(hours=hours - 0.1))
    assert client.get("/me", follow_redirects=False).status_code == 200
    monkeypatch.setattr(clock, "now", lambda: start + dt.timedelta(hours=hours + 0.1))
    resp = client.get("/me", follow_redirects=False)
    assert resp.status_code == 303 and resp.headers["location"] == "/signin"


def test_ui_routes_are_rate_limited(make_client: Callable[..., TestClient], org: Org) -> None:
    client = make_client(per_minute=3)
    signed_in(client, org, "maya")  # one page view
    assert [client.get("/me").status_code for _ in range(3)] == [200, 200, 429]


def test_failed_sign_ins_are_rate_limited(make_client: Callable[..., TestClient], org: Org) -> None:
    client = make_client(auth_limiter=MemoryRateLimiter(3))
    codes = [
        client.post(
            "/signin", data={"token": f"cad_guess{i}", "csrf": signin_form_token(client)}
        ).status_code
        for i in range(3)
    ]
    assert codes == [401, 401, 401]
    # Past the limit even a right token is not checked this minute.
    resp = client.post(
        "/signin",
        data={"token": org.tokens["maya"], "csrf": signin_form_token(client)},
        follow_redirects=False,
    )
    assert resp.status_code == 429 and "cadence_session" not in resp.headers.get("set-cookie", "")


def test_forms_reject_a_missing_or_wrong_csrf_token(client: TestClient, org: Org) -> None:
    csrf = signed_in(client, org, "maya")
    item = org.record_id(ActionItem, "a-1")
    for token in ("", "0" * 64):
        resp = client.post(f"/action-items/{item}/done", data={"csrf": token})
        assert resp.status_code == 403
    ok = client.post(
        f"/action-items/{item}/done",
        data={"csrf": csrf, "back": "/manager"},
        follow_redirects=False,
    )
    assert ok.status_code == 303 and ok.headers["location"] == "/manager"
    with org.runtime.sessions() as session:
        assert session.get_one(ActionItem, item).status is ActionStatus.DONE
