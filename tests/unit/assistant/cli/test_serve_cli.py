"""`cadence serve` hands uvicorn the trusted-proxy setting (a real server: tests/integration)."""

from __future__ import annotations

from typing import Any

import pytest
from cli_runner import Cli


@pytest.fixture
def cli_env() -> dict[str, str]:
    return {"CADENCE_FORWARDED_ALLOW_IPS": "10.0.0.5,10.0.0.6"}


def test_serve_trusts_forwarded_headers_only_from_the_configured_proxies(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append({"app": app, **kw}))
    ran = cli("serve", "--port", "8123")
    assert ran.code == 0, ran.err
    (call,) = calls
    assert call["app"] == "api.app:create_app" and call["factory"] is True
    assert call["proxy_headers"] is True
    assert call["forwarded_allow_ips"] == "10.0.0.5,10.0.0.6"
