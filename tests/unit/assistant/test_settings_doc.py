"""deploy/CONFIG.md is generated from Settings and kept up to date; every field is described."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.settings import Settings
from assistant.settings_doc import env_names, markdown

CONFIG = Path(__file__).resolve().parents[3] / "deploy" / "CONFIG.md"


def test_config_reference_is_up_to_date() -> None:
    assert CONFIG.read_text() == markdown(), (
        "deploy/CONFIG.md is stale: python -m assistant.settings_doc > deploy/CONFIG.md"
    )


@pytest.mark.parametrize("name", list(Settings.model_fields))
def test_every_setting_is_described_and_listed(name: str) -> None:
    field = Settings.model_fields[name]
    assert field.description, f"Settings.{name} needs a description (it is the reference's text)"
    row = next(
        line for line in CONFIG.read_text().splitlines() if f"`{env_names(name, field)[0]}`" in line
    )
    assert field.description.split()[0] in row


def test_each_listed_variable_sets_its_field(monkeypatch: pytest.MonkeyPatch) -> None:
    # The names in the reference are the ones Settings reads: set each, see it arrive.
    monkeypatch.setenv("CADENCE_INDEX_POLL_S", "7")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    settings = Settings()
    assert settings.index_poll_s == 7 and settings.openai_base_url == "http://127.0.0.1:9/v1"
    names = {env for n, f in Settings.model_fields.items() for env in env_names(n, f)}
    assert {"CADENCE_INDEX_POLL_S", "OPENAI_BASE_URL", "CADENCE_OPENAI_BASE_URL"} <= names


def test_types_defaults_and_bounds_are_rendered() -> None:
    text = markdown()
    assert "| `CADENCE_INDEX_POLL_S` | number (> 0, ≤ 3,600) | `2.0` |" in text
    assert "| `CADENCE_LLM_PROVIDER` | one of `auto`, `offline`, `openai` | `auto` |" in text
    assert "| `CADENCE_TODAY` | date (YYYY-MM-DD), optional | unset |" in text
    assert "| `CADENCE_INDEX_IN_PROCESS` | `true` or `false` | `true` |" in text
    assert "~/.local/share/cadence" in text  # a computed default says what it computes
