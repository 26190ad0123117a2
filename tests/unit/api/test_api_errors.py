"""One mapping from the error tree to problem+json: user mistakes are 4xx, never 500."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest
from fastapi import APIRouter, FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.exc import OperationalError as SAOperationalError
from sqlalchemy.exc import TimeoutError as SATimeoutError

from api.errors import PROBLEM_JSON, to_problem
from assistant.errors import (
    AccessDenied,
    ConfigError,
    GroupTooSmall,
    ModelError,
    NotFound,
    Problem,
    ValidationFailed,
)
from tests.orgs.api_org import Org

UNAVAILABLE = "Temporarily unavailable"


def _with_raising_route(app: FastAPI, exc: Exception) -> None:
    router = APIRouter()

    @router.get("/v1/boom")
    def boom() -> None:
        raise exc

    app.include_router(router)


@pytest.mark.parametrize(
    ("exc", "status", "title"),
    [
        (ValidationFailed([Problem("body", "text", "too long")]), 422, "Invalid input"),
        (NotFound("no goal 3"), 404, "Not found"),
        (AccessDenied("HR only"), 403, "Forbidden"),
        (GroupTooSmall("fewer than 5 people"), 422, "Group below the anonymity threshold"),
        (ModelError("upstream said: secret-internal-detail"), 503, "Temporarily unavailable"),
        # The server's settings are the operator's to fix, and never shown to a client.
        (ConfigError("CADENCE_CHROMA_URL=http://hunter2 refused"), 500, "Server misconfigured"),
        (RuntimeError("db password is hunter2"), 500, "Internal error"),
        # Pool exhausted or database unreachable: overload, so 503 with nothing internal.
        (SATimeoutError("QueuePool limit hunter2"), 503, UNAVAILABLE),
        (
            SAOperationalError("SELECT hunter2", {}, Exception("locked")),
            503,
            "Temporarily unavailable",
        ),
    ],
)
def test_error_tree_maps_to_problem_json(
    make_client: Callable[..., TestClient], org: Org, exc: Exception, status: int, title: str
) -> None:
    client = make_client()
    _with_raising_route(client.app, exc)  # type: ignore[arg-type]
    resp = client.get("/v1/boom", headers=org.headers("dana"))  # /v1 authenticates first
    assert resp.status_code == status
    assert resp.headers["content-type"] == PROBLEM_JSON
    body = resp.json()
    assert body["status"] == status and body["title"] == title and body["type"] == "about:blank"
    # Runtime failures and bugs never echo what went wrong inside.
    assert "hunter2" not in resp.text and "secret-internal-detail" not in resp.text


def test_validation_failed_carries_field_level_detail() -> None:
    resp = to_problem(
        ValidationFailed(
            [
                Problem("feedback[2]", "giver", "unknown person"),
                Problem("feedback[3]", "date", "not a date"),
            ]
        )
    )
    import json

    body = json.loads(bytes(resp.body))
    assert body["errors"] == [
        {"field": "giver", "where": "feedback[2]", "reason": "unknown person"},
        {"field": "date", "where": "feedback[3]", "reason": "not a date"},
    ]


def test_request_validation_is_problem_json(client: TestClient, org: Org) -> None:
    resp = client.post("/v1/feedback", json={"kind": "loud"}, headers=org.headers("dana"))
    assert resp.status_code == 422
    assert resp.headers["content-type"] == PROBLEM_JSON
    fields = {(e["in"], e["field"]) for e in resp.json()["errors"]}
    assert {("body", "kind"), ("body", "receiver_id"), ("body", "text")} <= fields
    not_json = client.post(
        "/v1/feedback",
        content=b"{oops",
        headers={**org.headers("dana"), "content-type": "application/json"},
    )
    assert not_json.status_code == 422 and not_json.headers["content-type"] == PROBLEM_JSON


def test_unknown_route_and_method_are_problem_json(client: TestClient, org: Org) -> None:
    assert client.get("/v1/nothing-here", headers=org.headers("dana")).status_code == 404
    resp = client.delete("/v1/feedback", headers=org.headers("dana"))
    assert resp.status_code == 405 and resp.headers["content-type"] == PROBLEM_JSON


def test_a_server_without_its_model_key_is_a_500_that_logs_why(
    make_client: Callable[..., TestClient], org: Org, caplog: pytest.LogCaptureFixture
) -> None:
    # Provider forced to openai with no key or base URL: the server cannot draft. The client did
    # nothing wrong (not a 400) and must not read the server's settings (not the message).
    org.runtime.settings = org.runtime.settings.model_copy(update={"llm_provider": "openai"})
    client = make_client()
    with caplog.at_level(logging.ERROR, logger="cadence.api"):
        resp = client.post(
            "/v1/drafts/agenda", json={"subject": "dana@example.com"}, headers=org.headers("maya")
        )
    assert resp.status_code == 500 and resp.headers["content-type"] == PROBLEM_JSON
    assert resp.json() == {
        "type": "about:blank",
        "title": "Server misconfigured",
        "status": 500,
        "detail": "The server is misconfigured; its log says how.",
    }
    assert "OPENAI" not in resp.text and "openai" not in resp.text
    logged = [r for r in caplog.records if r.name == "cadence.api" and r.levelno == logging.ERROR]
    assert [r.getMessage() for r in logged] == [
        "configuration problem: CADENCE_LLM_PROVIDER=openai needs OPENAI_API_KEY or "
        "OPENAI_BASE_URL to be set"
    ]
