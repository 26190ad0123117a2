"""Any OpenAI-compatible chat endpoint (OpenAI, Azure OpenAI, vLLM, Ollama, llama.cpp's server).

Uses the openai SDK directly: structured output through ``response_format={"type": "json_schema",
"strict": true}`` (servers that cannot honour ``strict`` still constrain to the schema, or at least
get asked for it; the answer is validated here either way). The SDK's own retry loop is switched
off so that the policy is ours and visible: retry only what waiting can fix — 429, 5xx and
timeouts — at most ``max_retries`` times with capped exponential backoff. Everything else (bad key,
bad request, refused connection) fails at once so the caller can degrade to the offline drafter.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import openai
from pydantic import BaseModel

from assistant.llm.base import (
    Generation,
    Message,
    ModelTimeout,
    ModelUnavailable,
    Usage,
    parse_into,
)

T = TypeVar("T")

_RETRYABLE = (openai.RateLimitError, openai.InternalServerError, openai.APITimeoutError)
_BACKOFF_CAP_S = 8.0


class OpenAIChatModel:
    provider = "openai"

    def __init__(
        self,
        *,
        model: str,
        base_url: str | None = None,
        api_key: str | None = None,
        timeout_s: float = 30.0,
        max_retries: int = 2,
        client: openai.OpenAI | None = None,
        temperature: float = 0.2,
        sleep: Callable[[float], None] = time.sleep,
    ):
        if client is not None and (base_url or api_key):
            raise ValueError("pass either a client or base_url/api_key, not both")
        self.model = model
        self.max_retries = max_retries
        self.temperature = temperature
        self._sleep = sleep
        # Local servers (llama.cpp, Ollama, vLLM) accept any key; the SDK insists on one.
        self._client = client or openai.OpenAI(
            base_url=base_url, api_key=api_key or "not-needed", timeout=timeout_s, max_retries=0
        )

    # -- the interface ---------------------------------------------------------------------
    def generate(
        self, messages: list[Message], schema: type[BaseModel], *, max_tokens: int
    ) -> Generation:
        response = self._with_retries(
            lambda: self._client.chat.completions.create(
                model=self.model,
                messages=_wire(messages),
                response_format=response_format(schema),
                max_tokens=max_tokens,
                temperature=self.temperature,
            )
        )
        choice = response.choices[0]
        raw = choice.message.content or ""
        usage = Usage(
            tokens_in=response.usage.prompt_tokens if response.usage else 0,
            tokens_out=response.usage.completion_tokens if response.usage else 0,
        )
        parsed, error = parse_into(schema, raw)
        finish = choice.finish_reason or "stop"
        if finish == "length" and error:
            error = f"the answer was cut off at {max_tokens} tokens; be shorter. {error}"
        return Generation(parsed=parsed, raw=raw, usage=usage, finish_reason=finish, error=error)

    def stream(
        self, messages: list[Message], schema: type[BaseModel], *, max_tokens: int
    ) -> Iterator[str]:
        chunks = self._with_retries(
            lambda: self._client.chat.completions.create(
                model=self.model,
                messages=_wire(messages),
                response_format=response_format(schema),
                max_tokens=max_tokens,
                temperature=self.temperature,
                stream=True,
            )
        )
        try:
            for chunk in chunks:
                if chunk.choices and chunk.choices[0].delta.content:
                    yield chunk.choices[0].delta.content
        except openai.APITimeoutError as exc:
            raise ModelTimeout(f"{self.model} timed out while streaming") from exc
        except openai.APIError as exc:
            raise ModelUnavailable(f"{self.model} failed while streaming: {exc}") from exc

    # -- retries ---------------------------------------------------------------------------
    def _with_retries(self, call: Callable[[], T]) -> T:
        attempt = 0
        while True:
            try:
                return call()
            except _RETRYABLE as exc:
                if attempt >= self.max_retries:
                    if isinstance(exc, openai.APITimeoutError):
                        raise ModelTimeout(
                            f"{self.model} timed out ({attempt + 1} attempt(s))"
                        ) from exc
                    raise ModelUnavailable(
                        f"{self.model} failed after {attempt + 1} attempt(s): {_describe(exc)}"
                    ) from exc
                self._sleep(_backoff(attempt, exc))
                attempt += 1
            except openai.APIError as exc:
                raise ModelUnavailable(f"{self.model} request failed: {_describe(exc)}") from exc


def _backoff(attempt: int, exc: Exception) -> float:
    retry_after = None
    if isinstance(exc, openai.APIStatusError):
        header = exc.response.headers.get("retry-after")
        if header and header.replace(".", "", 1).isdigit():
            retry_after = float(header)
    return min(retry_after if retry_after is not None else 0.5 * 2**attempt, _BACKOFF_CAP_S)


def _describe(exc: Exception) -> str:
    if isinstance(exc, openai.APIStatusError):
        return f"HTTP {exc.status_code}"
    return exc.__class__.__name__


def _wire(messages: list[Message]) -> Any:
    return [{"role": m.role, "content": m.content} for m in messages]


def response_format(schema: type[BaseModel]) -> Any:
    return {
        "type": "json_schema",
        "json_schema": {"name": schema.__name__, "schema": strict_schema(schema), "strict": True},
    }


def strict_schema(schema: type[BaseModel]) -> dict[str, Any]:
    """The pydantic JSON Schema reshaped for strict structured output: every object closed
    (``additionalProperties: false``), every property required, no defaults or titles."""
    out = copy.deepcopy(schema.model_json_schema())

    def visit(node: Any) -> None:
        if isinstance(node, dict):
            node.pop("default", None)
            node.pop("title", None)
            if node.get("type") == "object" and "properties" in node:
                node["additionalProperties"] = False
                node["required"] = list(node["properties"])
            for value in node.values():
                visit(value)
        elif isinstance(node, list):
            for value in node:
                visit(value)

    visit(out)
    return out
