"""Template ratio: how much of a draft would read the same about anybody else."""

from __future__ import annotations

import re
from typing import Any

from evals.metrics.base import Score
from evals.sample import Person, Sample, iter_items, strip_citations

WINDOW = 5  # words in a row that, the same in another person's draft, make text a template
NAME = "‹name›"
NUMBER = "‹n›"


def masked_words(output: dict[str, Any] | None, people: tuple[Person, ...]) -> list[str]:
    """A draft's item text as lower-cased words with everyone's names and every number masked
    (a line that differs only by the name or the figure is the same line)."""
    text = "\n".join(strip_citations(i.text) for i in iter_items(output))
    names = sorted({p.name for p in people} | {p.first_name for p in people}, key=len, reverse=True)
    if names:
        pattern = r"(?<!\w)(" + "|".join(re.escape(n) for n in names) + r")(?:'s)?(?!\w)"
        text = re.sub(pattern, f" {NAME} ", text)
    words = [w.lower() for w in re.findall(r"[\w‹›'-]+", text)]
    return [NUMBER if any(ch.isdigit() for ch in w) else w for w in words]


def _windows(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + WINDOW]) for i in range(len(words) - WINDOW + 1)}


def template_ratio(words: list[str], peers: list[list[str]]) -> float:
    """Share of ``words`` inside a WINDOW-word run that also occurs in some peer's words."""
    if len(words) < WINDOW:
        return 0.0
    shared: set[tuple[str, ...]] = set()
    for peer in peers:
        shared |= _windows(peer)
    covered = [False] * len(words)
    for i in range(len(words) - WINDOW + 1):
        if tuple(words[i : i + WINDOW]) in shared:
            covered[i : i + WINDOW] = [True] * WINDOW
    return sum(covered) / len(words)


def template_free(sample: Sample) -> Score:
    """1 − template ratio. The template ratio of a draft is the share of its words (names of
    everyone in the organisation and all numbers masked, citations removed) that lie in a run
    of 5 words which also occurs in the same task's draft for a different person in the same
    run. Applies when the run holds drafts of the task for other people (the runner hands them
    over as ``peers``).

    formula: 1 − |{word positions covered by a 5-word run found in a peer draft}| / |words|
    """
    if sample.output is None or not sample.peers:
        return Score.na()
    words = masked_words(sample.output, sample.people)
    if not words:
        return Score.na()
    peers = [masked_words(p, sample.people) for p in sample.peers]
    ratio = template_ratio(words, peers)
    return Score(1.0 - ratio, (f"template ratio {ratio:.2f} against {len(peers)} other people",))
