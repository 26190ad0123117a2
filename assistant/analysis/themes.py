"""The theme of one feedback claim, from the product's taxonomy (taxonomy.yaml beside this file).

Two signals, combined: cue stems and phrases from the taxonomy (what reviews say about a theme),
and meaning - cosine similarity between the sentence and each theme's description and cues with
the bundled static embedder (retrieval.embedders.BundledEmbedder, shipped with the package; never
downloaded). "other" when no cue fires and nothing is similar enough.

Measured on the development set (``python -m evals.devset``; 462 strength/growth sentences):

| signal | strict | lenient |
| --- | ---: | ---: |
| cues alone | 0.468 | 0.485 |
| embedder alone (theme prototypes) | 0.214 | 0.227 |
| combined (kept; the embedder breaks ties and reads sentences with no cue) | 0.470 | 0.483 |

The static embedder adds little: its cosine gaps between themes are smaller than the noise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

import numpy as np
import yaml
from pydantic import BaseModel, ConfigDict, Field

from retrieval.embedders import BundledEmbedder, Embedder, Vectors

Signal = Literal["cues", "embedding", "combined"]
OTHER = "other"
CUE_WEIGHT = 1.0  # per matched stem; a matched phrase counts double
SIMILARITY_WEIGHT = 1.0  # cosine gaps between themes are small: mostly a tie-breaker
MIN_SIMILARITY = 0.3  # below this, with no cue, the claim fits no theme


class ThemeSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    label: str
    strength: str
    growth: str
    description: str
    cues: tuple[str, ...] = Field(min_length=1)


class Taxonomy(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    themes: dict[str, ThemeSpec]


@cache
def load_taxonomy() -> Taxonomy:
    text = resources.files("assistant.analysis").joinpath("taxonomy.yaml").read_text("utf-8")
    return Taxonomy.model_validate(yaml.safe_load(text))


def _cue_pattern(cue: str) -> re.Pattern[str]:
    # A one-word cue is a stem ("collaborat" -> collaborate, collaboration); a phrase is whole.
    tail = r"\w*" if " " not in cue else r"(?![\w])"
    return re.compile(r"(?<![\w])" + re.escape(cue) + tail, re.I)


@cache
def _patterns() -> dict[str, list[tuple[re.Pattern[str], float]]]:
    return {
        key: [(_cue_pattern(c), 2.0 if " " in c else 1.0) for c in spec.cues]
        for key, spec in load_taxonomy().themes.items()
    }


def cue_scores(text: str) -> dict[str, float]:
    """Each theme's cue score for ``text`` (themes with no cue left out)."""
    out: dict[str, float] = {}
    for key, patterns in _patterns().items():
        total = sum(weight for pattern, weight in patterns if pattern.search(text))
        if total:
            out[key] = total
    return out


@dataclass(frozen=True)
class ThemeGuess:
    theme: str
    score: float
    similarity: float  # cosine with the chosen theme's prototype


class ThemeReader:
    """Reads the theme of claims; holds the embedder and the theme prototypes."""

    def __init__(self, embedder: Embedder | None = None, signal: Signal = "combined"):
        self._embedder = embedder
        self.signal = signal
        self._keys = list(load_taxonomy().themes)
        self._prototypes: Vectors | None = None

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = BundledEmbedder()
        return self._embedder

    def _theme_vectors(self) -> Vectors:
        if self._prototypes is None:
            rows = []
            for key in self._keys:
                spec = load_taxonomy().themes[key]
                texts = [spec.description, spec.label, *spec.cues]
                mean = self.embedder.embed(texts).mean(axis=0)
                rows.append(mean / (np.linalg.norm(mean) or 1.0))
            self._prototypes = np.asarray(rows, dtype=np.float32)
        return self._prototypes

    def similarities(self, texts: list[str]) -> Vectors:
        """(len(texts), themes) cosine similarities."""
        return self.embedder.embed(texts) @ self._theme_vectors().T

    def read(self, texts: list[str]) -> list[ThemeGuess]:
        """The theme of each text."""
        if not texts:
            return []
        use_embedding = self.signal != "cues"
        sims = self.similarities(texts) if use_embedding else np.zeros((len(texts), 0))
        out = []
        for row, text in enumerate(texts):
            cues = cue_scores(text) if self.signal != "embedding" else {}
            totals = {}
            for index, key in enumerate(self._keys):
                similarity = float(sims[row, index]) if use_embedding else 0.0
                totals[key] = CUE_WEIGHT * cues.get(key, 0.0) + SIMILARITY_WEIGHT * similarity
            best = max(totals, key=lambda k: totals[k])
            best_sim = float(sims[row, self._keys.index(best)]) if use_embedding else 0.0
            if not cues and best_sim < MIN_SIMILARITY:
                best = OTHER
            out.append(ThemeGuess(best, totals.get(best, 0.0), best_sim))
        return out
