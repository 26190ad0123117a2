"""The vector type every embedder returns, and the normalisation they all apply.

A module of its own so that embedders (retrieval/embedders.py, retrieval/openai_embedder.py)
share it without importing each other.
"""

from __future__ import annotations

from typing import Any, cast

import numpy as np
from numpy.typing import NDArray

__all__ = ["Vectors", "normalise"]

Vectors = NDArray[np.float32]


def normalise(vectors: NDArray[Any]) -> Vectors:
    """Rows scaled to unit length (so dot product = cosine), as float32."""
    out = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    # A text with no known tokens embeds to zeros; leave it at zero rather than divide by it.
    return cast(Vectors, np.divide(out, norms, out=np.zeros_like(out), where=norms > 0))
