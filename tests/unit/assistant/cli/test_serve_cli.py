"""`cadence serve` hands uvicorn the trusted-proxy setting (a real server: tests/integration)."""

from __future__ import annotations

from typing import Any

import pytest
from cli_runner import Cli

from assistant.settings import get_settings


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


def test_several_workers_need_a_chroma_server(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append(kw))
    ran = cli("serve", "--workers", "2")
    assert ran.code == 2 and not calls
    assert "needs a Chroma server (CADENCE_CHROMA_URL)" in ran.err
    assert "Traceback" not in ran.err and len(ran.err.strip().splitlines()) == 1
    monkeypatch.setenv("CADENCE_CHROMA_URL", "http://127.0.0.1:8001")
    get_settings.cache_clear()  # settings are read once per process
    ran = cli("serve", "--workers", "2")
    assert ran.code == 0, ran.err
    assert calls[-1]["workers"] == 2
