"""The reporting line (who reports to whom, and each person's team) held in memory, one graph per
engine, for :func:`assistant.access.load_caller`; with everyone's name, so that finding whom a
word of a text can name (grounding's names, linked evidence's topic words) reads no table.

Reading the whole org chart on every request costs tens of milliseconds at 10,000 people; the
graph only changes when the data does, and the data version (assistant/data_version.py) moves in
every transaction that writes ``people`` — a reorg, a deactivation, an import. So the graph is
kept with the version it was read at and read again when a request sees another version: a reorg
re-scopes the very next request. The version is read before the graph, so a graph is never older
than the version it is filed under (a commit in between makes it newer, which is what "now" means).

Bounds: one graph per engine (held weakly: a disposed engine takes its graph with it), and a
bounded number of callers' places per graph. A graph is replaced, never mutated, so threads
share it without locks; one lock per engine makes concurrent misses read the chart once.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict, defaultdict, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar, cast

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from assistant.models import Person

T = TypeVar("T")

PLACES_PER_GRAPH = 512
"""Callers whose computed place a graph keeps (least recently used first out). Places are of
distinct people, so together they hold at most (people × depth of the chart) ids: a few MB at
10,000 people, whoever asks."""


@dataclass(frozen=True)
class Place:
    """Where a person sits: their reports, everyone below them, and the teams whose private
    goals they see (their own and those of everyone below)."""

    direct_reports: frozenset[int]
    below: frozenset[int]
    team_ids: frozenset[int]


class OrgChart:
    """The org chart as of one data version. Inactive people stay in the graph: a departed
    report's history still belongs to their manager."""

    def __init__(
        self,
        version: int,
        rows: list[tuple[int, int | None, int | None]],
        names: Iterable[str] = (),
    ):
        self.version = version
        # Full names by their first word (the whole name when it has one word): the names a
        # capitalised word of a text can start, found without a query over every person.
        by_first: dict[str, list[str]] = defaultdict(list)
        for name in names:
            by_first[name.split(" ", 1)[0]].append(name)
        self._by_first = {first: tuple(found) for first, found in by_first.items()}
        self._derived: dict[str, object] = {}
        children: dict[int, list[int]] = defaultdict(list)
        team_of: dict[int, int | None] = {}
        for pid, manager_id, team_id in rows:
            team_of[pid] = team_id
            if manager_id is not None:
                children[manager_id].append(pid)
        self._children = dict(children)
        self._team_of = team_of
        # Every person id (active or not), to tell "unknown" from "not yours".
        self.known_ids = frozenset(team_of)
        self._places: OrderedDict[tuple[int, int | None], Place] = OrderedDict()
        self._lock = threading.Lock()
        self._deriving = threading.Lock()

    @classmethod
    def read(cls, session: Session, version: int) -> OrgChart:
        rows = session.execute(select(Person.id, Person.manager_id, Person.team_id, Person.name))
        graph, names = [], []
        for pid, mid, tid, name in rows:
            graph.append((pid, mid, tid))
            names.append(str(name))
        return cls(version, graph, names)

    def names_starting(self, words: Iterable[str]) -> set[str]:
        """Full names that are one of ``words``, or start with one of them and a space
        (case-sensitive): whom a capitalised word of a text can name."""
        found: set[str] = set()
        for word in words:
            found.update(self._by_first.get(word, ()))
        return found

    def derived(self, key: str, build: Callable[[Iterable[str]], T]) -> T:
        """``build(every full name)``, computed once per graph under ``key``: what a reader
        derives from the organisation's names (the words of every name, say) costs one pass per
        data version instead of one per request."""
        with self._deriving:
            if key not in self._derived:
                self._derived[key] = build(n for found in self._by_first.values() for n in found)
            return cast(T, self._derived[key])

    def place(self, person_id: int, team_id: int | None) -> Place:
        """``person_id``'s place; ``team_id`` is their team as their own row says."""
        key = (person_id, team_id)
        with self._lock:
            found = self._places.get(key)
            if found is not None:
                self._places.move_to_end(key)
                return found
        found = self._compute(person_id, team_id)
        with self._lock:
            self._places[key] = found
            while len(self._places) > PLACES_PER_GRAPH:
                self._places.popitem(last=False)
        return found

    def places_held(self) -> int:
        return len(self._places)

    def _compute(self, person_id: int, team_id: int | None) -> Place:
        below: set[int] = set()
        queue = deque(self._children.get(person_id, ()))
        while queue:
            pid = queue.popleft()
            if pid == person_id or pid in below:  # a cycle in bad data must not loop
                continue
            below.add(pid)
            queue.extend(self._children.get(pid, ()))
        teams = {self._team_of.get(p) for p in below} | {team_id}
        return Place(
            direct_reports=frozenset(
                p for p in self._children.get(person_id, ()) if p != person_id
            ),
            below=frozenset(below),
            team_ids=frozenset(t for t in teams if t is not None),
        )


class _Slot:
    """One engine's current graph, and the lock that makes concurrent misses read it once."""

    def __init__(self) -> None:
        self.chart: OrgChart | None = None
        self.reading = threading.Lock()


_slots: weakref.WeakKeyDictionary[Engine, _Slot] = weakref.WeakKeyDictionary()
_slots_lock = threading.Lock()


def _slot(engine: Engine) -> _Slot:
    with _slots_lock:
        slot = _slots.get(engine)
        if slot is None:
            slot = _slots[engine] = _Slot()
        return slot


def chart_at(session: Session, version: int) -> OrgChart:
    """The org chart as of data version ``version`` (read by the caller, before this), from
    memory when this process already read it at that version."""
    engine = session.get_bind()
    if not isinstance(engine, Engine):  # bound to a connection: nothing to key a graph on
        return OrgChart.read(session, version)
    slot = _slot(engine)
    chart = slot.chart
    if chart is not None and chart.version == version:
        return chart
    with slot.reading:
        chart = slot.chart
        if chart is not None and chart.version == version:
            return chart  # another thread read it while this one waited
        chart = OrgChart.read(session, version)
        slot.chart = chart
        return chart


def charts_held() -> int:
    """How many graphs the process holds (one per live engine at most)."""
    with _slots_lock:
        return sum(1 for slot in _slots.values() if slot.chart is not None)


__all__ = ["PLACES_PER_GRAPH", "OrgChart", "Place", "chart_at", "charts_held"]
