"""Text and Markdown renderings mark what rests on manager-only or private records, and the
shareable Markdown leaves it out (issue 12, finding 5)."""

from __future__ import annotations

import json
from typing import Any

from assistant.tasks.render import to_markdown, to_text
from assistant.tasks.result import TaskResult


def _result(**sections: list[dict[str, Any]]) -> TaskResult:
    keys = ("wins", "goals_at_risk", "action_items", "feedback_to_discuss", "growth", "questions")
    return TaskResult(
        draft_id=7,
        task="agenda",
        output={k: sections.get(k, []) for k in keys},
        dropped=[],
        degraded=None,
        provider="offline",
        model="offline-drafter",
        prompt_version="agenda@1+system@1",
        cached=False,
        tokens_in=0,
        tokens_out=0,
        latency_ms=1,
    )


RESULT = _result(
    wins=[{"text": "Shipped the ledger.", "citations": ["G1"], "visibility": "shared"}],
    feedback_to_discuss=[
        {"text": "Reviews arrive late.", "citations": ["F2"], "visibility": "manager_only"}
    ],
    growth=[{"text": "Seems stretched.", "citations": ["C3"], "visibility": "private"}],
)


def test_text_marks_restricted_items() -> None:
    text = to_text(RESULT)
    assert "  • Shipped the ledger.  [G1]" in text
    assert "  • [Manager-only] Reviews arrive late.  [F2]" in text
    assert "  • [Private] Seems stretched.  [C3]" in text


def test_markdown_marks_restricted_items() -> None:
    md = to_markdown(RESULT)
    assert "- Shipped the ledger. (`G1`)" in md
    assert "- **[Manager-only]** Reviews arrive late. (`F2`)" in md
    assert "- **[Private]** Seems stretched. (`C3`)" in md


def test_shareable_markdown_leaves_restricted_items_out() -> None:
    md = to_markdown(RESULT, share=True)
    assert "Shipped the ledger." in md
    assert "Reviews arrive late" not in md and "stretched" not in md
    assert "## Feedback to discuss" not in md and "## Growth and career" not in md
    assert "_2 item(s) resting on manager-only or private records left out._" in md
    assert "offline-drafter" not in md  # the provider footer is for the author


def test_json_carries_the_visibility_of_every_item() -> None:
    data = json.loads(RESULT.model_dump_json())
    marks = [i["visibility"] for v in data["output"].values() for i in v]
    assert marks == ["shared", "manager_only", "private"]


def test_items_stored_before_visibility_are_not_shared() -> None:
    old = _result(wins=[{"text": "Shipped.", "citations": ["G1"]}])
    assert "  • Shipped.  [G1]" in to_text(old)  # the author still sees it
    shared = to_markdown(old, share=True)
    assert "Shipped." not in shared and "1 item(s)" in shared  # nobody can tell what it rests on
