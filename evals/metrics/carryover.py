"""1:1 carry-over: what the last check-in agreed to follow up reaches the next agenda."""

from __future__ import annotations

import re

from evals.metrics.base import Score, content_words
from evals.sample import Sample

# How a note says that something was agreed for later (the judge's own cues, not the drafter's).
AGREED = re.compile(
    r"\b(agreed|agree to|follow[- ]?up|revisit|next time|next 1:1|circle back|come back to|"
    r"check (back|in) on|by next week|to decide|will (send|share|check|look|talk|write|draft))\b",
    re.IGNORECASE,
)
OVERLAP = 0.5  # share of a follow-up's content words an item must repeat to carry it


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?;])\s+|\n+", text) if s.strip()]


def agreed_items(sample: Sample) -> tuple[str | None, list[str], set[str]]:
    """The last check-in in context, its follow-up sentences and its open action items."""
    notes = [
        c for c in sample.context
        if sample.records[c].record_type == "checkin" and ":" not in c
        and sample.records[c].date is not None
    ]  # fmt: skip
    if not notes:
        return None, [], set()
    last = max(notes, key=lambda c: (sample.records[c].date, c))
    day = sample.records[last].date
    follow_ups = [s for s in _sentences(sample.records[last].text) if AGREED.search(s)]
    actions = {
        c for c in sample.context
        if (ev := sample.records[c]).record_type == "action_item" and ev.date == day
        and ev.facts.get("status") == "open"
    }  # fmt: skip
    return last, follow_ups, actions


def _repeats(text: str, words: set[str]) -> bool:
    return bool(words) and len(words & content_words(text)) >= OVERLAP * len(words)


def carry_over(sample: Sample) -> Score:
    """Of what the last check-in in the drafter's context agreed — its sentences that say
    something was agreed or is to be followed up / revisited, and its open action items — the
    share the agenda carries forward. An action item is carried when cited; a follow-up
    sentence when an item citing the check-in or one of its action items repeats at least half
    of its content words, or when a cited action item does (it was written down). Agendas only,
    when the last check-in agreed anything.

    formula: |carried(follow-ups ∪ open action items of the last check-in)| / |that set|
    """
    if sample.case.task != "agenda" or sample.output is None:
        return Score.na()
    last, follow_ups, actions = agreed_items(sample)
    if last is None or not (follow_ups or actions):
        return Score.na()
    items = sample.items()
    cited = sample.cited()
    anchors = {last, *actions}
    written = [sample.records[c].text for c in cited if c in sample.records
               and sample.records[c].record_type == "action_item"]  # fmt: skip
    notes = [f"action item {c} of the last check-in not carried" for c in sorted(actions - cited)]
    for sentence in follow_ups:
        words = content_words(sentence)
        said = any(anchors & set(i.citations) and _repeats(i.text, words) for i in items)
        if not said and not any(_repeats(t, words) for t in written):
            notes.append(f"follow-up not carried: {sentence[:80]!r}")
    total = len(follow_ups) + len(actions)
    return Score.ratio(total - len(notes), total, notes)
