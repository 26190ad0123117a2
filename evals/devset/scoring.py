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
from typing import Any

from evals.devset import Devset, FeedbackSentence, Note

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


# --- 1:1 notes -----------------------------------------------------------------------------


@dataclass
class NoteScores:
    mood_exact: float  # on notes whose mood is labelled
    mood_within_one: float
    mood_detected: ClassScore  # "the note states a mood" as a yes/no class
    follow_ups: ClassScore  # span recall / precision (half the gold span's characters)
    open_questions: ClassScore
    topics: ClassScore  # micro-averaged over every (note, topic)
    flags: dict[str, ClassScore]


def overlaps(gold: str, predicted: str, text: str) -> bool:
    """True when ``predicted`` covers at least half of ``gold``'s characters in ``text``."""
    g0, p0 = text.find(gold), text.find(predicted)
    if g0 < 0 or p0 < 0:
        return False
    shared = min(g0 + len(gold), p0 + len(predicted)) - max(g0, p0)
    return shared >= len(gold) / 2


def _prf(tp: int, predicted: int, actual: int) -> ClassScore:
    precision, recall = _ratio(tp, predicted), _ratio(tp, actual)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return ClassScore(precision, recall, f1, actual)


def _spans(pairs: list[tuple[str, tuple[str, ...], tuple[str, ...]]]) -> ClassScore:
    found = sum(
        1 for text, gold, got in pairs for g in gold if any(overlaps(g, p, text) for p in got)
    )
    right = sum(
        1 for text, gold, got in pairs for p in got if any(overlaps(g, p, text) for g in gold)
    )
    predicted = sum(len(got) for _, _, got in pairs)
    actual = sum(len(gold) for _, gold, _ in pairs)
    recall, precision = _ratio(found, actual), _ratio(right, predicted)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return ClassScore(precision, recall, f1, actual)


def score_notes(reader: Callable[[str], Any], notes: Iterable[Note]) -> NoteScores:
    """Score a note reader (returns an object with mood, follow_ups, open_questions, topics,
    flags) on the dev set's notes."""
    readings = [(n, reader(n.text)) for n in notes]
    stated = [(n, r) for n, r in readings if n.mood is not None]
    detected_tp = sum(1 for n, r in readings if n.mood is not None and r.mood is not None)
    topic_tp = sum(len(set(n.topics) & set(r.topics)) for n, r in readings)
    flags = {
        flag: _prf(
            sum(1 for n, r in readings if flag in n.flags and flag in r.flags),
            sum(1 for _, r in readings if flag in r.flags),
            sum(1 for n, _ in readings if flag in n.flags),
        )
        for flag in ("flight_risk", "burnout_risk")
    }
    return NoteScores(
        mood_exact=_ratio(sum(1 for n, r in stated if r.mood == n.mood), len(stated)),
        mood_within_one=_ratio(
            sum(1 for n, r in stated if r.mood is not None and abs(r.mood - (n.mood or 0)) <= 1),
            len(stated),
        ),
        mood_detected=_prf(
            detected_tp,
            sum(1 for _, r in readings if r.mood is not None),
            len(stated),
        ),
        follow_ups=_spans([(n.text, n.follow_ups, tuple(r.follow_ups)) for n, r in readings]),
        open_questions=_spans(
            [(n.text, n.open_questions, tuple(r.open_questions)) for n, r in readings]
        ),
        topics=_prf(
            topic_tp,
            sum(len(r.topics) for _, r in readings),
            sum(len(n.topics) for n, _ in readings),
        ),
        flags=flags,
    )


def notes_report(scores: NoteScores) -> str:
    rows = [
        ("mood stated (detected)", scores.mood_detected),
        ("follow-ups (span)", scores.follow_ups),
        ("open questions (span)", scores.open_questions),
        ("topics (micro)", scores.topics),
        *((f"flag {k}", v) for k, v in scores.flags.items()),
    ]
    lines = [
        "## 1:1 notes",
        "",
        f"mood exact {scores.mood_exact:.3f}, within one {scores.mood_within_one:.3f} "
        f"(on {scores.mood_detected.support} notes with a stated mood)",
        "",
        "| measure | precision | recall | F1 | n |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name, cs in rows:
        lines.append(
            f"| {name} | {cs.precision:.3f} | {cs.recall:.3f} | {cs.f1:.3f} | {cs.support} |"
        )
    return "\n".join(lines) + "\n"
