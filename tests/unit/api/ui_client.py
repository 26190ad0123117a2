"""Signing in to the web UI from a TestClient, for the tests of its pages."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.orgs.api_org import Org


def signin_form_token(client: TestClient) -> str:
    match = re.search(r'name="csrf" value="([0-9a-f]{64})"', client.get("/signin").text)
    assert match
    return match.group(1)


def signed_in(client: TestClient, org: Org, who: str) -> str:
    resp = client.post(
        "/signin",
        data={"token": org.tokens[who], "csrf": signin_form_token(client)},
        follow_redirects=False,
    )
    assert resp.status_code == 303
    cookie = resp.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    page = client.get("/feedback/new").text
    match = re.search(r'name="csrf" value="([0-9a-f]{64})"', page)
    assert match
    return match.group(1)
