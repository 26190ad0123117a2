"""A test double that answers from a queue and remembers every prompt it saw.

Shipped in the package (not in tests/) so the API, the evals and other packages' tests can drive
the whole pipeline offline, the way simonw/llm's ``MockModel`` and pydantic-ai's ``TestModel`` do::

    model = ScriptedModel()
    model.enqueue({"wins": [...]})          # a dict/BaseModel is sent as JSON
    model.enqueue("{not json")              # a string is sent as-is (malformed output)
    model.enqueue(ModelTimeout("slow"))     # an exception is raised instead of answering
    ...
    model.history[0]                        # the messages of the first call
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Callable, Iterator
from typing import Any

from pydantic import BaseModel

from assistant.errors import ModelError
from assistant.llm.base import Generation, Message, Usage, parse_into

Scripted = str | dict[str, Any] | BaseModel | BaseException | Callable[[list[Message]], Any]


class ScriptedModel:
    provider = "scripted"

    def __init__(self, outputs: list[Scripted] | None = None, *, model: str = "scripted-1"):
        self.model = model
        self._queue: deque[Scripted] = deque(outputs or [])
        self.history: list[list[Message]] = []

    def enqueue(self, *outputs: Scripted) -> ScriptedModel:
        self._queue.extend(outputs)
        return self

    @property
    def calls(self) -> int:
        return len(self.history)

    @property
    def pending(self) -> int:
        return len(self._queue)

    def _next_raw(self, messages: list[Message]) -> str:
        self.history.append(list(messages))
        if not self._queue:
            raise ModelError("ScriptedModel has no queued output left")
        item = self._queue.popleft()
        if callable(item) and not isinstance(item, BaseModel | type):
            item = item(messages)
        if isinstance(item, BaseException):
            raise item
        if isinstance(item, BaseModel):
            return item.model_dump_json()
        if isinstance(item, dict):
            return json.dumps(item)
        return str(item)

    def generate(
        self, messages: list[Message], schema: type[BaseModel], *, max_tokens: int
    ) -> Generation:
        raw = self._next_raw(messages)
        parsed, error = parse_into(schema, raw)
        usage = Usage(
            tokens_in=sum(len(m.content) for m in messages) // 4, tokens_out=len(raw) // 4
        )
        return Generation(parsed=parsed, raw=raw, usage=usage, finish_reason="stop", error=error)

    def stream(
        self, messages: list[Message], schema: type[BaseModel], *, max_tokens: int
    ) -> Iterator[str]:
        raw = self._next_raw(messages)
        for start in range(0, len(raw), 16):
            yield raw[start : start + 16]
