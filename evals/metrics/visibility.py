"""Visibility marking: an item resting on a manager-only or private record says so, so the
rest of the draft can be shared with the person it is about."""

from __future__ import annotations

from typing import Any

from evals.metrics.base import Score, shingles
from evals.sample import Sample

RANK = {"shared": 0, "manager_only": 1, "private": 2}
ECHO = 4  # words in a row repeated from private notes (and not their shared part) = quoting them


def required(sample: Sample, text: str, citations: tuple[str, ...]) -> str:
    """The most restricted visibility among what an item rests on: a cited manager-only or
    private feedback, or a check-in whose private notes the item repeats (a check-in is cited by
    one id for its shared and its private part)."""
    need = "shared"
    said = shingles(text, ECHO)
    for c in citations:
        ev = sample.records.get(c)
        if ev is None:
            continue
        level = ev.visibility if ev.record_type == "feedback" else "shared"
        private = sample.records.get(f"{c}:private")
        quotes_private = (
            ev.record_type == "checkin" and private is not None
            and f"{c}:private" in sample.visible
            and said & (shingles(private.text, ECHO) - shingles(ev.text, ECHO))
        )  # fmt: skip
        if quotes_private:
            level = "private"
        if RANK.get(level, 0) > RANK[need]:
            need = level
    return need


def visibility_marking(sample: Sample) -> Score:
    """Every item that rests on a manager-only or private record carries a visibility at least
    that restricted ("manager_only" or "private", which the renderers show as a marker such as
    "[Private]"). An item rests on a record when it cites a manager-only / private feedback, or
    cites a check-in and repeats 4 words in a row from its private notes that its shared notes
    do not hold. Applies to drafts with at least one such item.

    formula: |{restricted items whose visibility rank ≥ the rank required}| / |restricted items|
    """
    if sample.output is None:
        return Score.na()
    notes: list[str] = []
    total = 0
    for node in _item_dicts(sample.output):
        need = required(sample, _text(node), tuple(str(c) for c in node["citations"]))
        if need == "shared":
            continue
        total += 1
        marked = str(node.get("visibility", "shared"))
        if RANK.get(marked, 0) < RANK[need]:
            notes.append(f"{need} item marked {marked}: {str(node['text'])[:70]!r}")
    if total == 0:
        return Score.na()
    return Score.ratio(total - len(notes), total, notes)


def _text(node: dict[str, Any]) -> str:
    return " ".join(str(v) for k, v in node.items() if isinstance(v, str) and k != "visibility")


def _item_dicts(node: object) -> list[dict[str, Any]]:
    if isinstance(node, dict):
        if isinstance(node.get("text"), str) and isinstance(node.get("citations"), list):
            return [node]
        return [d for v in node.values() for d in _item_dicts(v)]
    if isinstance(node, list):
        return [d for v in node for d in _item_dicts(v)]
    return []
