"""The records a question is about: retrieval, time frame and relevance, for the ask task.

Candidates come from :func:`retrieval.search.hybrid_search` with the caller's scope
(:func:`assistant.access.scope_for`, or :func:`~assistant.access.subject_scope` when the question
is about one person) *in the query*, narrowed by the question's time frame and the kinds of
record it names; their text is then read through the records layer, which applies the access
policy in SQL once more. "My last two 1:1s" names records rather than a topic: those check-ins
and their action items are read directly, through the same access-checked layer.

Each candidate is scored against the question's topic (assistant/tasks/relevance.py); only those
at or above the threshold are evidence. None means the honest answer: nothing on record.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from assistant.access import Caller, scope_for, subject_scope, visible
from assistant.documents import cite
from assistant.models import ActionItem, CheckIn, Person
from assistant.records import fetch_context
from assistant.tasks import targets
from assistant.tasks.context import Gathered, Gathering
from assistant.tasks.periods import Frame, read_frame
from assistant.tasks.relevance import THRESHOLD, Topic, score, stem, topic, words
from assistant.tasks.targets import QuestionTarget
from retrieval.index import VectorIndex
from retrieval.lexical import LexicalIndex
from retrieval.search import hybrid_search
from retrieval.types import ContextItem

__all__ = ["MAX_QUESTION", "Retrieved", "gather_question", "retrieve"]

CANDIDATES = 30
MAX_QUESTION = targets.MAX_QUESTION  # re-exported: the API and the UI bound their forms by it
_SAID = r"(?:'s| has| have| had)? (?:said|say|says|told|wrote|written|mentioned|suggested)\b"
_SAY = r" (?:say|tell|write|mention|suggest)\b"
_DID = r"\b(?:did|does|has|have) "
_FIRST_PERSON = re.compile(r"\b(?:i|me|my|myself)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Retrieved:
    items: list[ContextItem]  # the evidence, most relevant first (``score`` = relevance)
    frame: Frame
    topic: Topic
    candidates: int  # records retrieved and scored
    best: float  # the best relevance among them (0 when none)


def _search_text(question: str, about: Topic) -> str:
    """The question's topic words as written (search needs no "what has Dana done")."""
    if about.empty:
        return question
    kept = [w for w in words(question) if stem(w) in about.terms]
    return " ".join(dict.fromkeys(kept)) or question


def _recent_checkins(
    session: Session, caller: Caller, person_id: int, n: int, until: dt.date
) -> list[str]:
    """Citations of ``person_id``'s last ``n`` check-ins the caller may see, and their action
    items (both through the access predicates)."""
    rows = session.scalars(
        select(CheckIn.id)
        .where(
            visible(CheckIn, caller),
            or_(CheckIn.employee_id == person_id, CheckIn.manager_id == person_id),
            CheckIn.date <= until,
        )
        .order_by(CheckIn.date.desc(), CheckIn.id.desc())
        .limit(n)
    )
    ids = list(rows)
    if not ids:
        return []
    actions = session.scalars(
        select(ActionItem.id).where(visible(ActionItem, caller), ActionItem.checkin_id.in_(ids))
    )
    return [cite("checkin", i) for i in ids] + [cite("action_item", a) for a in actions]


def _people(session: Session) -> list[tuple[int, str]]:
    return [(pid, str(name)) for pid, name in session.execute(select(Person.id, Person.name))]


def named_people(question: str, people: list[tuple[int, str]]) -> frozenset[int]:
    """Ids of the people a question names, by full name or first name (both Alexes for "Alex").
    A question about someone is answered from records about them or written by them."""
    found: set[int] = set()
    for pid, name in people:
        first = name.split()[0] if name.split() else ""
        for candidate in {name, first} - {""}:
            if re.search(rf"\b{re.escape(candidate)}(?:'s)?\b", question):
                found.add(pid)
    return frozenset(found)


def retrieve(
    session: Session,
    caller: Caller,
    question: str,
    *,
    subject_id: int | None,
    index: VectorIndex | None,
    lexical: LexicalIndex | None,
    today: dt.date,
    threshold: float = THRESHOLD,
) -> Retrieved:
    frame = read_frame(question, today)
    people = _people(session)
    about = topic(question, [name for _, name in people])
    named = named_people(question, people)
    firsts = {name.split()[0] for pid, name in people if pid in named and name.split()}
    # "What did Kiran say": Kiran's words, so records by or about Kiran, not ones naming him.
    speaker = any(
        re.search(rf"\b{re.escape(f)}\b{_SAID}|{_DID}{re.escape(f)}{_SAY}", question)
        for f in firsts
    )
    # The kinds of record a question names narrow the search only when it names nothing else
    # ("what did I promise?"); with a topic they rank first on a tie instead: "what has Marco
    # said about feedback in the moment" is answered by a 1:1's notes.
    types = about.types if about.empty and about.types else None
    if frame.last_checkins:
        person = subject_id if subject_id is not None else caller.id
        citations = _recent_checkins(session, caller, person, frame.last_checkins, today)
        found = fetch_context(session, caller, citations, today=today)
        if types:
            found = [i for i in found if i.record_type in types]
        if "action_item" in (types or ()):
            owner = caller.id if _FIRST_PERSON.search(question) else person
            found = [i for i in found if i.author_id == owner]
    else:
        scope = subject_scope(caller, subject_id) if subject_id is not None else scope_for(caller)
        hits = hybrid_search(
            _search_text(question, about),
            scope,
            index=index,
            lexical=lexical,
            session=session,
            k=CANDIDATES,
            subject_id=subject_id,
            record_types=types,
            since=frame.since,
            until=frame.until,
            today=today,
        )
        found = fetch_context(session, caller, [h.citation for h in hits], today=today)
    if named:  # a question about someone: records about them, by them, or naming them
        found = [
            i
            for i in found
            if i.subject_id in named
            or i.author_id in named
            or (not speaker and any(re.search(rf"\b{re.escape(f)}\b", i.text) for f in firsts))
        ]
    scored = [dataclasses.replace(i, score=score(i, about)) for i in found]
    best = max((i.score for i in scored), default=0.0)
    evidence = [i for i in scored if i.score >= threshold]
    evidence.sort(
        key=lambda i: (
            -i.score,
            i.record_type not in about.types,
            -score(i, about, own=True),
            -(i.date or dt.date.min).toordinal(),
            i.citation,
        )
    )
    return Retrieved(evidence, frame, about, len(scored), best)


def gather_question(g: Gathering) -> Gathered:
    """The ask task's gather step: the evidence for the question, read with its time frame (which
    becomes the request's period) and topic."""
    assert isinstance(g.target, QuestionTarget)
    found = retrieve(
        g.session,
        g.caller,
        g.target.question,
        subject_id=g.subject.id,
        index=g.index,
        lexical=g.lexical,
        today=g.today,
    )
    return Gathered(
        found.items,
        found.frame.since,
        found.frame.until,
        question=g.target.question,
        topic=found.topic.terms,
        frame=found.frame.phrase,
        offline_when_empty=True,
    )
