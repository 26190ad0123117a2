"""Feedback read sentence by sentence through the analysis stage: the theme and sign each record
is evidence for, and which of its sentences to quote for a theme.

A record's kind says its polarity for praise, constructive feedback and suggestions; its theme
then comes from the sentences that make that point (a suggestion that opens with a kind word is
about its ask), read together as one claim. A review mixes praise and asks, so each of its judged
sentences is a claim of its own: one theme per claim, and one review can support a strength and
a growth area at once.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TypeVar

from assistant.analysis.frames import claim_start
from assistant.analysis.reading import (
    SentenceReading,
    default_theme_reader,
    read_feedback,
    read_many,
)
from assistant.grounding import looks_like_instruction
from assistant.offline.facts import clause
from assistant.offline.lexicon import Theme, theme_for
from assistant.record_facts import FeedbackFacts, facts_of
from retrieval.types import ContextItem

Facet = tuple[Theme, int]  # (theme, +1 praise / -1 something to improve / 0 unclear)
_SIGN = {"strength": 1, "growth": -1, "neutral": 0}
_T = TypeVar("_T")


def kind_polarity(item: ContextItem) -> int | None:
    """What the record's kind says (None when it doesn't: reviews, untyped records)."""
    kind = facts_of(item, FeedbackFacts).get("kind") if item.record_type == "feedback" else None
    if kind == "praise":
        return 1
    if kind in ("constructive", "suggestion"):
        return -1
    return None


# Readings by text, claim themes by claim and whether a text may be quoted: each read once.
# Bounded: when full it starts over (a request reads its records together, see prime()); large
# enough for HR themes over a few thousand people (about 25 feedback records each) in one go.
# Dropped whenever the data changes (assistant/reading_store.py), so an erased record's reading
# does not outlive its erasure here.
_CACHE_SIZE = 250_000
_READINGS: dict[str, tuple[SentenceReading, ...]] = {}
_CLAIM_THEMES: dict[str, str] = {}
_QUOTABLE: dict[str, bool] = {}


def _remember(cache: dict[str, _T], key: str, value: _T) -> _T:
    if len(cache) >= _CACHE_SIZE:
        cache.clear()
    cache[key] = value
    return value


def readings(text: str) -> tuple[SentenceReading, ...]:
    """The analysis stage's reading of each sentence of ``text``."""
    found = _READINGS.get(text)
    if found is None:
        found = _remember(_READINGS, text, tuple(read_feedback(text)))
    return found


def prime(items: Sequence[ContextItem]) -> None:
    """Read ``items`` in batches (the embedder once per batch, not once per record): facets(),
    quote() and readings() of them are then lookups (while the cache holds them: prime at most
    a few thousand records at a time and use them before priming more)."""
    texts = list(dict.fromkeys(i.text for i in items if i.text not in _READINGS))
    for text, read in zip(texts, read_many(texts), strict=True):
        _remember(_READINGS, text, tuple(read))
    claims = [_claim_text(i, kind) for i in items if (kind := kind_polarity(i)) is not None]
    fresh = list(dict.fromkeys(c for c in claims if c not in _CLAIM_THEMES))
    for claim, guess in zip(fresh, default_theme_reader().read(fresh), strict=True):
        _remember(_CLAIM_THEMES, claim, guess.theme)


def forget() -> None:
    """Drop every reading held in this process."""
    _READINGS.clear()
    _CLAIM_THEMES.clear()
    _QUOTABLE.clear()


def known(item: ContextItem) -> bool:
    """Whether ``item`` is read already (a lookup for readings(), facets() and quotable())."""
    if item.text not in _READINGS or item.text not in _QUOTABLE:
        return False
    kind = kind_polarity(item)
    return kind is None or _claim_text(item, kind) in _CLAIM_THEMES


def claim_theme(item: ContextItem) -> str | None:
    """The theme of a typed record's claim (None for a review), as facets() reads it."""
    kind = kind_polarity(item)
    return None if kind is None else _claim_theme(_claim_text(item, kind))


def remember(
    item: ContextItem, parts: tuple[SentenceReading, ...], theme: str | None, ok: bool
) -> None:
    """Take ``item``'s reading as read elsewhere (its stored analysis): what prime() and
    quotable() would have found, and claim_theme() returns."""
    _remember(_READINGS, item.text, parts)
    _remember(_QUOTABLE, item.text, ok)
    kind = kind_polarity(item)
    if kind is not None and theme is not None:
        _remember(_CLAIM_THEMES, _claim_text(item, kind), theme)


def sign(reading: SentenceReading) -> int:
    return _SIGN[reading.polarity]


def _claim_theme(text: str) -> str:
    found = _CLAIM_THEMES.get(text)
    if found is None:
        (guess,) = default_theme_reader().read([text])
        found = _remember(_CLAIM_THEMES, text, guess.theme)
    return found


def _claim_text(item: ContextItem, kind: int) -> str:
    """The sentences that make a typed record's point, strongest first, as one claim; not
    those of the opposite tone (the kind opening of a suggestion)."""
    parts = _about_subject(readings(item.text))
    relevant = sorted(
        (r for r in parts if sign(r) != -kind),
        key=lambda r: (sign(r) == kind, r.confidence),
        reverse=True,
    )
    claims = [r.claim for r in relevant if sign(r) == kind] or [r.claim for r in relevant]
    return " ".join(claims) if claims else item.text


def _about_subject(parts: Sequence[SentenceReading]) -> Sequence[SentenceReading]:
    """The sentences about the record's subject, when any are: a sentence about someone else
    is the context of the claim, not evidence of a theme."""
    mine = [r for r in parts if not r.about_other]
    return mine or parts


def facets(item: ContextItem) -> list[Facet]:
    """The (theme, polarity) pairs ``item`` is evidence for, strongest first: one per claim."""
    parts = readings(item.text)
    if not parts:
        return [(theme_for("other"), kind_polarity(item) or 0)]
    kind = kind_polarity(item)
    if kind is not None:
        return [(theme_for(_claim_theme(_claim_text(item, kind))), kind)]
    out: dict[tuple[str, int], Facet] = {}
    judged = sorted(
        (r for r in _about_subject(parts) if sign(r)), key=lambda r: r.confidence, reverse=True
    )
    for reading in judged:
        theme = theme_for(reading.theme)
        out.setdefault((theme.key, sign(reading)), (theme, sign(reading)))
    if out:
        return list(out.values())
    first = parts[0]
    return [(theme_for(first.theme), 0)]


def primary(item: ContextItem) -> Facet:
    return facets(item)[0]


def quotable(item: ContextItem) -> bool:
    """False for a record with a sentence addressed to an AI: it is cited, never quoted."""
    found = _QUOTABLE.get(item.text)
    if found is None:
        ok = not any(looks_like_instruction(r.text) for r in readings(item.text))
        found = _remember(_QUOTABLE, item.text, ok)
    return found


def quote(item: ContextItem, theme: Theme, polarity: int, max_words: int = 18) -> str:
    """The sentence of ``item`` that is evidence for ``theme`` in tone ``polarity`` (see
    :func:`evidence`), fit to embed mid-sentence."""
    best = evidence(item, theme, polarity)
    if best is None:
        return clause(item.text, max_words)  # the omission notice, or nothing
    # From where its claim starts: an opening hedge would take the quote's words.
    start = best.span[0] + claim_start(item.text[best.span[0] : best.span[1]])
    return clause(
        item.text[start + _lead_in(item.text[start : best.span[1]], max_words) :], max_words
    )


# A lead-in that names the topic before a colon ("Next cycle I'd like the focus on collaboration,
# starting with one thing: let others finish…"): cut to fit, the quote held the lead-in and lost
# the point, so a sentence too long to quote whole is quoted from after its last colon.
_LEAD_IN = re.compile(r":\s+(?=\S+(?:\s+\S+){2,}\s*$)")


def _lead_in(sentence: str, max_words: int) -> int:
    """Where to start quoting ``sentence`` so that its point fits ``max_words``: after a lead-in
    ending in a colon when the whole sentence does not fit, else 0."""
    if len(sentence.split()) <= max_words:
        return 0
    found = [m.end() for m in _LEAD_IN.finditer(sentence)]
    return found[-1] if found else 0


_YOU = re.compile(r"(?<![\w-])(?:you|your|you've|you'd|you're)(?![\w-])", re.I)


def _acts(item: ContextItem, reading: SentenceReading) -> bool:
    """Whether the sentence tells what the subject did: it addresses them ("you ran the sizing")
    or names them ("Hannah helped Renata…"). An outcome on its own ("It unblocked 9 people that
    week", "The deal closed 15% above the first quote") or a verdict ("All in all, no worries
    here") says nothing a manager can thank or coach without its act."""
    if _YOU.search(reading.text):
        return True
    receiver = (
        facts_of(item, FeedbackFacts).get("receiver") if item.record_type == "feedback" else None
    )
    first = (receiver or "").split(" ")[0]
    return (
        bool(first)
        and re.search(rf"(?<![\w-]){re.escape(first)}(?![\w-])", reading.text) is not None
    )


def evidence(item: ContextItem, theme: Theme, polarity: int) -> SentenceReading | None:
    """The reading of the sentence of ``item`` that is evidence for ``theme`` in tone
    ``polarity``: never a sentence of the opposite tone when another will do; for praise, one
    that tells what the subject did (on the theme first) before an outcome or a verdict; then
    the one read as this theme in this tone, then the one in the same tone, then on the theme;
    for something to improve the ask, the later the better; then one whose theme rests on its
    own words, the most confident, the earliest. None when ``item`` may not be quoted or has no
    sentences."""
    parts = readings(item.text)
    if not parts or not quotable(item):
        return None

    def rank(
        pair: tuple[int, SentenceReading],
    ) -> tuple[bool, bool, bool, bool, bool, bool, bool, bool, bool, int, bool, float, int]:
        index, reading = pair
        on_theme = theme_for(reading.theme).key == theme.key
        same = sign(reading) == polarity
        # Praise is thanked for an act; for something to improve the ask is what to quote.
        acts = polarity > 0 and _acts(item, reading)
        return (
            sign(reading) != -polarity or polarity == 0,
            not reading.about_other,
            same and on_theme and acts,
            # What the subject did, in the right tone, beats an outcome or a verdict on the
            # theme's words ("We'd still be going round in circles without it").
            same and acts,
            # A sentence that makes the point in the right tone beats one on the theme's words
            # that judges nothing ("we tried something similar and it helped").
            same and on_theme,
            same,
            acts,
            on_theme,
            # For something to improve, the ask is what to start from, not the story of the lapse.
            polarity < 0 and reading.ask,
            # Criticism is told situation, impact, then request: of two asks, the later one is
            # the request ("could see" in the story of the lapse reads as an ask too).
            index if polarity < 0 else 0,
            # A sentence whose theme rests on its own words, not one leaning on the sentence
            # before ("Really grateful for it this Wednesday").
            reading.cued,
            reading.confidence,
            -index,
        )

    _, best = max(enumerate(parts), key=rank)
    return best
