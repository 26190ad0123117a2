"""The feedback as the offline HR themes read it: each record read once (its theme facets,
sentences and loose claims), in batches, and the records of each taxonomy theme collected."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from assistant.offline.discovered import Claim
from assistant.offline.lexicon import Theme, theme_for
from assistant.offline.sentences import facets, kind_polarity, prime, quotable, readings, sign
from assistant.offline.theme_counts import ThemeStats
from retrieval.types import ContextItem

# Records read per batch: well within the readings cache (assistant/offline/sentences.py).
CHUNK = 4096


@dataclass(frozen=True)
class Read:
    """One record as the themes need it, read once: its (theme, sign) facets, its sentences,
    the sentences that carry each of its themes, and whether its words may be repeated."""

    item: ContextItem
    facets: tuple[tuple[Theme, int], ...]
    sentences: tuple[str, ...]
    by_theme: dict[str, tuple[str, ...]]
    quotable: bool
    themes: tuple[str, ...] = ()  # each sentence's taxonomy key
    signs: tuple[int, ...] = ()  # each sentence's sign
    kind: int | None = None  # what the record's kind says (praise +1, an ask -1)
    loose: tuple[Claim, ...] = ()  # judged sentences that fit no taxonomy theme well

    def without(self, grouped: set[int]) -> tuple[tuple[Theme, int], ...]:
        """The facets left when the sentences ``grouped`` belong to discovered themes: a facet
        goes when every sentence that carries it does."""
        kept = []
        for theme, sign_ in self.facets:
            if self.kind is not None:
                support = {i for i, s in enumerate(self.signs) if s == self.kind}
            else:
                support = {
                    i
                    for i, (key, s) in enumerate(zip(self.themes, self.signs, strict=True))
                    if key == theme.key and s == sign_
                }
            if not support or not support <= grouped:
                kept.append((theme, sign_))
        return tuple(kept)


def read_all(items: Sequence[ContextItem]) -> list[Read]:
    """Every record read, in batches (the embedder is called once per batch)."""
    out: list[Read] = []
    for start in range(0, len(items), CHUNK):
        chunk = items[start : start + CHUNK]
        prime(chunk)
        for item in chunk:
            parts = readings(item.text)
            found = tuple(facets(item))
            keys = tuple(theme_for(r.theme).key for r in parts)
            signs = tuple(sign(r) for r in parts)
            ok = quotable(item)
            out.append(
                Read(
                    item=item,
                    facets=found,
                    sentences=tuple(r.text for r in parts) or (item.text,),
                    by_theme={t.key: _theme_sentences(item, t.key) for t, _ in found},
                    quotable=ok,
                    themes=keys,
                    signs=signs,
                    kind=kind_polarity(item),
                    loose=tuple(
                        Claim(item.citation, i, r.text, signs[i], item.subject_id)
                        for i, r in enumerate(parts)
                        if ok and signs[i] and (keys[i] == "general" or not r.cued)
                    ),
                )
            )
    return out


def collect(
    reads: Sequence[Read], grouped: dict[str, set[int]] | None = None
) -> dict[str, ThemeStats]:
    """Each taxonomy theme's records (one record counts once per theme, with its sign), less
    the claims ``grouped`` into discovered themes (citation -> sentence indices)."""
    out: dict[str, ThemeStats] = {}
    for read in reads:
        taken = (grouped or {}).get(read.item.citation)
        for theme, sign_ in read.without(taken) if taken else read.facets:
            stats = out.setdefault(theme.key, ThemeStats(theme.key, theme.label, theme))
            stats.add(read.item, sign_)
    return out


def _theme_sentences(item: ContextItem, key: str) -> tuple[str, ...]:
    """The sentences of ``item`` read as theme ``key``; failing that its judged sentences."""
    parts = readings(item.text)
    on_theme = [r.text for r in parts if theme_for(r.theme).key == key]
    return tuple(on_theme or [r.text for r in parts if sign(r)] or [item.text])
