"""What the assistant hands retrieval, and what it makes of retrieval's errors.

Retrieval imports nothing from the assistant (docs/ARCHITECTURE.md, "Layers"): it takes plain
config objects and raises its own error tree (retrieval/errors.py). This module builds those
configs from :class:`~assistant.settings.Settings` and maps retrieval's errors onto the
assistant's (assistant/errors.py), in the ``CADENCE_*`` terms a user actually sets.

Light on purpose (no Chroma, no numpy): the CLI's error handler imports it at start-up.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from assistant.errors import CadenceError, ConfigError, IndexError_, ModelError
from retrieval.config import ChromaConfig, EmbedderConfig
from retrieval.errors import (
    BadChromaUrl,
    EmbeddingError,
    MissingCredentials,
    RetrievalConfigError,
    RetrievalError,
)

if TYPE_CHECKING:
    from assistant.settings import Settings

__all__ = ["cadence_error", "cadence_errors", "chroma_config", "embedder_config"]


def chroma_config(settings: Settings) -> ChromaConfig:
    """The vector store: a server at ``CADENCE_CHROMA_URL``, else embedded in the data dir."""
    return ChromaConfig(path=settings.chroma_path, url=settings.chroma_url)


def embedder_config(settings: Settings) -> EmbedderConfig:
    """``CADENCE_EMBEDDER`` and, for ``openai``, the endpoint shared with generation."""
    return EmbedderConfig(
        choice=settings.embedder,
        openai_model=settings.openai_embedding_model,
        openai_base_url=settings.openai_base_url,
        openai_api_key=settings.openai_api_key,
        timeout_s=settings.llm_timeout_s,
        max_retries=settings.llm_max_retries,
    )


def cadence_error(exc: RetrievalError) -> CadenceError:
    """The assistant's error for a retrieval error, worded for someone setting ``CADENCE_*``.

    A configuration mistake is a :class:`ConfigError`, an embedding endpoint's failure a
    :class:`ModelError` (as a chat model's is), anything else from the index an
    :class:`IndexError_`."""
    if isinstance(exc, MissingCredentials):
        return ConfigError(
            "OpenAI embeddings need CADENCE_OPENAI_API_KEY or CADENCE_OPENAI_BASE_URL"
        )
    if isinstance(exc, BadChromaUrl):
        return ConfigError(f"CADENCE_CHROMA_URL must look like http://host:8000, got {exc.url!r}")
    if isinstance(exc, RetrievalConfigError):
        return ConfigError(str(exc))
    if isinstance(exc, EmbeddingError):
        return ModelError(str(exc))
    return IndexError_(str(exc))


@contextmanager
def cadence_errors() -> Iterator[None]:
    """Re-raise any :class:`RetrievalError` in the block as :func:`cadence_error` of it."""
    try:
        yield
    except RetrievalError as exc:
        raise cadence_error(exc) from exc
