"""The tasks: agenda, summary, coaching, reflection, themes, ask.

Each is one :class:`~assistant.tasks.registry.Task` in :mod:`assistant.tasks.registry`;
:func:`assistant.tasks.pipeline.generate` runs one. This package module imports only leaves (the
result types), so that the offline drafter and the grounding check can import this package's
schemas while the pipeline imports them: the import graph stays a DAG.
"""

from __future__ import annotations

from assistant.tasks.result import DroppedItem, TaskResult

__all__ = ["DroppedItem", "TaskResult"]
