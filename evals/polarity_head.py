"""``python -m evals.polarity_head``: choose the polarity head's regularisation (``C``) and the
rules' weight against it (``RULE_WEIGHT`` in assistant/analysis/polarity_head.py) on the
development set's EVEN ids, and report the choice on the odd ids (held out), on all, and by voice.

The head is trained only on the project's training text (theme_training.yaml and
polarity_training.yaml), never on dev sentences; the dev set only picks among a few settings, on
half of it. Prints aggregate figures only.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import product as grid

import numpy as np

from assistant.analysis import polarity_head
from assistant.analysis.frames import is_frame
from assistant.analysis.polarity import Polarity, read_polarity
from assistant.analysis.reading import SentenceReading, read_many
from assistant.analysis.theme_head import ThemeHead
from assistant.analysis.themes import ThemeReader
from evals.devset import FeedbackSentence, load_devset
from evals.theme_head import PARTS, Memo, part
from retrieval.embedders import BundledEmbedder

C_GRID = (1.0, 3.0, 10.0)
WEIGHT_GRID = (0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
Chooser = Callable[[int], Polarity]


def main_reading(readings: list[SentenceReading]) -> SentenceReading:
    """A dev item is one claim: its first judged sentence, as evals.devset scores it."""
    return next((r for r in readings if r.polarity != "neutral"), readings[0])


def accuracy(items: list[FeedbackSentence], predicted: list[Polarity], which: str) -> float:
    chosen = {i.id for i in part(items, which)}
    right = [p == i.polarity for i, p in zip(items, predicted, strict=True) if i.id in chosen]
    return sum(right) / len(right)


def by_voice(items: list[FeedbackSentence], predicted: list[Polarity]) -> dict[str, str]:
    out: dict[str, list[int]] = {}
    for item, got in zip(items, predicted, strict=True):
        tally = out.setdefault(item.voice, [0, 0])
        tally[0] += got == item.polarity
        tally[1] += 1
    return {voice: f"{r}/{n}" for voice, (r, n) in sorted(out.items())}


def main() -> None:
    items = list(load_devset().feedback)
    embedder = Memo(BundledEmbedder())
    reader = ThemeReader(embedder)
    texts = [i.text for i in items]
    # The rules' reading of each item, and the claim the head reads (as read_many embeds it).
    rules = [main_reading(r) for r in read_many(texts, ThemeReader(embedder, signal="cues"))]
    readings = [read_polarity(r.text) for r in rules]
    vectors = reader.embed([r.claim for r in rules])
    examples = polarity_head.load_training()
    text_hash = polarity_head.training_hash()
    heads: dict[float, ThemeHead] = {
        c: polarity_head.train(embedder, examples, text_hash, c) for c in C_GRID
    }
    probs = {c: polarity_head.probabilities(h, vectors) for c, h in heads.items()}

    def combined(c: float, weight: float) -> list[Polarity]:
        out: list[Polarity] = []
        for rule, reading, p in zip(rules, readings, probs[c], strict=True):
            if is_frame(rule.text):
                out.append("neutral")  # a sign-off stays neutral whatever it reads as
                continue
            got, _ = polarity_head.combine(reading, p, weight)
            out.append(rule.polarity if got == reading.polarity else got)
        return out

    print("# The polarity head on the development set (evals/polarity_head.py)\n")
    print(
        f"Trained on {len(examples)} sentences; settings chosen on the "
        f"{len(part(items, 'even'))} even ids.\n"
    )
    print("| reader | even | odd (held out) | all |\n| --- | ---: | ---: | ---: |")

    def row(name: str, predicted: list[Polarity]) -> None:
        cells = " | ".join(f"{accuracy(items, predicted, p):.3f}" for p in PARTS)
        print(f"| {name} | {cells} |")

    before: list[Polarity] = [r.polarity for r in rules]
    row("rules alone (before)", before)
    for c in C_GRID:
        alone = [polarity_head.CLASSES[int(np.argmax(p))] for p in probs[c]]
        row(f"head alone, C={c}", alone)
    results = {
        (c, w): accuracy(items, combined(c, w), "even") for c, w in grid(C_GRID, WEIGHT_GRID)
    }
    best = max(results, key=lambda k: results[k])
    chosen = combined(*best)
    row(f"rules + head, chosen on even: C={best[0]}, weight={best[1]}", chosen)
    shipped = combined(polarity_head.C, polarity_head.RULE_WEIGHT)
    row(f"as shipped: C={polarity_head.C}, weight={polarity_head.RULE_WEIGHT}", shipped)
    print("\n## Even-id accuracy over the grid (C x rule weight)\n")
    print("| C | " + " | ".join(f"w={w}" for w in WEIGHT_GRID) + " |")
    print("| --- |" + " ---: |" * len(WEIGHT_GRID))
    for c in C_GRID:
        print(f"| {c} | " + " | ".join(f"{results[(c, w)]:.3f}" for w in WEIGHT_GRID) + " |")
    print("\n## By voice, all ids (rules alone -> as shipped)\n")
    print("| voice | before | after |\n| --- | ---: | ---: |")
    after = by_voice(items, shipped)
    for voice, was in by_voice(items, before).items():
        print(f"| {voice} | {was} | {after[voice]} |")


if __name__ == "__main__":
    main()
