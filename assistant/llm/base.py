"""The one model interface every provider implements, and the values that cross it.

A provider turns a list of :class:`Message` s plus a pydantic output schema into a
:class:`Generation`. It never sees the database, the access policy or the grounding check: those
live above it, so everything but the wire call is testable with :class:`ScriptedModel`.

Errors: a provider raises :class:`~assistant.errors.ModelError` (or a subclass) for anything it
could not turn into a Generation — timeouts, refused connections, exhausted retries. Invalid JSON is
*not* an error at this level: it comes back as ``Generation(parsed=None, raw=...)`` so the caller
can re-ask with the parse error.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal, Protocol, runtime_checkable

from pydantic import BaseModel, ValidationError

from assistant.errors import ModelError

Role = Literal["system", "user", "assistant"]


@dataclass(frozen=True)
class Message:
    role: Role
    content: str


@dataclass(frozen=True)
class Usage:
    tokens_in: int = 0
    tokens_out: int = 0

    def __add__(self, other: Usage) -> Usage:
        return Usage(self.tokens_in + other.tokens_in, self.tokens_out + other.tokens_out)


@dataclass(frozen=True)
class Generation:
    """One model answer. ``parsed`` is None when ``raw`` did not validate against the schema;
    ``error`` then says why, in words fit to send back to the model."""

    parsed: BaseModel | None
    raw: str
    usage: Usage = field(default_factory=Usage)
    finish_reason: str = "stop"
    error: str | None = None


class ModelTimeout(ModelError):
    """The provider did not answer within the configured timeout (after retries)."""


class ModelUnavailable(ModelError):
    """The provider refused or failed the request (connection, 5xx, 429 after retries, 4xx)."""


@runtime_checkable
class ChatModel(Protocol):
    """What the tasks need from a model: one structured answer, or a stream of text."""

    provider: str  # "openai", "scripted", "offline"
    model: str  # the model name recorded on every Draft

    def generate(
        self, messages: list[Message], schema: type[BaseModel], *, max_tokens: int
    ) -> Generation: ...

    def stream(
        self, messages: list[Message], schema: type[BaseModel], *, max_tokens: int
    ) -> Iterator[str]:
        """Yield the answer's text as it arrives (used for progress display only; the caller
        still parses and grounds the whole answer)."""
        ...


def parse_into(schema: type[BaseModel], raw: str) -> tuple[BaseModel | None, str | None]:
    """Validate ``raw`` JSON against ``schema``: (parsed, None) or (None, a short error text)."""
    text = _strip_fences(raw)
    try:
        return schema.model_validate_json(text), None
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or '(root)'}: {err['msg']}"
            for err in exc.errors()[:8]
        )
        return None, f"output did not match the schema: {problems}"


def _strip_fences(raw: str) -> str:
    # Some servers wrap JSON in ```json fences even under a json_schema response format.
    text = raw.strip()
    if text.startswith("```"):
        text = text.split("\n", 1)[1] if "\n" in text else ""
        if text.rstrip().endswith("```"):
            text = text.rstrip()[:-3]
    return text.strip()


class OfflineModel:
    """The marker for the offline provider: the tasks see ``provider == "offline"`` and call the
    deterministic drafter directly instead of a model."""

    provider = "offline"
    model = "offline-drafter"

    def generate(
        self, messages: list[Message], schema: type[BaseModel], *, max_tokens: int
    ) -> Generation:
        raise ModelError("the offline provider drafts without a model; call assistant.offline")

    def stream(
        self, messages: list[Message], schema: type[BaseModel], *, max_tokens: int
    ) -> Iterator[str]:
        raise ModelError("the offline provider drafts without a model; call assistant.offline")
