"""The record budget follows the model's context window unless one is configured."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.llm import OfflineModel, ScriptedModel
from assistant.settings import Settings
from assistant.tasks.budget import (
    MAX_RECORD_TOKENS,
    UNKNOWN_WINDOW_BUDGET,
    budget_for,
    context_window,
    record_budget,
)


def _settings(tmp_path: Path, **kw: object) -> Settings:
    return Settings(data_dir=tmp_path, environment="test", **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("model", "budget"),
    [
        ("gpt-4o-mini", MAX_RECORD_TOKENS),  # 128k: far more than the old 3,000, capped
        ("gpt-4.1-nano", MAX_RECORD_TOKENS),
        ("openai/gpt-4o", MAX_RECORD_TOKENS),  # a router's prefixed name
        ("gpt-3.5-turbo", 16_385 // 2 - 1_024),
        ("gpt-4", 8_192 // 2 - 1_024),
        ("gemma-3-270m", UNKNOWN_WINDOW_BUDGET),  # unknown window: the old default
        (None, UNKNOWN_WINDOW_BUDGET),
    ],
)
def test_the_budget_follows_the_models_window(
    tmp_path: Path, model: str | None, budget: int
) -> None:
    assert record_budget(_settings(tmp_path), model) == budget


def test_a_configured_budget_or_window_wins(tmp_path: Path) -> None:
    assert record_budget(_settings(tmp_path, context_token_budget=600), "gpt-4o") == 600
    local = _settings(tmp_path, llm_context_window=32_768)
    assert context_window(local, "gemma-3-270m") == 32_768
    assert record_budget(local, "gemma-3-270m") == 32_768 // 2 - 1_024
    small = _settings(tmp_path, llm_context_window=2_048)
    assert record_budget(small, "gemma-3-270m") == 512  # a quarter of a tiny window, not zero


def test_only_a_real_endpoints_model_name_counts(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    assert budget_for(settings, OfflineModel()) == UNKNOWN_WINDOW_BUDGET
    assert budget_for(settings, ScriptedModel()) == UNKNOWN_WINDOW_BUDGET
