"""How many tokens of records a model is given: what fits the model, not one number for all.

A fixed 3,000 tokens left a 128k-context model reading a few dozen records of a two-quarter
history. Unless ``CADENCE_CONTEXT_TOKEN_BUDGET`` says otherwise, the budget follows the model's
context window (``CADENCE_LLM_CONTEXT_WINDOW``, or the window of a known OpenAI model family):
half the window goes to records, less the room the answer needs, capped where more records stop
paying for their latency and cost. A model whose window is unknown keeps the old 3,000, which
fits an 8k window with the prompt and the answer.
"""

from __future__ import annotations

from assistant.llm import ChatModel
from assistant.settings import Settings
from retrieval.tokens import bare_model_name

UNKNOWN_WINDOW_BUDGET = 3_000
"""Records' tokens for a model whose context window is not known (fits an 8k window)."""

MAX_RECORD_TOKENS = 24_000
"""The cap: a manager's two quarters about one report render to roughly 6-15k tokens in the demo,
so more mostly adds latency and cost per draft."""

RECORD_SHARE = 0.5
"""Of the window, what records may take; the rest is instructions, the answer and headroom."""

ANSWER_TOKENS = 1_024
"""The model phase's max_tokens (assistant/tasks/compose.py): room the answer needs."""

# Context windows of OpenAI model families, by name prefix, most specific first.
KNOWN_WINDOWS: tuple[tuple[str, int], ...] = (
    ("gpt-4.1", 1_047_576),
    ("gpt-5", 400_000),
    ("gpt-4o", 128_000),
    ("chatgpt-4o", 128_000),
    ("gpt-4-turbo", 128_000),
    ("o1", 200_000),
    ("o3", 200_000),
    ("o4", 200_000),
    ("gpt-4", 8_192),
    ("gpt-3.5-turbo", 16_385),
)


def context_window(settings: Settings, model: str | None) -> int | None:
    """The model's context window in tokens, if configured or known."""
    if settings.llm_context_window:
        return settings.llm_context_window
    name = bare_model_name(model)
    return next((size for prefix, size in KNOWN_WINDOWS if name.startswith(prefix)), None)


def record_budget(settings: Settings, model: str | None) -> int:
    """Tokens of records to pack for ``model`` (its name; None for a model of unknown kind)."""
    if settings.context_token_budget is not None:
        return settings.context_token_budget
    window = context_window(settings, model)
    if window is None:
        return UNKNOWN_WINDOW_BUDGET
    fits = int(window * RECORD_SHARE) - ANSWER_TOKENS
    return max(min(fits, MAX_RECORD_TOKENS), min(UNKNOWN_WINDOW_BUDGET, window // 4))


def budget_for(settings: Settings, llm: ChatModel) -> int:
    """The record budget for this chat model (its name counts only for a real endpoint)."""
    return record_budget(settings, llm.model if llm.provider == "openai" else None)
