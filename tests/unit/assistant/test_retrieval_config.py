"""The boundary between the assistant and retrieval: configs built from Settings, and retrieval's
errors mapped onto the assistant's with the messages (in ``CADENCE_*`` terms) users see."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.errors import CadenceError, ConfigError, IndexError_, ModelError
from assistant.retrieval_config import (
    cadence_error,
    cadence_errors,
    chroma_config,
    embedder_config,
)
from assistant.runtime import Runtime
from assistant.settings import Settings
from retrieval.config import ChromaConfig, EmbedderConfig
from retrieval.errors import (
    BadChromaUrl,
    EmbeddingError,
    MissingCredentials,
    RetrievalConfigError,
    RetrievalError,
)


def test_configs_carry_the_settings_retrieval_reads(tmp_path: Path) -> None:
    settings = Settings(
        environment="test",
        data_dir=tmp_path,
        chroma_url="http://chroma:8000",
        embedder="openai",
        openai_embedding_model="text-embedding-3-large",
        openai_base_url="http://llm:8080/v1",
        openai_api_key="sk-secret",
        llm_timeout_s=7.5,
        llm_max_retries=1,
    )
    assert chroma_config(settings) == ChromaConfig(tmp_path / "chroma", "http://chroma:8000")
    config = embedder_config(settings)
    assert config == EmbedderConfig(
        choice="openai",
        openai_model="text-embedding-3-large",
        openai_base_url="http://llm:8080/v1",
        openai_api_key="sk-secret",
        timeout_s=7.5,
        max_retries=1,
    )
    assert "sk-secret" not in repr(config)


@pytest.mark.parametrize(
    ("raised", "expected", "message"),
    [
        (
            MissingCredentials(),
            ConfigError,
            "OpenAI embeddings need CADENCE_OPENAI_API_KEY or CADENCE_OPENAI_BASE_URL",
        ),
        (
            BadChromaUrl("ftp://x"),
            ConfigError,
            "CADENCE_CHROMA_URL must look like http://host:8000, got 'ftp://x'",
        ),
        (RetrievalConfigError("no static embedding model"), ConfigError, "no static embedding"),
        (EmbeddingError("embedding request failed: boom"), ModelError, "request failed: boom"),
        (RetrievalError("index gone"), IndexError_, "index gone"),
    ],
)
def test_retrieval_errors_map_onto_the_assistants(
    raised: RetrievalError, expected: type[CadenceError], message: str
) -> None:
    mapped = cadence_error(raised)
    assert type(mapped) is expected and message in str(mapped)
    with pytest.raises(expected, match=message) as caught, cadence_errors():
        raise raised
    assert caught.value.__cause__ is raised  # the original stays in the chain for a debug run


def test_a_bad_chroma_url_says_which_variable(tmp_path: Path) -> None:
    runtime = Runtime(Settings(environment="test", data_dir=tmp_path, chroma_url="localhost:8000"))
    with pytest.raises(ConfigError, match=r"^CADENCE_CHROMA_URL must look like http://host:8000"):
        runtime.chroma  # noqa: B018


def test_openai_embeddings_without_an_endpoint_say_which_variables(tmp_path: Path) -> None:
    runtime = Runtime(Settings(environment="test", data_dir=tmp_path, embedder="openai"))
    with pytest.raises(ConfigError, match="CADENCE_OPENAI_API_KEY or CADENCE_OPENAI_BASE_URL"):
        runtime.embedder  # noqa: B018
