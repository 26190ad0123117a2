"""Retrieval's own error tree. Retrieval knows nothing of the assistant, so it raises these and
the assistant maps them to its own (assistant/retrieval_config.py) where it calls in.

RetrievalError
├── RetrievalConfigError      configuration that cannot work (a missing model file, a bad URL)
│   ├── MissingCredentials    an embedding endpoint was chosen with neither a key nor a URL
│   └── BadChromaUrl          the Chroma server URL is not ``http(s)://host[:port]``
└── EmbeddingError            the embedding endpoint failed or answered something unusable

Messages speak of this package's own configuration (:mod:`retrieval.config`), never of the
environment variables an application reads it from: the application says those.
"""

from __future__ import annotations

__all__ = [
    "BadChromaUrl",
    "EmbeddingError",
    "MissingCredentials",
    "RetrievalConfigError",
    "RetrievalError",
]


class RetrievalError(Exception):
    """Base of every error retrieval raises on purpose."""


class RetrievalConfigError(RetrievalError):
    """Settings (or package data) that cannot work; retrying will not help."""


class MissingCredentials(RetrievalConfigError):
    def __init__(self) -> None:
        super().__init__("OpenAI embeddings need an API key or a base URL")


class BadChromaUrl(RetrievalConfigError):
    def __init__(self, url: str) -> None:
        self.url = url
        super().__init__(f"the Chroma URL must look like http://host:8000, got {url!r}")


class EmbeddingError(RetrievalError):
    """The embedding endpoint failed, timed out or returned something unusable."""
