"""HTTP hardening: security headers, the host allow-list, Secure cookies behind a TLS proxy."""

from __future__ import annotations

import re
from collections.abc import Callable

from fastapi.testclient import TestClient
from ui_client import signed_in, signin_form_token
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from api.headers import CSP
from tests.orgs.api_org import Org


def test_every_response_carries_security_headers(client: TestClient, org: Org) -> None:
    signed_in(client, org, "maya")
    responses = [
        client.get("/signin"),
        client.get("/manager"),
        client.get("/static/app.css"),
        client.get("/v1/me", headers=org.headers("maya")),
        client.get("/v1/me"),  # a 401
        client.get("/healthz"),
    ]
    for resp in responses:
        h = resp.headers
        assert h["x-frame-options"] == "DENY", resp.url
        assert h["x-content-type-options"] == "nosniff"
        assert h["referrer-policy"] == "no-referrer"
        assert h["content-security-policy"] == CSP
    assert "script-src 'self';" in CSP and "frame-ancestors 'none'" in CSP


def test_pages_have_no_inline_script_for_the_csp_to_block(client: TestClient, org: Org) -> None:
    signed_in(client, org, "maya")
    pages = [client.get(p).text for p in ("/manager", f"/prep/{org.ids['dana']}", "/feedback/new")]
    for html in pages:
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)  # only <script src=...>
        assert not re.search(r"\son[a-z]+=", html) and "style=" not in html
    assert client.get("/static/draft.js").status_code == 200


def test_unknown_hosts_are_refused_and_never_reflected(client: TestClient, org: Org) -> None:
    resp = client.get("/signin", headers={"host": "evil.example"})
    assert resp.status_code == 400 and "evil.example" not in resp.text
    page = client.get("/signin").text  # an allowed host: links are paths, not absolute URLs
    assert "http://" not in page and 'href="/static/app.css"' in page


def test_cookies_are_secure_behind_a_trusted_tls_proxy(
    make_client: Callable[..., TestClient], org: Org
) -> None:
    # What `cadence serve` wires up: uvicorn's proxy-headers middleware trusting the proxy.
    plain = make_client()
    proxied = TestClient(
        ProxyHeadersMiddleware(plain.app, trusted_hosts="testclient"),
        base_url="http://localhost",
    )
    forwarded = {"x-forwarded-proto": "https", "x-forwarded-for": "203.0.113.9"}
    resp = proxied.post(
        "/signin",
        data={"token": org.tokens["maya"], "csrf": signin_form_token(proxied)},
        headers=forwarded,
        follow_redirects=False,
    )
    assert resp.status_code == 303 and "secure" in resp.headers["set-cookie"].lower()
    assert "strict-transport-security" in resp.headers
    # Over plain HTTP with no trusted proxy the cookie cannot be Secure (the browser would drop it).
    direct = plain.post(
        "/signin",
        data={"token": org.tokens["maya"], "csrf": signin_form_token(plain)},
        headers=forwarded,
        follow_redirects=False,
    )
    assert direct.status_code == 303 and "secure" not in direct.headers["set-cookie"].lower()
