from __future__ import annotations

from pathlib import Path

import pytest

from assistant.errors import ConfigError
from assistant.llm import OfflineModel, make_model, resolve_provider
from assistant.llm.openai import OpenAIChatModel
from assistant.runtime import Runtime
from assistant.settings import Settings


def _settings(tmp_path: Path, **kw: object) -> Settings:
    return Settings(data_dir=tmp_path, environment="test", **kw)  # type: ignore[arg-type]


def test_auto_is_offline_without_an_endpoint(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    assert resolve_provider(settings) == "offline"
    assert isinstance(make_model(settings), OfflineModel)
    assert Runtime(settings).llm.provider == "offline"


@pytest.mark.parametrize(
    "kw", [{"openai_api_key": "sk-test"}, {"openai_base_url": "http://127.0.0.1:9/v1"}]
)
def test_auto_is_openai_with_a_key_or_base_url(tmp_path: Path, kw: dict[str, str]) -> None:
    model = make_model(_settings(tmp_path, llm_model="local-model", llm_timeout_s=5, **kw))
    assert isinstance(model, OpenAIChatModel)
    assert model.model == "local-model" and model.provider == "openai"


def test_forcing_openai_without_an_endpoint_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        make_model(_settings(tmp_path, llm_provider="openai"))
