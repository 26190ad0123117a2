"""Embeddings from any OpenAI-compatible ``/embeddings`` endpoint (OpenAI, Azure, vLLM, Ollama…).

Only used when chosen (:class:`~retrieval.config.EmbedderConfig` ``choice="openai"``): it sends
record text off the machine.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import openai

from retrieval.config import EmbedderConfig
from retrieval.embedders import Embedder
from retrieval.errors import EmbeddingError, MissingCredentials, RetrievalConfigError
from retrieval.tokens import get_encoding
from retrieval.vectors import Vectors, normalise

__all__ = ["OpenAIEmbedder"]

KNOWN_DIMENSIONS = {
    "text-embedding-3-small": 1536,
    "text-embedding-3-large": 3072,
    "text-embedding-ada-002": 1536,
}
# OpenAI's limits: 2048 inputs and 8192 tokens per input; batches of 256 short records stay far
# below the 300k-tokens-per-request cap too.
MAX_BATCH = 2048
MAX_INPUT_TOKENS = 8191


class OpenAIEmbedder(Embedder):
    """Batched calls to ``client.embeddings.create``.

    Pass a configured ``openai.OpenAI`` client, or connection settings to build one — not both.
    ``dimension`` is found by one probe call for models not in :data:`KNOWN_DIMENSIONS`; for
    ``text-embedding-3-*`` a smaller value is requested from the API (Matryoshka truncation).
    """

    def __init__(
        self,
        client: openai.OpenAI | None = None,
        *,
        model: str = "text-embedding-3-small",
        dimension: int | None = None,
        base_url: str | None = None,
        api_key: str | None = None,
        timeout_s: float = 30.0,
        max_retries: int = 2,
        batch_size: int = 256,
    ):
        if client is not None and (base_url or api_key):
            raise RetrievalConfigError("pass either an OpenAI client or base_url/api_key, not both")
        if client is None:
            if not (base_url or api_key):
                raise MissingCredentials()
            # Local OpenAI-compatible servers take any key, but the SDK insists on one.
            client = openai.OpenAI(
                base_url=base_url,
                api_key=api_key or "not-needed",
                timeout=timeout_s,
                max_retries=max_retries,
            )
        if not 1 <= batch_size <= MAX_BATCH:
            raise RetrievalConfigError(f"batch_size must be between 1 and {MAX_BATCH}")
        self._client = client
        self._model = model
        # For a model we don't know (a local server's), one probe call finds the dimension.
        self._dimension: int | None = dimension or KNOWN_DIMENSIONS.get(model)
        # Ask the API for fewer dims only where it supports it and it differs from the default.
        self._request_dimensions = (
            dimension
            if dimension
            and model.startswith("text-embedding-3")
            and dimension != KNOWN_DIMENSIONS.get(model)
            else None
        )
        self._batch_size = batch_size

    @classmethod
    def from_config(
        cls, config: EmbedderConfig, *, client: openai.OpenAI | None = None
    ) -> OpenAIEmbedder:
        if client is not None:
            return cls(client, model=config.openai_model)
        return cls(
            model=config.openai_model,
            base_url=config.openai_base_url,
            api_key=config.openai_api_key,
            timeout_s=config.timeout_s,
            max_retries=config.max_retries,
        )

    @property
    def id(self) -> str:
        return "openai-" + re.sub(r"[^A-Za-z0-9._-]+", "-", self._model)

    @property
    def dimension(self) -> int:
        if self._dimension is None:
            self._dimension = int(self._embed_batch(["dimension probe"]).shape[1])
        return self._dimension

    def embed(self, texts: Sequence[str]) -> Vectors:
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        prepared = [_prepare(text) for text in texts]
        for start in range(0, len(prepared), self._batch_size):
            batch = prepared[start : start + self._batch_size]
            out[start : start + len(batch)] = self._embed_batch(batch)
        return normalise(out)

    def _embed_batch(self, batch: list[str]) -> Vectors:
        try:
            if self._request_dimensions:
                response = self._client.embeddings.create(
                    model=self._model,
                    input=batch,
                    encoding_format="float",
                    dimensions=self._request_dimensions,
                )
            else:
                response = self._client.embeddings.create(
                    model=self._model, input=batch, encoding_format="float"
                )
        except (openai.AuthenticationError, openai.PermissionDeniedError) as exc:
            raise RetrievalConfigError(
                f"embedding endpoint refused the credentials: {exc.message}"
            ) from exc
        except openai.NotFoundError as exc:
            raise RetrievalConfigError(
                f"embedding model {self._model!r} not found: {exc.message}"
            ) from exc
        except openai.APIError as exc:
            raise EmbeddingError(f"embedding request failed: {type(exc).__name__}: {exc}") from exc
        rows = sorted(response.data, key=lambda item: item.index)
        if len(rows) != len(batch):
            raise EmbeddingError(
                f"embedding endpoint returned {len(rows)} vectors for {len(batch)}"
            )
        try:
            vectors = np.asarray([row.embedding for row in rows], dtype=np.float32)
        except ValueError as exc:  # ragged rows
            raise EmbeddingError(f"embedding endpoint returned malformed vectors: {exc}") from exc
        expected = self._dimension or vectors.shape[1]
        if vectors.ndim != 2 or vectors.shape != (len(batch), expected):
            raise EmbeddingError(
                f"embedding endpoint returned vectors of shape {vectors.shape[1:]}, "
                f"expected ({expected},) for {self._model!r}"
            )
        return vectors


def _prepare(text: str) -> str:
    # The API rejects empty strings and inputs over the token limit; trim rather than fail the
    # whole batch (a record that long is embedded by its beginning).
    if not text.strip():
        return " "
    if len(text) > MAX_INPUT_TOKENS:  # fewer characters than tokens cannot overflow
        encoding = get_encoding("cl100k_base")
        tokens = encoding.encode_ordinary(text)
        if len(tokens) > MAX_INPUT_TOKENS:
            return encoding.decode(tokens[:MAX_INPUT_TOKENS])
    return text
