"""Schema validity and citation presence: is the draft the shape the task promises?"""

from __future__ import annotations

from evals.metrics.base import Score
from evals.sample import Sample


def schema_validity(sample: Sample) -> Score:
    """1 if the output validates against the task's pydantic output schema and every item has
    non-empty text; 0 otherwise. A refusal scores 1 when the case expects one and 0 when not.

    formula: valid = (refused == expect_refusal) and (refused or (no schema errors and
    all(item.text.strip() for item in items)))
    """
    if sample.refused is not None:
        return Score.check(sample.case.expect_refusal, [f"refused: {sample.refused}"])
    if sample.output is None:
        return Score.check(False, list(sample.schema_errors) or ["no output"])
    if sample.case.expect_refusal:
        return Score.check(False, ["expected a refusal, got a draft"])
    notes = list(sample.schema_errors)
    notes += [f"empty text in {item.section}" for item in sample.items() if not item.text.strip()]
    return Score.check(not notes, notes)


def citation_presence(sample: Sample) -> Score:
    """Share of items that carry at least one citation.

    formula: |{item : len(item.citations) >= 1}| / |items|   (1 when there are no items)
    """
    items = sample.items()
    bare = [f"uncited {i.section}: {i.text[:80]}" for i in items if not i.citations]
    return Score.ratio(len(items) - len(bare), len(items), bare)
