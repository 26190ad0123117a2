"""The configured embedder, as the assistant uses it: raising the assistant's errors.

An embedding endpoint can fail on any call (``embed``, or the probe behind ``dimension``), deep
inside an index drain, a search or an ``ask``. Wrapping the embedder once, where the runtime builds
it, maps those failures at the boundary (assistant/retrieval_config.py) instead of at every call
site: a failing endpoint stays a :class:`~assistant.errors.ModelError` (CLI exit 1, HTTP 503).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from assistant.retrieval_config import cadence_errors, embedder_config
from retrieval.embedder_factory import make_embedder
from retrieval.embedders import Embedder

if TYPE_CHECKING:
    from assistant.settings import Settings
    from retrieval.vectors import Vectors

__all__ = ["MappedEmbedder", "configured_embedder"]


class MappedEmbedder(Embedder):
    """``inner``, with every :class:`~retrieval.errors.RetrievalError` re-raised as the
    assistant's. Same id and dimension, so the same Chroma collection."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner

    @property
    def id(self) -> str:
        return self.inner.id

    @property
    def dimension(self) -> int:
        with cadence_errors():
            return self.inner.dimension

    def embed(self, texts: Sequence[str]) -> Vectors:
        with cadence_errors():
            return self.inner.embed(texts)

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        with cadence_errors():
            return self.inner.embed_queries(texts)

    def __repr__(self) -> str:
        return f"MappedEmbedder({self.inner!r})"


def configured_embedder(settings: Settings) -> MappedEmbedder:
    """The embedder ``CADENCE_EMBEDDER`` asks for: the bundled offline model unless it names
    another."""
    with cadence_errors():
        return MappedEmbedder(make_embedder(embedder_config(settings)))
