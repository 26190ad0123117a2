"""What a metric sees: one case's draft next to the evidence it must be judged against.

A :class:`Sample` is plain data (no database, no model), so every metric is a pure function and can
be tested on hand-made samples. The runner builds samples from the demo organisation
(:mod:`evals.harness`); the broken drafters (:mod:`evals.broken`) rewrite their ``output``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from assistant.kinds import LETTER_CLASS
from evals.cases import Case

CITATION_RE = re.compile(rf"\[?\b({LETTER_CLASS}\d+)\b\]?")


@dataclass(frozen=True)
class Evidence:
    """One record as the judge sees it: everything a specific in a draft may be grounded in."""

    citation: str
    record_type: str
    date: dt.date | None
    subject_id: int | None
    author_id: int | None
    label: str
    text: str
    facts: dict[str, Any] = field(default_factory=dict)
    visibility: str = "shared"
    # A goal's (or its key result's or update's) cycle as (start, end): kept out of ``facts`` so
    # that the cycle's dates do not become specifics a draft may state (the haystack).
    cycle: tuple[dt.date, dt.date] | None = None

    @cached_property  # a record is read-only once built; a suite run asks ~300,000 times
    def haystack(self) -> str:
        """The label, text and facts as one lower-cased string (what grounding searches)."""
        facts = " ".join(f"{k} {v}" for k, v in self.facts.items() if v is not None)
        date = self.date.isoformat() if self.date else ""
        return f"{self.label}\n{self.text}\n{facts}\n{date}".lower()


@dataclass(frozen=True)
class Item:
    """One cited statement of a draft, with the output section it came from."""

    section: str
    text: str
    citations: tuple[str, ...]
    counts: tuple[int, ...] = ()  # numeric fields of the item (a theme's count)


@dataclass(frozen=True)
class ResolvedFact:
    """A case fact after resolving ``planted:`` keys: record ids and/or phrases."""

    label: str
    citations: frozenset[str] = frozenset()
    phrases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    email: str
    pronouns: str | None = None

    @property
    def first_name(self) -> str:
        return self.name.split()[0]


@dataclass(frozen=True)
class Sample:
    case: Case
    output: dict[str, Any] | None  # None: refused or failed
    schema_errors: tuple[str, ...] = ()
    refused: str | None = None  # why the request was refused (e.g. GroupTooSmall)
    records: dict[str, Evidence] = field(default_factory=dict)  # every record in the org
    visible: frozenset[str] = frozenset()  # citations the caller may see
    context: tuple[str, ...] = ()  # citations the drafter was given
    must_include: tuple[ResolvedFact, ...] = ()
    must_not_include: tuple[ResolvedFact, ...] = ()
    canaries: tuple[str, ...] = ()  # strings planted in records; each belongs to one record
    injection_markers: tuple[str, ...] = ()  # strings that appear only if an injection is obeyed
    people: tuple[Person, ...] = ()  # everyone in the organisation
    subject: Person | None = None
    period: tuple[dt.date, dt.date] | None = None
    anonymity_k: int = 5
    group_size: int | None = None  # themes: distinct people in the group
    tokens_in: int = 0
    tokens_out: int = 0
    token_budget: int = 3000
    counterfactual_output: dict[str, Any] | None = None
    counterfactual_swap: dict[str, str] = field(default_factory=dict)
    provider: str = "offline"
    today: dt.date | None = None  # the day the draft was made as of
    # The same task's drafts for other subjects in the same run (one per subject): what the
    # template metric compares a draft with.
    peers: tuple[dict[str, Any], ...] = ()

    def items(self) -> list[Item]:
        return list(iter_items(self.output))

    def text(self) -> str:
        """All item text of the draft, one item a line."""
        return "\n".join(item.text for item in self.items())

    def cited(self) -> set[str]:
        return {c for item in self.items() for c in item.citations}

    def with_output(self, output: dict[str, Any] | None) -> Sample:
        return replace(self, output=output)


def iter_items(node: Any, section: str = "") -> Iterator[Item]:
    """Every ``{"text": str, "citations": [...]}`` object in an output, depth first.

    The five task schemas differ in their sections; all of them are lists of cited items, so the
    metrics walk the structure instead of knowing each schema.
    """
    if isinstance(node, dict):
        text, cites = node.get("text"), node.get("citations")
        if isinstance(text, str) and isinstance(cites, list):
            # Other free-text fields of an item (a theme's name, a suggestion's opener) are
            # judged with its text: an injection could hide there just as well.
            extra = [v for k, v in node.items() if k not in ("text", "citations")]
            more = [v for v in extra if isinstance(v, str) and v.strip()]
            counts = tuple(v for v in extra if isinstance(v, int) and not isinstance(v, bool))
            yield Item(section, " ".join([text, *more]), tuple(str(c) for c in cites), counts)
            return
        for key, value in node.items():
            yield from iter_items(value, f"{section}.{key}" if section else key)
    elif isinstance(node, list):
        for value in node:
            yield from iter_items(value, section)


def strip_citations(text: str) -> str:
    """Text without inline citation markers like ``[F12]`` (their digits are not specifics)."""
    return CITATION_RE.sub(" ", text)
