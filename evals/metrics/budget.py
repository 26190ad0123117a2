"""Length and token budget: drafts a person can read in a minute, prompts inside the budget."""

from __future__ import annotations

from evals.metrics.base import Score, words
from evals.sample import Sample

MAX_ITEMS = 30
MAX_ITEM_WORDS = 90
MAX_DRAFT_WORDS = 1200
PROMPT_OVERHEAD = 2000  # instructions + schema on top of the context budget
MAX_TOKENS_OUT = 2000


def length_budget(sample: Sample) -> Score:
    """Share of five limits the draft respects: items <= 30, every item <= 90 words, draft <=
    1200 words, tokens_in <= context budget + 2000 (prompt overhead), tokens_out <= 2000.

    formula: |{limit : respected}| / 5
    """
    if sample.output is None:
        return Score.na()
    items = sample.items()
    long_items = [i for i in items if len(words(i.text)) > MAX_ITEM_WORDS]
    total = sum(len(words(i.text)) for i in items)
    checks = {
        f"{len(items)} items > {MAX_ITEMS}": len(items) <= MAX_ITEMS,
        f"{len(long_items)} items over {MAX_ITEM_WORDS} words": not long_items,
        f"{total} words > {MAX_DRAFT_WORDS}": total <= MAX_DRAFT_WORDS,
        f"tokens_in {sample.tokens_in} over budget": sample.tokens_in
        <= sample.token_budget + PROMPT_OVERHEAD,
        f"tokens_out {sample.tokens_out} > {MAX_TOKENS_OUT}": sample.tokens_out <= MAX_TOKENS_OUT,
    }
    failed = [why for why, ok in checks.items() if not ok]
    return Score.ratio(len(checks) - len(failed), len(checks), failed)
