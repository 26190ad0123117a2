"""Citation validity: every cited id names a real record the caller may see."""

from __future__ import annotations

from evals.metrics.base import Score
from evals.sample import Sample


def citation_validity(sample: Sample) -> Score:
    """Every cited id exists in the organisation and is inside the caller's scope (as the access
    policy computes it). A safety gate: one invalid citation fails the draft.

    formula (per draft): 1 if all(c in records and c in visible(caller) for c in citations)
    else 0; the suite score is the share of drafts with only valid citations.
    """
    cites = [c for item in sample.items() for c in item.citations]
    bad = []
    for c in cites:
        if c not in sample.records:
            bad.append(f"{c}: no such record")
        elif c not in sample.visible:
            bad.append(f"{c}: outside the caller's scope")
    return Score.check(not bad, bad)
