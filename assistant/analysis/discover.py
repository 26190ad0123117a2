"""Themes found in the data: the claims no taxonomy theme matches, grouped by meaning.

The claims are embedded with the bundled static embedder (names masked, as the theme reader
does), centred on their mean (a static embedder's vectors share a large common direction that
says nothing about the topic) and normalised; spherical k-means (numpy: scikit-learn is not a
dependency, and this is a few dozen lines) groups them, with k about sqrt(n / 2); members far from
their group's centre are left out, and so are groups with fewer than ``min_size`` members. Who
the claims are about, and what to call a group, is the caller's (assistant/offline/theme_wording.py
names a group by the terms it shares, assistant/analysis/keywords.py).

Measured by holding eight taxonomy themes out on the development set (``python -m
evals.discovery``; 182 judged sentences left over, groups of at least 3):

| vectors | grouped | purity | mean coverage of the held-out themes |
| --- | ---: | ---: | ---: |
| embedder alone (centred) | 101 | 0.23 | 0.08 |
| tf-idf word stems alone | 75 | 0.29 | 0.07 |
| both (kept) | 67 | 0.34 | 0.07 |

Weak: the dev set has about a dozen judged sentences a theme, in many roles and voices, so few
share words, and the static embedder separates topics poorly (themes.py says so too). Purity is
above random groups of the same size (0.26 over 200 shuffles); coverage is low. On an
organisation's feedback, where a topic recurs across many people, groups are larger and their
shared terms clearer.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from assistant.analysis.keywords import STOPWORDS
from assistant.analysis.reading import default_theme_reader
from assistant.analysis.themes import for_embedding
from retrieval.embedders import Embedder, Vectors

Method = Literal["embedding", "terms", "both"]
ITERATIONS = 25
MAX_VOCABULARY = 2000  # the commonest shared stems: bounds the term vectors' width
MAX_GROUPS = 30
# A claim this far from its group's centre (cosine, after centring) is an outlier, not a member:
# about 70 degrees, a loose bound chosen before measuring, not tuned on the development set.
MIN_MEMBER_SIMILARITY = 0.35
SEED = 7  # the same claims give the same groups
# Groups whose centres are this close are one topic (cosine; chosen before measuring).
MERGE_SIMILARITY = 0.5


@dataclass(frozen=True)
class Group:
    """Claims grouped by meaning: their indices in the input, and the group's centre."""

    members: tuple[int, ...]
    centre: np.ndarray
    cohesion: float  # mean cosine of the members with the centre


@dataclass(frozen=True)
class Space:
    """The vectors of a set of claims, with the mean they were centred on (to place more claims
    in the same space later)."""

    vectors: Vectors
    mean: np.ndarray
    vocabulary: dict[str, int] = field(default_factory=dict)


def _unit(rows: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    return rows / np.where(norms == 0, 1.0, norms)


def embed(
    texts: Sequence[str],
    embedder: Embedder | None = None,
    mean: np.ndarray | None = None,
    *,
    method: Method = "both",
    vocabulary: dict[str, int] | None = None,
) -> Space:
    """The claims as unit vectors: the embedder's (centred), their content words' (tf-idf over
    word stems), or both side by side. ``mean`` and ``vocabulary`` place more claims in the
    space of earlier ones."""
    parts = []
    centre = np.zeros(0, dtype=np.float32)
    if method != "terms":
        model = embedder or default_theme_reader().embedder
        raw = np.asarray(model.embed([for_embedding(t) for t in texts]), dtype=np.float32)
        centre = raw.mean(axis=0) if mean is None else mean
        parts.append(_unit(raw - centre))
    vocab: dict[str, int] = {}
    if method != "embedding":
        stems = [_stems(t) for t in texts]
        vocab = vocabulary if vocabulary is not None else _vocabulary(stems)
        matrix = np.zeros((len(texts), max(len(vocab), 1)), dtype=np.float32)
        for row, words in enumerate(stems):
            for word in words:
                if word in vocab:
                    matrix[row, vocab[word]] = 1.0
        parts.append(_unit(matrix))
    joined = np.concatenate(parts, axis=1) if parts else np.zeros((len(texts), 0))
    return Space(_unit(joined), centre, vocab)


def _stems(text: str) -> set[str]:
    """Content words cut to their first six letters: "documenting" and "documentation" meet."""
    return {w[:6] for w in re.findall(r"[a-z][a-z'-]+", for_embedding(text).lower())
            if w not in STOPWORDS and len(w) > 3}  # fmt: skip


def _vocabulary(stems: list[set[str]]) -> dict[str, int]:
    """Stems at least two claims share (a word one claim uses groups nothing)."""
    counts = Counter(s for words in stems for s in words)
    common = sorted((s for s, c in counts.items() if c >= 2), key=lambda s: (-counts[s], s))
    return {s: n for n, s in enumerate(sorted(common[:MAX_VOCABULARY]))}


def _init(vectors: Vectors, k: int, rng: np.random.Generator) -> np.ndarray:
    """k-means++: each next centre drawn in proportion to its distance from the chosen ones."""
    centres = [vectors[int(rng.integers(len(vectors)))]]
    for _ in range(1, k):
        sims = np.max(vectors @ np.asarray(centres).T, axis=1)
        weights = np.clip(1.0 - sims, 0.0, None)
        total = float(weights.sum())
        if total <= 0:
            break
        centres.append(vectors[int(rng.choice(len(vectors), p=weights / total))])
    return np.asarray(centres)


def group(space: Space, *, min_size: int) -> list[Group]:
    """Groups of at least ``min_size`` claims, biggest first."""
    vectors = space.vectors
    n = len(vectors)
    if n < 2 * min_size:
        return []
    k = max(2, min(MAX_GROUPS, round(math.sqrt(n / 2))))
    rng = np.random.default_rng(SEED)
    centres = _init(vectors, k, rng)
    labels = np.zeros(n, dtype=int)
    for _ in range(ITERATIONS):
        labels = np.argmax(vectors @ centres.T, axis=1)
        moved = []
        for c in range(len(centres)):
            members = vectors[labels == c]
            mean = members.mean(axis=0) if len(members) else centres[c]
            moved.append(mean / (np.linalg.norm(mean) or 1.0))
        new = np.asarray(moved)
        if np.allclose(new, centres):
            break
        centres = new
    labels, centres = _merge(vectors, labels, centres)
    out = []
    sims = vectors @ centres.T
    for c in range(len(centres)):
        members = [i for i in range(n) if labels[i] == c and sims[i, c] >= MIN_MEMBER_SIMILARITY]
        if len(members) >= min_size:
            cohesion = float(np.mean([sims[i, c] for i in members]))
            out.append(Group(tuple(members), centres[c], cohesion))
    out.sort(key=lambda g: (-len(g.members), -g.cohesion))
    return out


def _merge(
    vectors: Vectors, labels: np.ndarray, centres: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Join groups whose centres are closer than MERGE_SIMILARITY, closest first: k-means with
    k fixed in advance splits one topic written two ways into two groups."""
    labels = labels.copy()
    while len(centres) > 1:
        sims = centres @ centres.T
        np.fill_diagonal(sims, -1.0)
        a, b = np.unravel_index(int(np.argmax(sims)), sims.shape)
        if sims[a, b] < MERGE_SIMILARITY:
            break
        labels[labels == b] = a
        labels[labels > b] -= 1
        members = vectors[labels == a]
        mean = members.mean(axis=0)
        centres = np.delete(centres, b, axis=0)
        centres[a if a < b else a - 1] = mean / (np.linalg.norm(mean) or 1.0)
    return labels, centres


def place(space: Space, groups: Sequence[Group]) -> list[int | None]:
    """The group each vector of ``space`` belongs to (its nearest centre, if near enough)."""
    if not groups or not len(space.vectors):
        return [None] * len(space.vectors)
    sims = space.vectors @ np.asarray([g.centre for g in groups]).T
    best = np.argmax(sims, axis=1)
    return [int(b) if sims[i, b] >= MIN_MEMBER_SIMILARITY else None for i, b in enumerate(best)]
