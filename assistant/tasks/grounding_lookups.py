"""What grounding checks a draft's names and citations against, looked up in the database:
the people a context can name, the people a model's output names, and where a citation outside
the context points. Split from the pipeline, which calls them in its database and model phases."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.access import Caller, org_chart
from assistant.models import INDEXED, Person
from assistant.records import fetch_context, parse_citation
from assistant.runtime import Runtime
from assistant.tasks.brief import Brief
from assistant.tasks.plan import Locate, Where
from retrieval.batches import batched
from retrieval.packing import render_record
from retrieval.types import ContextItem

# Words that may start a person's name in rendered records: what grounding's name check needs.
_CAPITALISED = re.compile(r"(?<![\w'’-])[^\W\d_][\w'’-]*")


def locator(runtime: Runtime, caller: Caller, today: dt.date) -> Locate:
    """Where a citation outside the context points: "missing" (no such record), "hidden" (the
    caller may not see it) or "visible" (it just was not given). One short session per new
    citation, remembered for this generation: a model that cites the same made-up ids in every
    item (or across its re-ask) costs one lookup each."""
    found: dict[str, Where] = {}

    def locate(citation: str) -> Where:
        if citation not in found:
            parsed = parse_citation(citation)
            if parsed is None:
                found[citation] = "missing"
                return found[citation]
            with runtime.sessions() as session:
                if session.get(INDEXED[parsed[0]], parsed[1]) is None:
                    found[citation] = "missing"
                elif fetch_context(session, caller, [citation], today=today):
                    found[citation] = "visible"
                else:
                    found[citation] = "hidden"
        return found[citation]

    return locate


def people_named(session: Session, items: list[ContextItem], brief: Brief) -> frozenset[str]:
    """The full names grounding checks an output's names against: everyone the context or the
    brief refers to by id, and everyone whose name starts with a capitalised word of the
    rendered records or the brief — all a draft built from them can name. (Not every name in
    the organisation: that was one query over all people on every request. The names a word
    starts come from the org chart held in memory: matching them in SQL scanned every person.)"""
    ids = {brief.requester_id, brief.subject_id, *brief.names}
    for item in items:
        ids |= {item.author_id, item.subject_id}
    words: set[str] = set()
    for text in (*(render_record(i) for i in items), brief.requester_name, brief.subject_name):
        words |= _capitalised(text or "")
    found: set[str] = set()
    for chunk in batched(sorted(i for i in ids if i is not None)):
        found |= set(session.scalars(select(Person.name).where(Person.id.in_(chunk))))
    return frozenset(found | org_chart(session).names_starting(words))


def _capitalised(text: str) -> set[str]:
    """The words of ``text`` that start with a capital letter: where a person's name may start."""
    return {w for w in _CAPITALISED.findall(text) if w[:1].isupper()}


def namer(runtime: Runtime) -> Callable[[str], frozenset[str]]:
    """For the model phase: the full names of people in the organisation that a model's output
    names by a capitalised word — a model can name someone its context never mentioned (it
    invents), and grounding must know the name to drop the claim. One short session per output,
    after the model has answered."""

    def names(text: str) -> frozenset[str]:
        words = _capitalised(text)
        if not words:
            return frozenset()
        with runtime.sessions() as session:
            return frozenset(org_chart(session).names_starting(words))

    return names
