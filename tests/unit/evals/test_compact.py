"""The compact wrapper for tiny local models: a smaller wire schema, a capped token budget, and
answers validated against the full schema the pipeline asked for."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from pydantic import BaseModel

from assistant.llm import Generation, Message, ScriptedModel
from assistant.llm.openai import strict_schema
from assistant.tasks.schemas import Agenda, Summary, Themes
from evals.compact import CompactModel, Shape, compact_schema


class Recorder:
    """Records the schema and token cap each call was made with, answers from a script."""

    provider, model = "openai", "tiny"

    def __init__(self, *answers: Any):
        self.inner = ScriptedModel(list(answers))
        self.calls: list[tuple[type[BaseModel], int]] = []

    def generate(
        self, messages: list[Message], schema: type[BaseModel], *, max_tokens: int
    ) -> Generation:
        self.calls.append((schema, max_tokens))
        return self.inner.generate(messages, schema, max_tokens=max_tokens)

    def stream(
        self, messages: list[Message], schema: type[BaseModel], *, max_tokens: int
    ) -> Iterator[str]:
        self.calls.append((schema, max_tokens))
        yield from self.inner.stream(messages, schema, max_tokens=max_tokens)


ITEM = {"text": "Discuss the ledger goal.", "citations": ["G1"]}


def test_the_wire_schema_is_cut_to_the_shape() -> None:
    wire = strict_schema(compact_schema(Agenda, Shape(sections=2, items=1, citations=2, chars=80)))
    assert list(wire["properties"]) == ["wins", "goals_at_risk"]
    assert wire["properties"]["wins"]["maxItems"] == 1
    item = wire["$defs"]["Item"]["properties"]
    assert item["citations"]["maxItems"] == 2
    assert item["citations"]["items"]["pattern"] == r"^[A-Z][0-9]{1,12}$"
    assert item["text"]["maxLength"] == 80


def test_counts_and_enums_keep_their_constraints() -> None:
    wire = strict_schema(compact_schema(Themes, Shape()))
    theme = wire["$defs"]["GroupTheme"]["properties"]
    assert theme["count"]["minimum"] == 0
    assert theme["sentiment"]["enum"] == ["positive", "mixed", "negative"]


def test_answers_come_back_as_the_full_schema_with_the_cap_applied() -> None:
    inner = Recorder({"wins": [ITEM], "goals_at_risk": []}, {"wins": [], "goals_at_risk": []})
    model = CompactModel(inner, max_tokens=160)
    assert (model.provider, model.model) == ("openai", "tiny")
    gen = model.generate([Message("user", "go")], Agenda, max_tokens=1024)
    assert isinstance(gen.parsed, Agenda), gen.error
    assert gen.parsed.wins[0].citations == ["G1"] and gen.parsed.questions == []
    schema, cap = inner.calls[0]
    assert cap == 160 and schema is compact_schema(Agenda, Shape())
    model.generate([Message("user", "go")], Agenda, max_tokens=64)  # a smaller ask wins
    assert inner.calls[1][1] == 64


@pytest.mark.parametrize(
    "answer",
    [
        {"wins": [ITEM, ITEM], "goals_at_risk": []},  # more items than the shape allows
        {"wins": [], "goals_at_risk": [], "questions": [ITEM]},  # a section not asked for
        '{"wins": [',  # cut off at the token cap
    ],
    ids=["too-many-items", "unasked-section", "cut-off"],
)
def test_answers_outside_the_compact_schema_are_invalid(answer: Any) -> None:
    gen = CompactModel(Recorder(answer)).generate([Message("user", "go")], Agenda, max_tokens=512)
    assert gen.parsed is None and gen.error


def test_a_summary_keeps_its_first_two_sections() -> None:
    theme = ITEM | {"theme": "Delivery", "feedback_count": 2, "giver_count": 2}
    inner = Recorder({"overview": [ITEM], "strengths": [theme]})
    gen = CompactModel(inner).generate([Message("user", "go")], Summary, max_tokens=512)
    assert isinstance(gen.parsed, Summary) and gen.parsed.growth_areas == []


def test_streaming_uses_the_compact_schema_and_cap() -> None:
    inner = Recorder({"wins": [], "goals_at_risk": []})
    text = "".join(CompactModel(inner, max_tokens=100).stream([], Agenda, max_tokens=900))
    assert '"wins"' in text and inner.calls == [(compact_schema(Agenda, Shape()), 100)]
