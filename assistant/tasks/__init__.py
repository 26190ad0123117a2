"""The five tasks: agenda, summary, coaching, reflection, themes.

``assistant.tasks.generate(runtime, task, caller, ...)`` is the public entry (see
:mod:`assistant.tasks.pipeline`). It is imported lazily: the schemas in this package are leaves
that the offline drafter and the grounding check import, and the pipeline imports both of them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from assistant.tasks.result import DroppedItem, TaskResult
from assistant.tasks.schemas import SCHEMAS, SECTIONS, TASKS

if TYPE_CHECKING:
    from assistant.tasks.pipeline import generate

__all__ = ["SCHEMAS", "SECTIONS", "TASKS", "DroppedItem", "TaskResult", "generate"]


def __getattr__(name: str) -> Any:
    if name == "generate":
        from assistant.tasks.pipeline import generate

        return generate
    raise AttributeError(f"module 'assistant.tasks' has no attribute {name!r}")
