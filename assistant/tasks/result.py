"""What every task returns, to the CLI, the API and the evals alike."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


class DroppedItem(BaseModel):
    item: str  # "goals_at_risk[1]: <text>"
    reason: str


class TaskResult(BaseModel):
    draft_id: int
    task: str
    output: dict[str, Any]
    dropped: list[DroppedItem]
    degraded: str | None  # why the offline drafter answered instead of the model, if it did
    provider: str
    model: str
    prompt_version: str
    cached: bool
    tokens_in: int
    tokens_out: int
    latency_ms: int
    # Tokens of the packed records (the prompt's data part) and the records that did not fit
    # the budget; 0 and [] for a hit found by the cheap key, which packs nothing.
    context_tokens: int = 0
    dropped_context: list[str] = []
