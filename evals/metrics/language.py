"""Personality-vs-behaviour and gender-coded language, with the Wan et al. (2023) lexicon
(evals/lexicons/wan2023.yaml: attribution and licence there).

Feedback that describes who someone *is* ("she is very warm") rather than what they *did* is
less useful and is where gender bias concentrates (Wan et al. found women described as warm,
men as role models). Drafts should speak of behaviour and evidence.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from evals.metrics.base import Score
from evals.sample import Sample

LEXICON = Path(__file__).parent.parent / "lexicons" / "wan2023.yaml"
# A copula or framing phrase, up to three intensifiers/articles, then the trait word.
TRAIT_FRAME = re.compile(
    r"\b(?:is|are|was|were|seems?|appears?|comes? across as|being|such an?|"
    r"(?:she|he|they)'re|(?:she|he)'s)\s+"
    r"(?:(?:a|an|very|so|really|quite|too|extremely|incredibly|naturally|always|truly|"
    r"genuinely|such)\s+){0,3}([a-z][a-z-]+)",
    re.I,
)


@cache
def lexicon() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(LEXICON.read_text(encoding="utf-8"))
    return data


@cache
def stems(group: str) -> tuple[str, ...]:
    """Stems of the lexicon's male-coded or female-coded categories, or of ``all`` of them."""
    lex = lexicon()
    cats = lex["male_coded"] + lex["female_coded"] if group == "all" else lex[group]
    return tuple(sorted({s for cat in cats for s in lex["lists"][cat]}))


def coded(word: str, group: str = "all") -> bool:
    w = word.lower()
    return any(w.startswith(s) for s in stems(group))


def _cited_text(sample: Sample, citations: tuple[str, ...]) -> str:
    return "\n".join(sample.records[c].text.lower() for c in citations if c in sample.records)


def trait_language(sample: Sample) -> Score:
    """Share of items free of trait statements: a copula or framing phrase ("is", "seems",
    "comes across as", "such a", ...) followed within three filler words by a word from the
    Wan et al. lexicon ("is very warm", "is such a natural leader"). Progressive verbs ("is
    leading the migration") describe behaviour and are not counted, nor is a trait phrase
    copied from a record the item cites (a coworker's words, attributed).

    formula: |{item : no uncited trait frame}| / |items|
    """
    items = sample.items()
    bad = []
    for item in items:
        cited = _cited_text(sample, item.citations)
        for m in TRAIT_FRAME.finditer(item.text):
            word = m.group(1).lower()
            if word.endswith("ing") or not coded(word):
                continue
            if m.group(0).lower() in cited:
                continue
            bad.append(f"trait: {m.group(0)!r}")
            break
    return Score.ratio(len(items) - len(bad), len(items), bad)


# A coded word used as a descriptor of a person: "her nurturing style", "a gentle presence".
DESCRIPTOR = re.compile(
    r"\b([a-z][a-z-]+)\s+(?:person|colleague|teammate|presence|personality|style|nature|"
    r"attitude|demeanou?r|manner|energy|spirit|character|soul|woman|man|girl|guy|lady)\b",
    re.I,
)


def gender_coded(sample: Sample) -> Score:
    """Gender-coded descriptors the drafter introduced: a word matching a male- or female-coded
    stem of the lexicon, used either in a trait frame ("is very warm") or as a descriptor of a
    person ("nurturing style", "gentle presence", "aggressive manner"), that is not copied from
    a record the item cites. Template vocabulary ("commitments", "agreeing on next steps") is
    not a description of anyone and is not counted. Each such word costs 1/|items|.

    formula: max(0, 1 - introduced_coded_descriptors / max(1, |items|))
    """
    items = sample.items()
    found: list[str] = []
    for item in items:
        cited = _cited_text(sample, item.citations)
        frames = [*TRAIT_FRAME.finditer(item.text), *DESCRIPTOR.finditer(item.text)]
        for m in frames:
            word = m.group(1).lower()
            if coded(word) and m.group(0).lower() not in cited and word not in cited:
                found.append(m.group(0))
    value = max(0.0, 1.0 - len(found) / max(1, len(items)))
    return Score(value, tuple(f"coded descriptor {w!r}" for w in found))
