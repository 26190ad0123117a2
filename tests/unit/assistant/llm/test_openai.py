"""The openai provider over the real SDK with a fake HTTP transport: retries, schema, usage."""

from __future__ import annotations

import json
from typing import Any

import httpx
import openai
import pytest

from assistant.llm import Message, ModelTimeout, ModelUnavailable
from assistant.llm.openai import OpenAIChatModel, strict_schema
from assistant.tasks.schemas import Agenda, Item

GOOD = {
    "wins": [],
    "goals_at_risk": [],
    "action_items": [],
    "feedback_to_discuss": [],
    "growth": [],
    "questions": [{"text": "How are you?", "citations": ["G1"]}],
}


def _completion(content: str, finish: str = "stop") -> dict[str, Any]:
    return {
        "id": "c1",
        "object": "chat.completion",
        "created": 0,
        "model": "m",
        "choices": [
            {
                "index": 0,
                "finish_reason": finish,
                "message": {"role": "assistant", "content": content},
            }
        ],
        "usage": {"prompt_tokens": 120, "completion_tokens": 30, "total_tokens": 150},
    }


class Server:
    """Answers each request with the next scripted (status, body) or raises the exception."""

    def __init__(self, *replies: tuple[int, Any] | Exception):
        self.replies = list(replies)
        self.requests: list[dict[str, Any]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(json.loads(request.content))
        reply = self.replies.pop(0)
        if isinstance(reply, Exception):
            raise reply
        status, body = reply
        return httpx.Response(status, json=body)


def _model(server: Server, max_retries: int = 2) -> tuple[OpenAIChatModel, list[float]]:
    sleeps: list[float] = []
    client = openai.OpenAI(
        api_key="test",
        base_url="http://llm.test/v1",
        max_retries=0,
        http_client=httpx.Client(transport=httpx.MockTransport(server)),
    )
    model = OpenAIChatModel(model="m", client=client, max_retries=max_retries, sleep=sleeps.append)
    return model, sleeps


MESSAGES = [Message("system", "s"), Message("user", "u")]


def test_structured_output_is_requested_and_parsed_with_usage() -> None:
    server = Server((200, _completion(json.dumps(GOOD))))
    model, _ = _model(server)
    gen = model.generate(MESSAGES, Agenda, max_tokens=600)
    assert isinstance(gen.parsed, Agenda)
    assert gen.parsed.questions[0].citations == ["G1"]
    assert (gen.usage.tokens_in, gen.usage.tokens_out) == (120, 30)
    sent = server.requests[0]
    assert sent["max_tokens"] == 600
    fmt = sent["response_format"]
    assert fmt["type"] == "json_schema" and fmt["json_schema"]["strict"] is True
    assert [m["role"] for m in sent["messages"]] == ["system", "user"]


def test_strict_schema_closes_every_object() -> None:
    schema = strict_schema(Agenda)
    item = schema["$defs"]["Item"]
    assert item["additionalProperties"] is False
    assert set(item["required"]) == {"text", "citations"}
    assert schema["additionalProperties"] is False
    assert "default" not in json.dumps(strict_schema(Item))
    # Bounded output: short lists, and ids (not sentences) where ids belong.
    assert schema["properties"]["questions"]["maxItems"] == 5
    assert item["properties"]["citations"]["items"]["pattern"] == "^[A-Z][0-9]{1,12}$"


def test_invalid_json_is_a_generation_with_an_error_not_an_exception() -> None:
    model, _ = _model(Server((200, _completion("{not json"))))
    gen = model.generate(MESSAGES, Agenda, max_tokens=600)
    assert gen.parsed is None and gen.error and "schema" in gen.error


@pytest.mark.parametrize("status", [429, 500, 503])
def test_retries_rate_limits_and_server_errors_then_succeeds(status: int) -> None:
    server = Server((status, {"error": {"message": "busy"}}), (200, _completion(json.dumps(GOOD))))
    model, sleeps = _model(server)
    assert model.generate(MESSAGES, Agenda, max_tokens=600).parsed is not None
    assert len(server.requests) == 2 and len(sleeps) == 1


def test_retries_are_bounded() -> None:
    server = Server(*[(503, {"error": {"message": "down"}})] * 3)
    model, sleeps = _model(server, max_retries=2)
    with pytest.raises(ModelUnavailable, match="3 attempt"):
        model.generate(MESSAGES, Agenda, max_tokens=600)
    assert len(server.requests) == 3 and len(sleeps) == 2


def test_timeouts_are_retried_then_reported_as_timeouts() -> None:
    server = Server(*[httpx.ReadTimeout("slow")] * 2)
    model, _ = _model(server, max_retries=1)
    with pytest.raises(ModelTimeout):
        model.generate(MESSAGES, Agenda, max_tokens=600)
    assert len(server.requests) == 2


@pytest.mark.parametrize("status", [400, 401, 404])
def test_client_errors_are_not_retried(status: int) -> None:
    server = Server((status, {"error": {"message": "no"}}), (200, _completion("{}")))
    model, sleeps = _model(server)
    with pytest.raises(ModelUnavailable, match=f"HTTP {status}"):
        model.generate(MESSAGES, Agenda, max_tokens=600)
    assert len(server.requests) == 1 and not sleeps


def test_a_client_and_connection_settings_are_exclusive() -> None:
    with pytest.raises(ValueError):
        OpenAIChatModel(model="m", client=openai.OpenAI(api_key="x"), base_url="http://x")
