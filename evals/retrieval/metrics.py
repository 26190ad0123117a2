"""Ranking metrics over citation lists. Relevance is binary (a record answers the query or not)
unless grades are given: the wild set (wild_queries.yaml) grades 2 for a record that answers and
1 for a related one, and nDCG then uses the grade as the gain; recall counts every graded record
and MRR the first record graded 2."""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence

__all__ = ["METRICS", "mrr_at", "ndcg_at", "recall_at", "score"]

METRICS = ("recall@5", "recall@10", "mrr@10", "ndcg@10")


def recall_at(ranked: Sequence[str], relevant: Collection[str], k: int) -> float:
    """Share of the relevant records found in the first ``k`` (standard definition: a query with
    more than ``k`` relevant records cannot reach 1.0; the query set keeps those rare)."""
    if not relevant:
        raise ValueError("a query without relevant records cannot be scored")
    return len(set(ranked[:k]) & set(relevant)) / len(relevant)


def mrr_at(ranked: Sequence[str], relevant: Collection[str], k: int) -> float:
    for rank, citation in enumerate(ranked[:k], start=1):
        if citation in relevant:
            return 1.0 / rank
    return 0.0


def ndcg_at(ranked: Sequence[str], relevant: Collection[str] | Mapping[str, int], k: int) -> float:
    """nDCG with the grade as gain when ``relevant`` maps citations to grades, else gain 1."""
    gains = dict(relevant) if isinstance(relevant, Mapping) else dict.fromkeys(relevant, 1)
    dcg = sum(
        gains.get(citation, 0) / math.log2(rank + 1)
        for rank, citation in enumerate(ranked[:k], start=1)
    )
    best = sorted(gains.values(), reverse=True)[:k]
    ideal = sum(g / math.log2(rank + 1) for rank, g in enumerate(best, start=1))
    return dcg / ideal


def score(ranked: Sequence[str], relevant: Collection[str] | Mapping[str, int]) -> dict[str, float]:
    """All of :data:`METRICS` for one ranked list (graded when ``relevant`` is a mapping)."""
    answers = (
        {c for c, g in relevant.items() if g == max(relevant.values())}
        if isinstance(relevant, Mapping)
        else relevant
    )
    return {
        "recall@5": recall_at(ranked, relevant, 5),
        "recall@10": recall_at(ranked, relevant, 10),
        "mrr@10": mrr_at(ranked, answers, 10),
        "ndcg@10": ndcg_at(ranked, relevant, 10),
    }
