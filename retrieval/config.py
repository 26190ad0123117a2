"""What retrieval needs to know to build its clients: plain values, no settings library.

The application reads its own settings and builds these (assistant/retrieval_config.py), so
retrieval never imports the application and can be used and tested on its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

__all__ = ["ChromaConfig", "EmbedderChoice", "EmbedderConfig"]

EmbedderChoice = Literal["auto", "bundled", "minilm", "openai"]


@dataclass(frozen=True)
class ChromaConfig:
    """Where the vector store is: an embedded store at ``path``, or a server at ``url``."""

    path: Path
    url: str | None = None


@dataclass(frozen=True)
class EmbedderConfig:
    """Which embedder to use, and how to reach an OpenAI-compatible ``/embeddings`` endpoint.

    ``auto`` means the bundled model (see :func:`retrieval.embedder_factory.make_embedder`);
    ``minilm`` the full all-MiniLM-L6-v2 in numpy, from the optional ``minilm`` extra."""

    choice: EmbedderChoice = "auto"
    openai_model: str = "text-embedding-3-small"
    openai_base_url: str | None = None
    openai_api_key: str | None = field(default=None, repr=False)  # never in a log line
    timeout_s: float = 30.0
    max_retries: int = 2
