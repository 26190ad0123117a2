"""Scores of a sentence reader on the development set: polarity per class and per voice, theme
accuracy strict and lenient per theme, and the confusion matrix.

A reader is any function from a sentence to ``(polarity, theme)``; ``theme`` may be None for a
reader that only judges polarity. ``python -m evals.devset`` prints the tables for the product's
reader and for its parts.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from evals.devset import Devset, FeedbackSentence

POLARITIES = ("strength", "growth", "neutral")
Reader = Callable[[str], tuple[str, str | None]]


@dataclass(frozen=True)
class ClassScore:
    precision: float
    recall: float
    f1: float
    support: int


@dataclass
class Scores:
    polarity_accuracy: float
    per_class: dict[str, ClassScore]
    per_voice: dict[str, tuple[int, int]]  # voice -> (correct, total)
    confusion: dict[tuple[str, str], int]  # (gold, predicted) -> count
    theme_strict: float | None = None
    theme_lenient: float | None = None
    per_theme: dict[str, tuple[int, int, int]] = field(default_factory=dict)  # strict, lenient, n
    theme_total: int = 0


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def class_scores(pairs: Iterable[tuple[str, str]]) -> dict[str, ClassScore]:
    """Precision, recall and F1 per polarity from (gold, predicted) pairs."""
    pairs = list(pairs)
    out = {}
    for label in POLARITIES:
        tp = sum(1 for g, p in pairs if g == p == label)
        predicted = sum(1 for _, p in pairs if p == label)
        actual = sum(1 for g, _ in pairs if g == label)
        precision, recall = _ratio(tp, predicted), _ratio(tp, actual)
        f1 = _ratio(int(2e6 * precision * recall), int(1e6 * (precision + recall)))
        out[label] = ClassScore(precision, recall, f1, actual)
    return out


def score(reader: Reader, sentences: Iterable[FeedbackSentence]) -> Scores:
    """Score ``reader`` on ``sentences``. Themes are scored on sentences with a judgement
    (strength or growth): a neutral fact's theme is its topic, which a drafter never shows."""
    pairs: list[tuple[str, str]] = []
    voices: dict[str, list[bool]] = defaultdict(list)
    themes: dict[str, list[tuple[bool, bool]]] = defaultdict(list)
    judged = 0
    for sentence in sentences:
        polarity, theme = reader(sentence.text)
        pairs.append((sentence.polarity, polarity))
        voices[sentence.voice].append(polarity == sentence.polarity)
        if theme is not None and sentence.polarity != "neutral":
            judged += 1
            strict = theme == sentence.theme
            themes[sentence.theme].append((strict, strict or theme in sentence.also))
    correct = sum(1 for g, p in pairs if g == p)
    result = Scores(
        polarity_accuracy=_ratio(correct, len(pairs)),
        per_class=class_scores(pairs),
        per_voice={v: (sum(ok), len(ok)) for v, ok in sorted(voices.items())},
        confusion=dict(Counter(pairs)),
    )
    if judged:
        flat = [hit for hits in themes.values() for hit in hits]
        result.theme_strict = _ratio(sum(s for s, _ in flat), judged)
        result.theme_lenient = _ratio(sum(lenient for _, lenient in flat), judged)
        result.per_theme = {
            t: (sum(s for s, _ in hits), sum(lenient for _, lenient in hits), len(hits))
            for t, hits in sorted(themes.items())
        }
        result.theme_total = judged
    return result


def report(name: str, scores: Scores) -> str:
    """Markdown tables of ``scores``."""
    lines = [f"## {name}", "", f"polarity accuracy: {scores.polarity_accuracy:.3f}", ""]
    lines += ["| class | precision | recall | F1 | n |", "| --- | ---: | ---: | ---: | ---: |"]
    for label, cs in scores.per_class.items():
        lines.append(
            f"| {label} | {cs.precision:.3f} | {cs.recall:.3f} | {cs.f1:.3f} | {cs.support} |"
        )
    lines += [
        "",
        "| gold \\ predicted | " + " | ".join(POLARITIES) + " |",
        "| --- |" + " ---: |" * 3,
    ]
    for gold in POLARITIES:
        row = [str(scores.confusion.get((gold, p), 0)) for p in POLARITIES]
        lines.append(f"| {gold} | " + " | ".join(row) + " |")
    lines += ["", "| voice | correct | n | accuracy |", "| --- | ---: | ---: | ---: |"]
    for voice, (ok, n) in scores.per_voice.items():
        lines.append(f"| {voice} | {ok} | {n} | {_ratio(ok, n):.2f} |")
    if scores.theme_strict is not None:
        lines += [
            "",
            f"theme accuracy on {scores.theme_total} strength/growth sentences: "
            f"strict {scores.theme_strict:.3f}, lenient {scores.theme_lenient or 0:.3f}",
            "",
            "| theme | strict | lenient | n |",
            "| --- | ---: | ---: | ---: |",
        ]
        for theme, (strict, lenient, n) in scores.per_theme.items():
            lines.append(f"| {theme} | {_ratio(strict, n):.2f} | {_ratio(lenient, n):.2f} | {n} |")
    return "\n".join(lines) + "\n"


def feedback(devset: Devset) -> tuple[FeedbackSentence, ...]:
    return devset.feedback
