"""What a task knows besides its context records: who asks, about whom, when."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from assistant.settings import MIN_ANONYMITY_K
from retrieval.types import ContextItem


@dataclass(frozen=True)
class Brief:
    task: str
    today: dt.date
    requester_id: int
    requester_name: str
    subject_id: int | None = None
    subject_name: str | None = None
    group_name: str | None = None  # HR themes: the team's name or "the organisation"
    group_size: int = 0
    # HR themes: the group threshold in force (a theme about fewer people is not shown), and the
    # group's shared feedback in the period of the same length just before this one: counted
    # for each theme's trend, never cited, quoted or shown.
    anonymity_k: int = MIN_ANONYMITY_K
    baseline: tuple[ContextItem, ...] = ()
    since: dt.date | None = None
    until: dt.date | None = None
    # Person id → display name for everyone the context mentions (authors, owners, givers).
    names: dict[int, str] = field(default_factory=dict)
    # The ask task: the question, its topic's word stems, and the time phrase it was read with.
    question: str = ""
    topic: tuple[str, ...] = ()
    frame: str = ""
    # A focus topic the caller named (agenda, summary, coaching) and the gathered records about
    # it, most relevant first; and, for an agenda, the records linked to each goal and theme
    # (assistant/tasks/evidence.py).
    focus: str = ""
    focus_citations: tuple[str, ...] = ()
    linked: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # What the analysis stage made of everything gathered, as text for a model's prompt (HR
    # themes: each theme's counts, lean, trend, paraphrase and action).
    facts: str = ""

    @property
    def subject_first(self) -> str:
        return first_name(self.subject_name or "them")

    @property
    def period(self) -> str:
        if self.since and self.until:
            return f"between {self.since.isoformat()} and {self.until.isoformat()}"
        if self.since:
            return f"since {self.since.isoformat()}"
        if self.until:
            return f"up to {self.until.isoformat()}"
        return "over the whole period on record"


def first_name(name: str) -> str:
    return name.split()[0] if name.strip() else name
