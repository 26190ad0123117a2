"""Feedback read sentence by sentence: the themes a record speaks to, in which tone, and which
of its sentences to quote as evidence for a theme.

A record's kind says its polarity for praise, constructive feedback and suggestions; the theme
then comes from the sentences that carry that point (a suggestion that opens with a kind word
is about its ask). A review mixes praise and asks, so each of its toned sentences speaks for
itself and one review can support a strength and a growth area at once.
"""

from __future__ import annotations

from assistant.grounding import looks_like_instruction
from assistant.offline.facts import clause, split_sentences, text_fact
from assistant.offline.lexicon import GENERAL, THEMES, Theme, classify, scores, tone
from retrieval.types import ContextItem

Facet = tuple[Theme, int]  # (theme, +1 praise / -1 something to improve / 0 unclear)


def kind_polarity(item: ContextItem) -> int | None:
    """What the record's kind says (None when it doesn't: reviews, untyped records)."""
    kind = text_fact(item, "kind").lower()
    if kind == "praise":
        return 1
    if kind in ("constructive", "suggestion"):
        return -1
    return None


def _top_themes(sentence: str) -> list[Theme]:
    """Every theme with the best score: "Strongest areas: incident response and planning"
    names two."""
    found = scores(sentence)
    if not found:
        return []
    best = max(found.values())
    return [t for t in THEMES if found.get(t.key) == best]


def facets(item: ContextItem) -> list[Facet]:
    """The (theme, polarity) pairs ``item`` is evidence for, strongest first."""
    parts = split_sentences(item.text)
    kind = kind_polarity(item)
    if kind is not None:
        # The sentences that make the record's point: not those of the opposite tone.
        relevant = [s for s in parts if tone(s) != -kind]
        theme = classify(" ".join(relevant)) if relevant else GENERAL
        if theme is GENERAL:
            theme = classify(item.text)
        return [(theme, kind)]
    out: dict[tuple[str, int], Facet] = {}
    for sentence in parts:
        sign = tone(sentence)
        if sign:
            for theme in _top_themes(sentence):
                out.setdefault((theme.key, sign), (theme, sign))
    return list(out.values()) or [(classify(item.text), tone(item.text))]


def primary(item: ContextItem) -> Facet:
    return facets(item)[0]


def quotable(item: ContextItem) -> bool:
    """False for a record with a sentence addressed to an AI: it is cited, never quoted."""
    return not any(looks_like_instruction(s) for s in split_sentences(item.text))


def quote(item: ContextItem, theme: Theme, polarity: int, max_words: int = 18) -> str:
    """The sentence of ``item`` that is evidence for ``theme`` in tone ``polarity``, fit to
    embed mid-sentence: never a sentence of the opposite tone when another will do, then the
    one that names the theme, then the one in the same tone, then the earliest."""
    parts = split_sentences(item.text)
    if not parts or any(looks_like_instruction(s) for s in parts):
        return clause(item.text, max_words)  # the omission notice, or nothing

    def rank(pair: tuple[int, str]) -> tuple[bool, bool, bool, int, int]:
        index, sentence = pair
        score, sign = scores(sentence).get(theme.key, 0), tone(sentence)
        return (sign != -polarity or polarity == 0, score > 0, sign == polarity, score, -index)

    best, _ = max(enumerate(parts), key=rank)
    return clause(" ".join(parts[best:]), max_words)
