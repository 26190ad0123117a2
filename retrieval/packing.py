"""Context for a prompt, packed to a token budget.

Items go in by priority (smaller first), then newest first; near-duplicates (the same text pasted
into two records) are dropped; each item becomes one delimited, id-labelled data block:

    <record id="F12" type="feedback" date="2026-10-02" trust="untrusted">
    about: Feedback (praise) from Priya Raman, 2026-10-02
    facts: kind=praise; giver=Priya Raman
    text:
    ...
    </record>

Everything inside a block is escaped (``&``, ``<``, ``>``), so text a coworker wrote can neither
close its own block nor open one that claims another record's id; the attributes are built only
from validated ids, types and dates, never from free text. The budget is checked on the exact
token count of the final text, never on an estimate.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from retrieval.tokens import count_tokens, encoding_for_model
from retrieval.types import ContextItem

__all__ = ["DUPLICATE_JACCARD", "Packed", "by_record_type", "pack", "render_record"]

DUPLICATE_JACCARD = 0.8
_SEPARATOR = "\n"
_ID = re.compile(r"^[A-Z]\d+(:private)?$")
_TYPE = re.compile(r"^[a-z_]{1,30}$")
_WORD = re.compile(r"\w+")

Priority = Callable[[ContextItem], float]


@dataclass(frozen=True)
class Packed:
    items: tuple[ContextItem, ...]  # what went in, in prompt order
    text: str
    tokens: int
    dropped_citations: tuple[str, ...]  # cited by no packed item (over budget or duplicate)
    duplicates: dict[str, str] = field(default_factory=dict)  # dropped → the kept item it repeats


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def render_record(item: ContextItem) -> str:
    """One item as a delimited data block (see the module docstring)."""
    if not _ID.match(item.citation):
        raise ValueError(f"not a citation id: {item.citation!r}")
    if not _TYPE.match(item.record_type):
        raise ValueError(f"not a record type: {item.record_type!r}")
    attrs = f'id="{item.citation}" type="{item.record_type}"'
    if item.date is not None:
        attrs += f' date="{item.date.isoformat()}"'
    attrs += f' trust="{"untrusted" if item.untrusted else "own"}"'
    lines = [f"<record {attrs}>", "about: " + _escape(" ".join(item.label.split()))]
    facts = "; ".join(
        f"{_escape(k)}={_escape(' '.join(str(v).split()))}"
        for k, v in item.facts.items()
        if v is not None and v != ""
    )
    if facts:
        lines.append(f"facts: {facts}")
    lines += ["text:", _escape(item.text.strip()), "</record>"]
    return "\n".join(lines)


def _shingles(text: str) -> frozenset[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    if len(words) < 3:
        return frozenset([tuple(words)]) if words else frozenset()
    return frozenset(zip(words, words[1:], words[2:], strict=False))


def _similar(a: frozenset[tuple[str, ...]], b: frozenset[tuple[str, ...]], at_least: float) -> bool:
    """Jaccard(a, b) >= at_least, skipping the set work when the sizes alone rule it out."""
    if not a or not b or min(len(a), len(b)) < at_least * max(len(a), len(b)):
        return False
    shared = len(a & b)
    return shared >= at_least * (len(a) + len(b) - shared)


def by_record_type(order: Sequence[str]) -> Priority:
    """A priority that packs record types in the given order (others last)."""
    rank = {rtype: i for i, rtype in enumerate(order)}
    return lambda item: float(rank.get(item.record_type, len(rank)))


def pack(
    items: Iterable[ContextItem],
    budget_tokens: int,
    *,
    priority: Priority | None = None,
    model: str | None = None,
    duplicate_jaccard: float = DUPLICATE_JACCARD,
) -> Packed:
    """Pack ``items`` into at most ``budget_tokens`` tokens (counted for ``model``'s encoding).

    ``priority(item)`` → smaller goes first (default: all equal); ties go newest first, then by
    retrieval score. An item that does not fit is skipped and smaller ones after it may still
    go in.
    """
    if budget_tokens < 0:
        raise ValueError("budget_tokens must be >= 0")
    pool = list(items)
    rank = priority or (lambda _item: 0.0)
    ordered = sorted(
        pool,
        key=lambda i: (rank(i), -(i.date or dt.date.min).toordinal(), -i.score, i.citation),
    )
    encoding = encoding_for_model(model)
    kept: list[ContextItem] = []
    kept_shingles: list[tuple[str, frozenset[tuple[str, ...]]]] = []
    duplicates: dict[str, str] = {}
    blocks: list[str] = []
    tokens = 0
    for item in ordered:
        shingles = _shingles(item.text)
        twin = next((c for c, s in kept_shingles if _similar(shingles, s, duplicate_jaccard)), None)
        if twin is not None and twin != item.citation:
            duplicates.setdefault(item.citation, twin)
            continue
        block = render_record(item)
        block_tokens = count_tokens(block, encoding)
        # Tokens this block adds, counted at its junction with the previous block: BPE
        # pre-tokenisation is local, so this is exact; the total is re-checked below anyway.
        if blocks:
            joint = count_tokens(blocks[-1] + _SEPARATOR + block, encoding)
            added = joint - count_tokens(blocks[-1], encoding)
        else:
            added = block_tokens
        if tokens + added > budget_tokens:
            continue
        blocks.append(block)
        tokens += added
        kept.append(item)
        if shingles:
            kept_shingles.append((item.citation, shingles))
    text = _SEPARATOR.join(blocks)
    tokens = count_tokens(text, encoding)
    while tokens > budget_tokens:  # never expected; the budget is a promise, so make sure
        blocks.pop()
        kept.pop()
        text = _SEPARATOR.join(blocks)
        tokens = count_tokens(text, encoding)
    kept_citations = {i.citation for i in kept}
    dropped = tuple(dict.fromkeys(i.citation for i in pool if i.citation not in kept_citations))
    return Packed(
        items=tuple(kept),
        text=text,
        tokens=tokens,
        dropped_citations=dropped,
        duplicates={k: v for k, v in duplicates.items() if k in dropped},
    )
