"""Retrieval where similarity matters in the drafts: a focus topic, and evidence linked to what
an agenda discusses.

Both read through :func:`retrieval.search.hybrid_search` with the caller's scope narrowed to the
subject (:func:`assistant.access.subject_scope`) *in the query*, and keep only records the task
already gathered through the access-checked records layer — so nothing here can bring in a
record the draft could not cite. Both judge relevance on ask's absolute scale
(:mod:`assistant.tasks.relevance`, :data:`~assistant.tasks.relevance.THRESHOLD`): hybrid search
always returns its best few, relevant or not.

- **Focus** (``--focus "the retries rollout"``; agenda, summary, coaching): the gathered
  records about the topic, most relevant first, found as ask finds them
  (:func:`assistant.tasks.ask.retrieve`).
  None is an honest "nothing on record about it", never a reason to invent.
- **Linked evidence** (agenda): for each open goal and each feedback theme, the feedback, goal
  updates and 1:1 notes about it by meaning, at most :data:`PER_ANCHOR` each. The queries (goal
  titles, each theme's cues) are embedded in one batch (:class:`PrimedEmbedder`).
"""

from __future__ import annotations

import copy
import datetime as dt
import logging
import re
from collections import Counter
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from assistant.access import org_chart, subject_scope
from assistant.analysis.themes import load_taxonomy
from assistant.errors import RuntimeFailure
from assistant.offline.clusters import Cluster, cluster
from assistant.offline.linked import theme_anchor
from assistant.record_facts import GoalFacts, facts_of, goal_part_facts
from assistant.tasks.ask import retrieve
from assistant.tasks.context import Gathered, Gathering, Priority, PriorityFor
from assistant.tasks.relevance import Topic, score, topic, words
from assistant.tasks.windows import STALE_AFTER
from retrieval.embedders import Embedder
from retrieval.index import VectorIndex
from retrieval.search import hybrid_search
from retrieval.types import ContextItem
from retrieval.vectors import Vectors

__all__ = [
    "LINK_MIN_WORDS",
    "MAX_ANCHORS",
    "PER_ANCHOR",
    "Evidence",
    "PrimedEmbedder",
    "anchors_of",
    "find_evidence",
    "focus_priority",
]

log = logging.getLogger(__name__)

PER_ANCHOR = 3  # linked records shown under one goal or theme
MAX_ANCHORS = 8  # goals and themes searched per agenda: a bound on the searches per request
_CANDIDATES = 10  # hits read per anchor before relevance is judged
_THEME_WORDS = 4  # the words a theme is searched by
# A record is about a goal or theme when it says at least two of its topic words (both, for a
# two-word topic; the one, for one): ask's share of the topic (THRESHOLD) is made for questions
# of two or three words and misses under a goal's six-word title. Measured on the planted pair:
# the off-track retries goal links the two peers' feedback on the retries rollout, and nothing
# links to a goal by one shared word ("call" in "on-call").
LINK_MIN_WORDS = 2
_LINKED_TYPES = ("feedback", "goal_update", "checkin")
# A theme is its feedback already: what is linked to it are the updates and notes about it.
_THEME_TYPES = ("goal_update", "checkin")
_CLOSED = ("done", "dropped")


@dataclass(frozen=True)
class Evidence:
    """What retrieval added to a request: the focus and its records, and linked evidence."""

    focus: str = ""
    focus_citations: tuple[str, ...] = ()  # gathered records about the focus, best first
    # Anchor (a goal's citation, or :func:`theme_anchor`) → records about it, best first.
    linked: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


class PrimedEmbedder(Embedder):
    """``inner``, with the vectors of known queries computed up front in one batch: each
    search then reads its query's vector instead of embedding it alone. Same id and dimension,
    so the same Chroma collection."""

    def __init__(self, inner: Embedder, queries: Sequence[str]) -> None:
        self.inner = inner
        self.local = inner.local
        unique = list(dict.fromkeys(queries))
        vectors = inner.embed_queries(unique) if unique else None
        self._known = {} if vectors is None else {q: vectors[i] for i, q in enumerate(unique)}

    @property
    def id(self) -> str:
        return self.inner.id

    @property
    def dimension(self) -> int:
        return self.inner.dimension

    def embed(self, texts: Sequence[str]) -> Vectors:
        return self.inner.embed(texts)

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        missing = [t for t in texts if t not in self._known]
        if missing:
            fresh = self.inner.embed_queries(missing)
            self._known.update({t: fresh[i] for i, t in enumerate(missing)})
        return np.stack([self._known[t] for t in texts]) if texts else self.inner.embed([])


def _primed(index: VectorIndex, queries: Sequence[str]) -> VectorIndex:
    """The same index (its collection handle and vector memo shared), reading query vectors
    from one batched embedding."""
    primed = copy.copy(index)
    primed.embedder = PrimedEmbedder(index.embedder, queries)
    return primed


def _theme_query(group: Cluster) -> str:
    """What a theme's feedback is about, in its own words: the taxonomy's cues for the theme
    (assistant/analysis/taxonomy.yaml) that its records say, as they say them ("status update
    stakeholders"), the most said first. Words every piece of feedback shares ("suggestion",
    "might") stand for no theme; the cues are what put the records in this one."""
    spec = load_taxonomy().themes.get(group.theme.key)
    if spec is None:
        return ""
    said: Counter[str] = Counter()
    for cue in spec.cues:
        tail = r"\w*" if " " not in cue else r"(?![\w])"
        pattern = re.compile(r"(?<![\w])" + re.escape(cue) + tail, re.IGNORECASE)
        found = [m.group(0).lower() for i in group.items if (m := pattern.search(i.text))]
        if found:
            said[Counter(found).most_common(1)[0][0]] += len(found)
    ranked = sorted(said.items(), key=lambda c: (-c[1], -len(c[0].split())))  # phrases first
    common = [w for w, n in ranked if n >= 2] or [w for w, _ in ranked]
    spoken = [w for phrase in common[:_THEME_WORDS] for w in phrase.split()]
    return " ".join(dict.fromkeys(spoken))


def _at_risk(goal: ContextItem, updates: dict[str, dt.date], today: dt.date) -> bool:
    """A goal an agenda flags: off track, at risk, or open with no update for a while."""
    facts = facts_of(goal, GoalFacts)
    status = facts.get("status") or ""
    if status in ("at_risk", "off_track"):
        return True
    if status in _CLOSED:
        return False
    recorded = facts.get("last_update")
    last = max(
        (
            d
            for d in (updates.get(goal.citation), recorded and dt.date.fromisoformat(recorded))
            if d
        ),
        default=goal.date,
    )
    return last is not None and today - last >= STALE_AFTER


def anchors_of(items: list[ContextItem], today: dt.date) -> list[tuple[str, str]]:
    """(anchor, query) for what an agenda discusses: each goal of the current cycle that is at
    risk, off track or stale (by its title), and each recurring theme of criticism (by its
    records' shared words)."""
    updates: dict[str, dt.date] = {}
    for update in items:
        goal_ref = update.facts.get("goal_citation")
        if update.record_type == "goal_update" and isinstance(goal_ref, str) and update.date:
            updates[goal_ref] = max(update.date, updates.get(goal_ref, update.date))
    out: list[tuple[str, str]] = []
    for goal in items:
        if goal.record_type != "goal" or goal_part_facts(goal).get("cycle_state") == "closed":
            continue
        if _at_risk(goal, updates, today):
            out.append((goal.citation, facts_of(goal, GoalFacts).get("title") or goal.text))
    for group in cluster(i for i in items if i.record_type == "feedback"):
        if group.theme.key == "general" or group.polarity >= 0 or len(group.items) < 2:
            continue
        query = _theme_query(group)
        if query:
            out.append((theme_anchor(group), query))
    return out[:MAX_ANCHORS]


def _name_words(names: Iterable[str]) -> frozenset[str]:
    """Every word of every name: a topic word that is one is a person, not a topic."""
    return frozenset(w for name in names for w in words(name))


def _closed(part: ContextItem) -> bool:
    return (
        part.record_type == "goal_update" and goal_part_facts(part).get("cycle_state") == "closed"
    )


def _private(part: ContextItem) -> bool:
    return part.record_type == "checkin" and part.facts.get("part") == "private"


def _matched(item: ContextItem, about: Topic) -> int:
    """How many of the anchor's topic words the record itself says."""
    return round(score(item, about, own=True) * len(about.terms))


def _link(
    g: Gathering,
    parts: dict[str, list[ContextItem]],
    anchors: list[tuple[str, str]],
    names: Container[str],
) -> dict[str, tuple[str, ...]]:
    assert g.subject.id is not None and g.index is not None
    scope = subject_scope(g.caller, g.subject.id)
    # An anchor with no topic words left ("meeting") could only link by accident.
    topics = {a: about for a, q in anchors if not (about := topic(q, name_words=names)).empty}
    anchors = [(a, q) for a, q in anchors if a in topics]
    index = _primed(g.index, [q for _, q in anchors])
    linked: dict[str, tuple[str, ...]] = {}
    for anchor, query in anchors:
        about = topics[anchor]
        hits = hybrid_search(
            query,
            scope,
            index=index,
            lexical=g.lexical,
            session=g.session,
            k=_CANDIDATES,
            subject_id=g.subject.id,
            record_types=_THEME_TYPES if anchor.startswith("theme:") else _LINKED_TYPES,
            since=g.since,
            until=g.until,
            today=g.today,
        )
        need = min(LINK_MIN_WORDS, len(about.terms))
        found: list[tuple[int, int, str]] = []
        for rank, hit in enumerate(hits):
            # A 1:1 is linked by its shared notes: one whose private notes alone are about it
            # would tell whoever reads the item what those notes say (they are cited as the
            # whole check-in).
            said = [_matched(p, about) for p in parts.get(hit.citation, ()) if not _private(p)]
            best = max(said, default=0)
            if hit.citation == anchor or best < need:
                continue
            if any(p.facts.get("goal_citation") == anchor for p in parts[hit.citation]):
                continue  # the goal's own updates: the agenda cites its latest already
            if any(_closed(p) for p in parts[hit.citation]):
                continue  # a closed quarter's update is history, not news about a current goal
            found.append((-best, rank, hit.citation))
        if found:
            linked[anchor] = tuple(c for _, _, c in sorted(found)[:PER_ANCHOR])
    return linked


def find_evidence(g: Gathering, got: Gathered, *, link: bool) -> Evidence:
    """The focus's records (when the request names one) and, with ``link``, the evidence linked
    to each goal and theme — all among ``got.items``."""
    focus = g.target.focus or ""
    if g.subject.id is None or not (focus or link) or g.index is None:
        return Evidence(focus=focus)
    parts: dict[str, list[ContextItem]] = {}
    for item in got.items:
        parts.setdefault(item.citation, []).append(item)
    chosen: tuple[str, ...] = ()
    if focus:
        found = retrieve(
            g.session,
            g.caller,
            focus,
            subject_id=g.subject.id,
            index=g.index,
            lexical=g.lexical,
            today=g.today,
        )
        chosen = tuple(dict.fromkeys(i.citation for i in found.items if i.citation in parts))
    linked: dict[str, tuple[str, ...]] = {}
    if link and got.items:
        # The words of everyone's name, once per org chart: read and split per request, they
        # were the largest part of linking at 10,000 people.
        names = org_chart(g.session).derived("name_words", _name_words)
        anchors = anchors_of(got.items, g.today)
        try:
            linked = _link(g, parts, anchors, names) if anchors else {}
        except RuntimeFailure as exc:
            # Linked evidence enriches an agenda; an index that is down must not cost the
            # agenda itself (a focus, asked for explicitly, does fail).
            log.warning("agenda evidence not linked: %s", exc)
    return Evidence(focus=focus, focus_citations=chosen, linked=linked)


def focus_priority(priority: PriorityFor, citations: Sequence[str]) -> PriorityFor:
    """``priority`` with the focus's records ahead of everything, in relevance order: they are
    packed first when the context exceeds the budget."""
    rank = {c: i for i, c in enumerate(citations)}
    if not rank:
        return priority

    def ranked(items: list[ContextItem], today: dt.date) -> Priority:
        base = priority(items, today)
        floor = min((base(i) for i in items), default=0.0) - len(rank) - 1
        return lambda item: floor + rank[item.citation] if item.citation in rank else base(item)

    return ranked
