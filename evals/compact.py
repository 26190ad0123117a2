"""A model wrapper for small local servers: short answers through the same pipeline.

A tiny model behind llama.cpp writes slowly (a few tokens a second on two shared cores, most of
it spent in grammar-constrained sampling) and, being a base model, fills every list to its
maximum. :class:`CompactModel` caps each call's output tokens and sends a *compact* version of the
task schema on the wire — the first sections only, one item each, at most two ids per item,
bounded strings — so the grammar forces an answer that ends inside the cap. The answer, with the
sections it was not asked for filled in empty, is then validated against the full schema the
pipeline asked for, so grounding, the re-asks and the offline fallback run unchanged.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cache
from typing import Any, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, create_model

from assistant.llm import ChatModel, Generation, Message, parse_into
from assistant.tasks.schemas import CitationId


class CompactModel:
    """Wraps any :class:`ChatModel`; ``provider`` and ``model`` are the inner model's."""

    def __init__(
        self,
        inner: ChatModel,
        *,
        max_tokens: int = 160,
        shape: Shape | None = None,
    ):
        self.inner = inner
        self.provider, self.model = inner.provider, inner.model
        self.max_tokens = max_tokens
        self._shape = shape or Shape()

    def compact(self, schema: type[BaseModel]) -> type[BaseModel]:
        return compact_schema(schema, self._shape)

    def generate(
        self, messages: list[Message], schema: type[BaseModel], *, max_tokens: int
    ) -> Generation:
        cap = min(max_tokens, self.max_tokens)
        gen = self.inner.generate(messages, self.compact(schema), max_tokens=cap)
        if gen.parsed is None:
            return gen
        # The sections left out of the compact schema come back empty.
        data = {name: [] for name in schema.model_fields} | gen.parsed.model_dump(mode="json")
        parsed, error = parse_into(schema, json.dumps(data))
        return replace(gen, parsed=parsed, error=error)

    def stream(
        self, messages: list[Message], schema: type[BaseModel], *, max_tokens: int
    ) -> Iterator[str]:
        cap = min(max_tokens, self.max_tokens)
        yield from self.inner.stream(messages, self.compact(schema), max_tokens=cap)


@dataclass(frozen=True)
class Shape:
    """How small a compact answer is: the first ``sections`` lists of the top-level schema keep
    up to ``items`` items each; the rest are left out of the wire schema and filled in empty (a
    base model writes every section it may, and each costs tokens). ``citations`` ids per item,
    ``chars`` per string."""

    sections: int = 2
    items: int = 1
    citations: int = 2
    chars: int = 120


@cache
def compact_schema(schema: type[BaseModel], shape: Shape, top: bool = True) -> type[BaseModel]:
    """``schema`` cut to ``shape``; other fields (counts, enums) as they are. Everything the
    compact schema accepts, the full one accepts too."""
    fields: dict[str, Any] = {}
    sections = 0
    for name, info in schema.model_fields.items():
        annotation = info.annotation
        args = get_args(annotation)
        if get_origin(annotation) is list and args and _is_model(args[0]):
            inner = compact_schema(args[0], shape, False)
            limit = min(shape.items, _max_length(info) or shape.items)
            if top:
                sections += 1
                if sections > shape.sections:
                    continue  # not asked for: filled in as an empty list afterwards
            fields[name] = (list[inner], Field(max_length=limit))  # type: ignore[valid-type]
        elif name == "citations":
            fields[name] = (list[CitationId], Field(max_length=shape.citations))
        elif annotation is str and info.is_required():
            fields[name] = (str, Field(max_length=shape.chars, description=info.description))
        else:
            fields[name] = (annotation, info)
    model: type[BaseModel] = create_model(
        schema.__name__, __config__=ConfigDict(extra="forbid"), **fields
    )
    return model


def _is_model(value: Any) -> bool:
    return isinstance(value, type) and issubclass(value, BaseModel)


def _max_length(info: Any) -> int | None:
    for meta in info.metadata:
        limit = getattr(meta, "max_length", None)
        if isinstance(limit, int):
            return limit
    return None
