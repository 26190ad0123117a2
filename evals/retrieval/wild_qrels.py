"""The wild query set (wild_queries.yaml): searches judged against the dev set's text, which the
demo generator did not write (evals/retrieval/WILD.md says who wrote it and how).

Judgements name dev-set ids (``f123`` a feedback sentence, ``n045`` a 1:1 note), so they do not
depend on how an organisation is built. :func:`resolve_wild` maps them onto one built by
``evals.wild.build.build`` — the set is judged for ``build(27, seed=7, every_record=True)``,
where every dev record is a record; a smaller build keeps only what it holds. A query may run as
one of the reports (``as: p4``) and may be narrowed to one subject (``about: p4``): both name the
wild organisation's person ids, so they are checked against the build they are resolved for.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator

from evals.devset import Devset, load_devset
from evals.wild.build import MANAGER, WildOrg, build

__all__ = [
    "BUILD",
    "MAX_RELEVANT",
    "ResolvedWildQuery",
    "WildQuery",
    "load_wild_queries",
    "resolve_wild",
    "wild_org",
]

WILD_FILE = "wild_queries.yaml"
MAX_RELEVANT = 25
BUILD = {"people": 27, "seed": 7}  # the build `as`/`about` refer to (with every_record=True)
DAY = dt.date(2026, 11, 26)  # the wild suite's day; only dates depend on it, not who holds what

Tag = Literal[
    "paraphrase",  # the query shares few words with the text it should find
    "keyword",  # a word or name that appears in the text
    "name",  # a person named inside the text (not the wild record's subject)
    "structured",  # needs a filter (subject, record type, private notes, mood), not only text
    "checkin",  # answered mostly by 1:1 notes
    "self",  # runs as a report, about themself
    "positive",  # looking for praise
    "negative",  # looking for criticism
    "hr",  # worded as HR would search (run as the manager: HR sees aggregates only)
]


class WildQuery(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    query: str = Field(min_length=3)
    tags: tuple[Tag, ...] = Field(min_length=1)
    caller: str = Field(default="manager", alias="as", pattern=r"^(manager|p\d+)$")
    about: str | None = Field(default=None, pattern=r"^(p\d+|giver-\d+)$")
    relevant: dict[str, Literal[1, 2]] = Field(min_length=1, max_length=MAX_RELEVANT)

    @field_validator("relevant")
    @classmethod
    def _has_direct_answer(cls, value: dict[str, int]) -> dict[str, int]:
        if 2 not in value.values():
            raise ValueError("a query needs at least one record judged 2 (directly answers)")
        return value


def load_wild_queries(path: Path | None = None, devset: Devset | None = None) -> list[WildQuery]:
    """The set, validated: format, unique ids, every judged id in the dev set, self queries only
    about the caller. Raises ValueError (pydantic's ValidationError is one) on the first problem."""
    text = (
        path.read_text(encoding="utf-8")
        if path
        else resources.files("evals.retrieval").joinpath(WILD_FILE).read_text(encoding="utf-8")
    )
    queries = [WildQuery.model_validate(q) for q in yaml.safe_load(text)["queries"]]
    devset = devset or load_devset()
    known = {f.id for f in devset.feedback} | {n.id for n in devset.notes}
    seen: set[str] = set()
    for q in queries:
        if q.id in seen:
            raise ValueError(f"duplicate query id {q.id!r}")
        seen.add(q.id)
        unknown = sorted(set(q.relevant) - known)
        if unknown:
            raise ValueError(f"query {q.id!r}: no dev-set record {unknown}")
        if q.caller != "manager" and q.about not in (None, q.caller):
            raise ValueError(f"query {q.id!r}: a report searches only about themself")
    return queries


def wild_org(today: dt.date = DAY) -> WildOrg:
    """The organisation the set is judged for: every dev record filed, people as :data:`BUILD`."""
    return build(BUILD["people"], seed=BUILD["seed"], today=today, every_record=True)


@dataclass(frozen=True)
class ResolvedWildQuery:
    query: WildQuery
    caller: str  # email the search runs as
    about: str | None  # subject email the search is narrowed to, if any
    relevant: dict[str, Literal[1, 2]]  # external id -> grade (2 answers, 1 related)
    missing: tuple[str, ...]  # judged dev ids the organisation does not hold

    @property
    def answerable(self) -> bool:
        """False when a smaller build holds none of the records judged 2: skip the query."""
        return 2 in self.relevant.values()


def resolve_wild(queries: Sequence[WildQuery], org: WildOrg) -> list[ResolvedWildQuery]:
    """Each query's callers and qrels in ``org``. Raises ValueError when a judged record the org
    holds is not about ``about``, or is one the caller may not see (a report sees only the shared
    records about themself). Records the org does not hold are left out (``missing``)."""
    emails = {p.id: p.email for p in org.bundle.people}
    subject: dict[str, str] = {f.id: str(f.receiver) for f in org.bundle.feedback}
    subject |= {c.id: str(c.employee) for c in org.bundle.checkins}
    private = {c.id for c in org.bundle.checkins if c.private_notes}
    out = []
    for q in queries:
        for who in (q.about, None if q.caller == "manager" else q.caller):
            if who is not None and who not in emails:
                raise ValueError(f"query {q.id!r}: no person {who!r} in the organisation")
        relevant = {org.records[d]: g for d, g in q.relevant.items() if d in org.records}
        for ext in relevant:
            if q.about is not None and subject[ext] != q.about:
                raise ValueError(f"query {q.id!r}: {ext} is not about {q.about}")
            if q.caller != "manager" and (subject[ext] != q.caller or ext in private):
                raise ValueError(f"query {q.id!r}: {q.caller} may not see {ext}")
        out.append(
            ResolvedWildQuery(
                q,
                MANAGER if q.caller == "manager" else emails[q.caller],
                emails[q.about] if q.about else None,
                relevant,
                tuple(d for d in q.relevant if d not in org.records),
            )
        )
    return out
