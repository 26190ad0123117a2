"""The metric interface: a pure function from a :class:`~evals.sample.Sample` to a :class:`Score`.

A score is a number in [0, 1] (higher is better) or ``None`` when the metric does not apply to the
case (e.g. anonymity outside HR themes). A metric's suite score is the mean over the cases it
applies to. ``safety`` metrics are gates at 1.0 for every provider; ``quality`` metrics have a
threshold and a baseline; ``judge`` metrics are reported and never gate.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from evals.sample import Sample

Kind = Literal["safety", "quality", "judge"]


@dataclass(frozen=True)
class Score:
    value: float | None
    notes: tuple[str, ...] = ()

    @classmethod
    def na(cls) -> Score:
        return cls(None)

    @classmethod
    def ratio(cls, good: int, total: int, notes: list[str] | None = None) -> Score:
        return cls(1.0 if total == 0 else good / total, tuple(notes or ()))

    @classmethod
    def check(cls, ok: bool, notes: list[str] | None = None) -> Score:
        return cls(1.0 if ok else 0.0, tuple(notes or ()))


@dataclass(frozen=True)
class Metric:
    name: str
    kind: Kind
    threshold: float
    fn: Callable[[Sample], Score]

    @property
    def doc(self) -> str:
        return (self.fn.__doc__ or "").strip()

    def __call__(self, sample: Sample) -> Score:
        if self.name not in REFUSAL_AWARE and (
            sample.refused is not None or sample.output is None or sample.case.expect_refusal
        ):
            return Score.na()
        return self.fn(sample)


# Metrics that judge a refusal (or a missing output) themselves; every other metric skips
# refused requests and crashed drafters (schema_validity already fails those).
REFUSAL_AWARE = frozenset({"schema_validity", "anonymity"})


def words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z][A-Za-z'-]*", text)


def shingles(text: str, n: int) -> set[str]:
    """Lower-cased n-word windows: the unit of verbatim copying."""
    tokens = [w.lower() for w in re.findall(r"\w+", text)]
    return {" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


def contains_word(haystack: str, needle: str) -> bool:
    """Case-insensitive whole-word(s) containment."""
    return re.search(rf"(?<!\w){re.escape(needle.lower())}(?!\w)", haystack.lower()) is not None


# Words that carry no claim: what "the same content" ignores when a judge compares two texts.
STOPWORDS = frozenset(
    re.findall(
        r"\w+",
        "about after again also been before being could does doing from have having into just "
        "more most much need next only other over some such than that their them then there "
        "these they this those very what when where which while will with would your week weeks",
    )
)


def content_words(text: str) -> set[str]:
    """Lower-cased words of four letters or more, stopwords left out."""
    return {w for w in re.findall(r"[a-z][a-z'-]{3,}", text.lower()) if w not in STOPWORDS}
