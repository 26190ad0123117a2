"""The plan of one request: what the database phase is asked (:class:`TaskRequest`) and what it
read (:class:`Plan`), for the phases that follow.

:func:`assistant.tasks.pipeline.prepare` builds the plan inside one session; the model phase
(:mod:`assistant.tasks.compose`) and the store phase read only this, so nothing the model phase
does can reach the database through it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

from assistant.access import Caller
from assistant.grounding import Grounding
from assistant.llm import ChatModel, Message
from assistant.tasks.brief import Brief
from assistant.tasks.context import Subject
from assistant.tasks.registry import Task
from assistant.tasks.result import TaskResult
from assistant.tasks.targets import Target
from retrieval.packing import Packed
from retrieval.types import ContextItem

# Where a citation outside the context points: no such record, one the caller may not see, or
# one they may see that was not given.
Where = Literal["missing", "hidden", "visible"]
Locate = Callable[[str], Where]


@dataclass(frozen=True)
class TaskRequest:
    """One request as the pipeline takes it, before anything is read: the task, who asks (a
    loaded Caller, or the email or id to load one from), what about, the model that answers, the
    period, and the day asked for (None: ``clock.today``)."""

    task: Task
    caller: Caller | str | int
    target: Target
    llm: ChatModel
    since: dt.date | None = None
    until: dt.date | None = None
    today: dt.date | None = None


@dataclass(frozen=True)
class Plan:
    """Everything the model phase and the store phase need, read in the database phase."""

    task: Task
    caller: Caller
    subject: Subject
    brief: Brief
    items: tuple[ContextItem, ...]  # everything gathered: what the offline drafter reads
    packed: Packed | None  # what a model reads; None when the offline drafter answers
    prompt: tuple[Message, ...]  # the messages for a model (empty when offline only)
    prompt_label: str  # "agenda@1+system@1": what the Draft records and the footer shows
    context_hash: str
    cache_key: str
    fast_key: str  # the cheap key (assistant/tasks/draft_key.py) the stored draft is found by
    # Grounding's facts of the request: the full names of everyone the context and the brief
    # can refer to (by id or by name), and the names and dates the request itself allows.
    people: frozenset[str]
    allowed_names: frozenset[str]
    allowed_dates: frozenset[str]
    cached: TaskResult | None = None  # the stored Draft this request is a repeat of

    @property
    def offline_only(self) -> bool:
        return self.packed is None

    def grounding(self, items: Iterable[ContextItem], locate: Locate) -> Grounding:
        return Grounding(
            context=list(items),
            allowed_names=set(self.allowed_names),
            allowed_dates=set(self.allowed_dates),
            people=set(self.people),
            locate=locate,
            anonymous=self.task.anonymous,
        )
