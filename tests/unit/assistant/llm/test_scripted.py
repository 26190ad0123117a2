from __future__ import annotations

import pytest

from assistant.errors import ModelError
from assistant.llm import Message, ModelTimeout, ScriptedModel
from assistant.tasks.schemas import Coaching


def test_answers_from_the_queue_and_records_prompts() -> None:
    model = ScriptedModel().enqueue({"suggestions": []}, "{broken")
    first = model.generate([Message("user", "one")], Coaching, max_tokens=100)
    second = model.generate([Message("user", "two")], Coaching, max_tokens=100)
    assert isinstance(first.parsed, Coaching)
    assert second.parsed is None and second.error
    assert [h[0].content for h in model.history] == ["one", "two"]
    assert model.calls == 2 and model.pending == 0


def test_raises_queued_exceptions_and_fails_when_empty() -> None:
    model = ScriptedModel([ModelTimeout("slow")])
    with pytest.raises(ModelTimeout):
        model.generate([Message("user", "x")], Coaching, max_tokens=10)
    with pytest.raises(ModelError, match="no queued output"):
        model.generate([Message("user", "x")], Coaching, max_tokens=10)


def test_streams_the_queued_text_in_chunks() -> None:
    model = ScriptedModel(['{"suggestions": []}'])
    assert "".join(model.stream([Message("user", "x")], Coaching, max_tokens=10)) == (
        '{"suggestions": []}'
    )
