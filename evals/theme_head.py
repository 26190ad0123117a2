"""``python -m evals.theme_head``: choose the theme head's regularisation (``C``) and how it is
combined with the cues (``HEAD_WEIGHT``, ``HEAD_FLOOR`` in assistant/analysis/themes.py) on the
development set's EVEN ids, and report the choice on the odd ids (held out) and on all.

The head is trained only on assistant/analysis/theme_training.yaml (never on dev sentences); the
dev set only picks among a few settings, on half of it. Prints aggregate figures only.
``--confusion``: instead, the shipped reader's even-id confusions (which labelled theme is read as
which, as counts; never a sentence), to see where the errors are without opening the held-out half.
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Sequence
from itertools import product as grid

import numpy as np

from assistant.analysis.reading import read_many
from assistant.analysis.theme_head import (
    C,
    ThemeHead,
    load_training,
    train,
    training_hash,
)
from assistant.analysis.themes import HEAD_FLOOR, HEAD_WEIGHT, ThemeReader
from evals.devset import FeedbackSentence, load_devset
from evals.devset.scoring import Scores, score
from retrieval.embedders import BundledEmbedder, Embedder, Vectors

C_GRID = (3.0, 10.0, 30.0)
WEIGHT_GRID = (1.0, 2.0, 3.0, 4.0, 6.0, 8.0)
FLOOR_GRID = (0.0, 0.15, 0.3)
PARTS = ("even", "odd", "all")


class Memo(Embedder):
    """The bundled embedder, each text embedded once (the grid reads the dev set many times)."""

    local = True

    def __init__(self, inner: Embedder):
        self._inner = inner
        self._memo: dict[str, np.ndarray] = {}

    @property
    def id(self) -> str:
        return self._inner.id

    @property
    def dimension(self) -> int:
        return self._inner.dimension

    def embed(self, texts: Sequence[str]) -> Vectors:
        missing = [t for t in dict.fromkeys(texts) if t not in self._memo]
        if missing:
            self._memo.update(zip(missing, self._inner.embed(missing), strict=True))
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.stack([self._memo[t] for t in texts])


def part(items: list[FeedbackSentence], which: str) -> list[FeedbackSentence]:
    if which == "all":
        return items
    return [i for i in items if (int(i.id[1:]) % 2 == 1) == (which == "odd")]


def scores(reader: ThemeReader, items: list[FeedbackSentence]) -> dict[str, Scores]:
    texts = [i.text for i in items]
    got = {}
    for text, readings in zip(texts, read_many(texts, reader), strict=True):
        main = next((r for r in readings if r.polarity != "neutral"), readings[0])
        got[text] = (main.polarity, main.theme)
    return {p: score(lambda t: got[t], part(items, p)) for p in PARTS}


def row(name: str, by_part: dict[str, Scores]) -> str:
    cells = " | ".join(
        f"{by_part[p].theme_strict or 0:.3f} / {by_part[p].theme_lenient or 0:.3f}" for p in PARTS
    )
    return f"| {name} | {cells} |"


def confusions(reader: ThemeReader, items: list[FeedbackSentence]) -> Counter[tuple[str, str]]:
    """(labelled theme, theme read) -> count over the judged (strength/growth) ``items``."""
    judged = [i for i in items if i.polarity != "neutral"]
    out: Counter[tuple[str, str]] = Counter()
    for item, readings in zip(judged, read_many([i.text for i in judged], reader), strict=True):
        main = next((r for r in readings if r.polarity != "neutral"), readings[0])
        out[(item.theme, main.theme)] += 1
    return out


def confusion_report(counts: Counter[tuple[str, str]]) -> str:
    """Per labelled theme: its count, how many were read right, and where the rest went."""
    lines = ["| labelled | n | right | read instead (count) |", "| --- | ---: | ---: | --- |"]
    for gold in sorted({g for g, _ in counts}):
        row = {read: n for (g, read), n in counts.items() if g == gold}
        wrong = sorted(((n, r) for r, n in row.items() if r != gold), reverse=True)
        misses = ", ".join(f"{r} {n}" for n, r in wrong)
        lines.append(f"| {gold} | {sum(row.values())} | {row.get(gold, 0)} | {misses} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m evals.theme_head", description=__doc__)
    parser.add_argument("--confusion", action="store_true", help="even-id confusions only")
    args = parser.parse_args(argv)
    items = list(load_devset().feedback)
    if args.confusion:
        print("# Even-id theme confusions of the shipped reader (evals/theme_head.py)\n")
        print(confusion_report(confusions(ThemeReader(), part(items, "even"))))
        return
    embedder = Memo(BundledEmbedder())
    examples = load_training()
    text_hash = training_hash()
    print("# The theme head on the development set (evals/theme_head.py)\n")
    print(
        f"Trained on {len(examples)} sentences of theme_training.yaml; settings chosen on the "
        f"{len(part(items, 'even'))} even ids; theme strict / lenient on strength/growth "
        "sentences.\n"
    )
    print("| reader | even | odd (held out) | all |\n| --- | ---: | ---: | ---: |")
    print(
        row(
            "without the head (cues + similarity)",
            scores(ThemeReader(embedder, head="none"), items),
        )
    )
    heads: dict[float, ThemeHead] = {c: train(embedder, examples, text_hash, c) for c in C_GRID}
    results = {}
    even = part(items, "even")
    for c, weight, floor in grid(C_GRID, WEIGHT_GRID, FLOOR_GRID):
        reader = ThemeReader(embedder, head=heads[c], head_weight=weight, head_floor=floor)
        results[(c, weight, floor)] = scores(reader, even)["even"].theme_strict or 0.0
    for c in C_GRID:
        alone = ThemeReader(embedder, signal="head", head=heads[c])
        print(row(f"head alone, C={c}", scores(alone, items)))
    best = max(results, key=lambda k: results[k])
    c, weight, floor = best
    chosen = ThemeReader(embedder, head=heads[c], head_weight=weight, head_floor=floor)
    print(row(f"chosen on even: C={c}, weight={weight}, floor={floor}", scores(chosen, items)))
    shipped = ThemeReader(embedder, head=heads.get(C) or train(embedder, examples, text_hash, C))
    print(
        row(f"as shipped: C={C}, weight={HEAD_WEIGHT}, floor={HEAD_FLOOR}", scores(shipped, items))
    )
    print("\n## Even-id theme strict over the grid (C x weight, best floor)\n")
    print("| C | " + " | ".join(f"w={w}" for w in WEIGHT_GRID) + " |")
    print("| --- |" + " ---: |" * len(WEIGHT_GRID))
    for c in C_GRID:
        cells = [max(results[(c, w, f)] for f in FLOOR_GRID) for w in WEIGHT_GRID]
        print(f"| {c} | " + " | ".join(f"{x:.3f}" for x in cells) + " |")


if __name__ == "__main__":
    main()
