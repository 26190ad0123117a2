"""Self-consistency: a summary does not hold one record or theme up as a strength and as a
growth area, unless it says how things changed."""

from __future__ import annotations

import re
from typing import Any

from evals.metrics.base import Score
from evals.sample import Sample

# How a draft says that a theme moved between the two sides over the period.
CHANGE = re.compile(
    r"\b(earlier|more recent(ly)?|later in the period|changed|improv\w*|no longer|used to|"
    r"the other way|has since|over the period|shifted|turned)\b",
    re.IGNORECASE,
)
QUOTE = re.compile(r"[“\"]([^”\"]{12,}?)(?:…)?[”\"]")


def _side(output: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = output.get(key)
    return [i for i in value if isinstance(i, dict)] if isinstance(value, list) else []


def _quoted(items: list[dict[str, Any]], record: str, text: str) -> set[str]:
    """Quotes (lower-cased) from ``record`` (whose text is ``text``) in the items citing it."""
    found = {
        q.strip().lower()
        for i in items if record in i.get("citations", [])
        for q in QUOTE.findall(str(i.get("text", "")))
    }  # fmt: skip
    return {q for q in found if q in text.lower()}


def self_consistency(sample: Sample) -> Score:
    """In a summary, every record and every theme name appears on one side only — strengths or
    growth areas — unless an item holding it says how it changed (earlier / more recently /
    improved / no longer ...). A record cited on both sides is also fine when each side quotes
    a different part of it (a mixed piece of feedback: one claim each way) and no quote is on
    both sides. Applies to summaries with items on both sides. Themes and records are scored
    apart and the lower counts, so one theme filed both ways is not diluted by the many records
    a summary cites.

    formula: min(1 − |{items whose theme is on both sides, no stated change}| / |{items}|,
    1 − |{records on both sides, no stated change}| / |{records cited}|)
    """
    if sample.case.task != "summary" or sample.output is None:
        return Score.na()
    strengths = _side(sample.output, "strengths")
    growth = _side(sample.output, "growth_areas")
    if not strengths or not growth:
        return Score.na()

    def changed(items: list[dict[str, Any]]) -> bool:
        return any(CHANGE.search(str(i.get("text", ""))) for i in items)

    def theme(i: dict[str, Any]) -> str:
        return str(i.get("theme", "")).strip().lower()

    notes: list[str] = []
    contradicting = 0
    for name in {theme(i) for i in strengths + growth if theme(i)}:
        both = [i for i in strengths + growth if theme(i) == name]
        on_both = any(i in strengths for i in both) and any(i in growth for i in both)
        if on_both and not changed(both):
            notes.append(f"theme {name!r} is a strength and a growth area")
            contradicting += len(both)
    cited = {c: ([i for i in strengths if c in i.get("citations", [])],
                 [i for i in growth if c in i.get("citations", [])])
             for i in strengths + growth for c in i.get("citations", [])}  # fmt: skip
    theme_notes = len(notes)
    for record, (good, bad) in sorted(cited.items()):
        if not good or not bad or changed(good + bad):
            continue
        text = sample.records[record].text if record in sample.records else ""
        praised, criticised = _quoted(strengths, record, text), _quoted(growth, record, text)
        if praised and criticised and not praised & criticised:
            continue  # one claim each way
        notes.append(f"{record} is cited as a strength and as a growth area")
    by_theme = 1.0 - contradicting / len(strengths + growth)
    by_record = 1.0 - (len(notes) - theme_notes) / len(cited) if cited else 1.0
    return Score(min(by_theme, by_record), tuple(notes))
