"""Ranking metrics over citation lists, binary relevance (a record answers the query or not)."""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence

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


def ndcg_at(ranked: Sequence[str], relevant: Collection[str], k: int) -> float:
    dcg = sum(
        1.0 / math.log2(rank + 1)
        for rank, citation in enumerate(ranked[:k], start=1)
        if citation in relevant
    )
    ideal = sum(1.0 / math.log2(rank + 1) for rank in range(1, min(len(relevant), k) + 1))
    return dcg / ideal


def score(ranked: Sequence[str], relevant: Collection[str]) -> dict[str, float]:
    """All of :data:`METRICS` for one ranked list."""
    return {
        "recall@5": recall_at(ranked, relevant, 5),
        "recall@10": recall_at(ranked, relevant, 10),
        "mrr@10": mrr_at(ranked, relevant, 10),
        "ndcg@10": ndcg_at(ranked, relevant, 10),
    }
