"""What goes in when a long history outgrows the token budget: what the task is anchored on, then
the older records most like it.

Packing by the task's own priority (assistant/tasks/context.py) ranks records by kind and age. That
is right while everything fits; over two years of records it fills the budget with whatever is
newest among equals, and an action item promised ten months ago and never done, or feedback from
last year about the very thing a goal is stuck on now, never reaches the model.

So when the gathered records do not all fit, the order becomes:

1. **The anchors** — what the person is working on and what is open: current-cycle goals that are
   not closed and each one's latest update, open action items, the last 1:1 and any 1:1 of the
   last :data:`RECENT`. In the task's own priority order.
2. **The rest, by turns**: for each record the task's own priority picks, relevance picks two
   (:data:`SHARES`). Relevance gives each anchor its closest remaining match in turn (so every
   anchor gets evidence, not only the one most records resemble), a match scored by words
   (TF-IDF over the gathered records) and by meaning (the configured embedder), fused as hybrid
   search fuses its two legs, plus a little for recency. The task's own order keeps a third of
   the room, so what it valued (a summary's even spread over the period, recent feedback,
   closed goals as wins) still goes in.

Recent feedback is not an anchor: six weeks of it is many records, and its stock phrases would
match stock phrases of every year.

Only records already gathered, under the caller's access, can be chosen. Anchors are read
through the same access-checked records layer (:func:`anchor_reader`), for a task whose own
records do not hold them (a summary gathers only feedback); they are compared with, never
packed. When everything fits, packing is exactly the task's own (no embedding, no extra read).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import numpy as np
from sqlalchemy.orm import Session

from assistant.access import Caller
from assistant.records import context_about
from assistant.tasks import windows as w
from assistant.tasks.context import PriorityFor, pack_for
from assistant.tasks.relevance import stem, words
from retrieval.lexical import STOPWORDS
from retrieval.packing import Packed, pack
from retrieval.search import DEFAULT_WEIGHTS
from retrieval.types import ContextItem

if TYPE_CHECKING:
    from retrieval.embedders import Embedder

__all__ = [
    "RECENT",
    "anchor_reader",
    "anchors_of",
    "by_relevance",
    "order_by_anchors",
    "pack_by_anchors",
]

RECENT = w.FEEDBACK_RECENT
"""1:1s this recent are anchors: the window an agenda discusses feedback in (six weeks)."""

SHARES = (1, 2)
"""Turns of (the task's own order, relevance) in what follows the anchors: relevance takes two
records for every one the task's order takes."""

RRF_K = 60
"""Reciprocal rank fusion's constant, as in hybrid search."""

RECENCY_WEIGHT = 0.1 / RRF_K
"""Relevance's recency term: today, a tenth of what a first rank on the vector leg adds, halving
every :data:`RECENCY_HALF_LIFE` days — orders near-equal matches newest first, never a clearly
closer match after a newer one."""

RECENCY_HALF_LIFE = 180.0

_CLOSED = ("done", "dropped")
# Record kinds an anchor reader reads: goals, their updates, action items and 1:1s.
_ANCHOR_KINDS = ("goal", "goal_update", "action_item", "checkin")

AnchorReader = Callable[[Sequence[str]], list[ContextItem]]
EmbedderFor = Callable[[], "Embedder"]


def anchor_reader(
    session: Session, caller: Caller, subject_id: int, today: dt.date
) -> AnchorReader:
    """Reads, when called with record kinds, the subject's records of those kinds the caller may
    see: where anchors come from when the task gathered other kinds (a summary: feedback)."""
    return lambda kinds: context_about(session, caller, subject_id, record_types=kinds, today=today)


def _age(item: ContextItem, today: dt.date) -> int:
    return (today - item.date).days if item.date else w.UNDATED_AGE_DAYS


def anchors_of(items: Sequence[ContextItem], today: dt.date) -> list[ContextItem]:
    """The anchors among ``items`` (see the module docstring), in the order given."""
    current = {
        i.citation
        for i in items
        if i.record_type == "goal"
        and i.facts.get("cycle_state") != "closed"
        and i.facts.get("status") not in _CLOSED
    }
    latest: dict[str, ContextItem] = {}
    for item in items:
        goal = item.facts.get("goal_citation")
        if item.record_type == "goal_update" and goal in current:
            assert isinstance(goal, str)
            seen = latest.get(goal)
            if seen is None or (item.date or dt.date.min) > (seen.date or dt.date.min):
                latest[goal] = item
    checkins = [i for i in items if i.record_type == "checkin"]
    last_checkin = max((i.date or dt.date.min for i in checkins), default=None)
    latest_ids = {i.citation for i in latest.values()}

    def is_anchor(item: ContextItem) -> bool:
        kind = item.record_type
        if kind == "goal":
            return item.citation in current
        if kind == "goal_update":
            return item.citation in latest_ids
        if kind == "action_item":
            return item.facts.get("status") == "open"
        return kind == "checkin" and (item.date == last_checkin or _age(item, today) <= RECENT.days)

    return [i for i in items if is_anchor(i)]


def _cosines(rows: np.ndarray, n_items: int) -> np.ndarray:
    """Cosine of each of the first ``n_items`` rows with each row after them (the anchors)."""
    rows = rows / np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-9)
    return rows[:n_items] @ rows[n_items:].T  # type: ignore[no-any-return]


def _lexical_rows(texts: Sequence[str]) -> np.ndarray:
    """TF-IDF rows over these texts alone: a word most of one person's records share (their
    name, the team's stock phrases) counts for little, a word few share (a system, an issue)
    for much."""
    stems: dict[str, str] = {}
    docs = [
        [stems.get(w) or stems.setdefault(w, stem(w)) for w in words(t)
         if w not in STOPWORDS and len(w) > 2]
        for t in texts
    ]  # fmt: skip
    vocab: dict[str, int] = {}
    for doc in docs:
        for term in doc:
            vocab.setdefault(term, len(vocab))
    counts = np.zeros((len(docs), max(len(vocab), 1)), dtype=np.float32)
    for row, doc in enumerate(docs):
        for term in doc:
            counts[row, vocab[term]] += 1.0
    df = (counts > 0).sum(axis=0)
    idf = np.log((1 + len(docs)) / (1 + df)) + 1.0
    return np.log1p(counts) * idf  # type: ignore[no-any-return]


def _ranks(scores: np.ndarray) -> np.ndarray:
    """1 for the highest score in each column, 2 for the next..."""
    order = np.argsort(-scores, axis=0, kind="stable")
    ranks = np.empty_like(scores)
    np.put_along_axis(ranks, order, np.arange(1, len(scores) + 1)[:, None], axis=0)
    return ranks


def by_relevance(
    items: Sequence[ContextItem],
    anchors: Sequence[ContextItem],
    embedder: Embedder,
    today: dt.date,
) -> list[ContextItem]:
    """``items`` by relevance to the anchors, taking each anchor's closest match in turn (so
    every anchor gets its evidence, not only the one most records resemble); what matches no
    anchor better than it matches others comes last, newest first.

    A match is scored by words (TF-IDF over these records) and by meaning (the embedder),
    fused by weighted reciprocal rank as hybrid search fuses its legs (retrieval/search.py,
    same weights), plus a little for recency. An item never matches itself (a check-in's two
    parts share a citation)."""
    if not items or not anchors:
        return sorted(items, key=lambda i: (_age(i, today), i.citation))
    # Each record's own words (a goal's include its title): an update matched through its goal's
    # title would match every anchor its goal matches, and crowd out what it says.
    texts = [i.text for i in [*items, *anchors]]
    vectors = embedder.embed(texts)
    # Texts of one person's records share a common direction (the same names, the same kinds
    # of sentence); taking it out leaves what each is about.
    by_meaning = _cosines(vectors - vectors.mean(axis=0), len(items))
    by_words = _cosines(_lexical_rows(texts), len(items))
    w_vec, w_lex = DEFAULT_WEIGHTS
    fused = w_vec / (RRF_K + _ranks(by_meaning)) + w_lex / (RRF_K + _ranks(by_words))
    ages = np.array([max(_age(i, today), 0) for i in items], dtype=np.float64)
    fused += (RECENCY_WEIGHT * 0.5 ** (ages / RECENCY_HALF_LIFE))[:, None]
    itself = np.array([[a.citation == i.citation for a in anchors] for i in items])
    fused[itself] = -1.0
    queues = [list(np.argsort(-fused[:, col], kind="stable")) for col in range(len(anchors))]
    ordered: list[ContextItem] = []
    taken: set[int] = set()
    while len(taken) < len(items):
        for queue in queues:
            while queue and int(queue[0]) in taken:
                queue.pop(0)
            if queue:
                row = int(queue.pop(0))
                taken.add(row)
                ordered.append(items[row])
    return ordered


def order_by_anchors(
    priority: PriorityFor,
    items: Sequence[ContextItem],
    today: dt.date,
    anchors: Sequence[ContextItem],
    embedder: Embedder,
) -> list[ContextItem]:
    """``items`` in packing order: the anchors among them first (by ``priority``), then the rest
    taken in turns from ``priority``'s order and from relevance to ``anchors``."""
    base = priority(list(items), today)

    def by_priority(item: ContextItem) -> tuple[float, int, str]:
        return (base(item), -(item.date or dt.date.min).toordinal(), item.citation)

    anchor_ids = {a.citation for a in anchors_of(items, today)}
    spine = sorted((i for i in items if i.citation in anchor_ids), key=by_priority)
    rest = [i for i in items if i.citation not in anchor_ids]
    # Anchors take turns in the task's order: an open goal's evidence before an old 1:1's.
    turn_order = sorted(anchors, key=by_priority)
    turns = (sorted(rest, key=by_priority), by_relevance(rest, turn_order, embedder, today))
    ordered, taken = list(spine), set[int]()
    queues = (iter(turns[0]), iter(turns[1]))
    while len(taken) < len(rest):
        for queue, share in zip(queues, SHARES, strict=True):
            for _ in range(share):
                item = next((i for i in queue if id(i) not in taken), None)
                if item is not None:
                    taken.add(id(item))
                    ordered.append(item)
    return ordered


CHARS_PER_TOKEN_AT_MOST = 8
"""Records' text and labels run about four characters a token in English; at eight, a history
whose characters still exceed the budget's tokens is over it, and packing it by the task's own
order first would be wasted (a wrong guess only orders records that would all fit anyway)."""


def _surely_over(items: Sequence[ContextItem], budget: int) -> bool:
    chars = sum(len(i.text) + len(i.label) for i in items)
    return chars > budget * CHARS_PER_TOKEN_AT_MOST


def pack_by_anchors(
    priority: PriorityFor,
    items: list[ContextItem],
    budget: int,
    model: str | None,
    today: dt.date,
    *,
    anchors: AnchorReader | None,
    embedder: EmbedderFor,
) -> Packed:
    """The records a model reads within ``budget``: the task's own packing when everything fits
    (or the task has no anchors: ``anchors`` None), else anchored (see the module docstring)."""
    if anchors is None:
        return pack_for(priority, items, budget, model, today)
    if not _surely_over(items, budget):
        packed = pack_for(priority, items, budget, model, today)
        if set(packed.dropped_citations) <= set(packed.duplicates):
            return packed
    gathered = {i.record_type for i in items}
    missing = [kind for kind in _ANCHOR_KINDS if kind not in gathered]
    more = anchors(missing) if missing else []
    found = anchors_of([*items, *more], today)
    ordered = order_by_anchors(priority, items, today, found, embedder())
    position = {id(item): float(n) for n, item in enumerate(ordered)}
    return pack(items, budget, priority=lambda i: position[id(i)], model=model)
