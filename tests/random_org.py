"""Random small organisations for the property-based access tests (hypothesis).

:func:`orgs` draws a :class:`Plan`: a reporting tree of 5-30 people (roles employee, hr, admin;
"manager" is anyone with reports), goals owned by a person or a team, key results and updates,
feedback of every visibility, check-ins with and without private notes, action items, and a reorg
(reports moved to another manager, people deactivated) applied after the records were written.

:func:`expected_docs` says what each person may see, worked out from the plan alone with the
policy as docs/ARCHITECTURE.md states it — it deliberately shares no code with
assistant/access.py, so the tests compare two independent readings of the policy. Every
record's text carries a unique marker (``mk12x``), so a record's text can be recognised
wherever it turns up (a prompt, an output, an API response) and traced back to the record it
came from.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from sqlalchemy import select

from assistant import auth
from assistant.db import make_engine, transaction
from assistant.models import Person
from assistant.runtime import Runtime
from assistant.settings import Settings
from tests.builder import build as build_org

DAY = dt.date(2026, 11, 16)
TEAMS = ("Engineering", "Sales", "Support")
MARKER = re.compile(r"\bmk(\d+)x\b")
# Every record's text holds this word too, so one search finds every document a scope allows.
COMMON_WORD = "ledger"
START = -40  # updates, feedback and check-ins are dated a day apart from DAY - 40 days on


def property_settings(max_examples: int) -> settings:
    """Run sizes for the property tests: no per-example deadline (the machine is shared), and
    under ``CI=true`` the same examples every run (derandomized, no example database)."""
    return settings(
        max_examples=max_examples,
        deadline=None,
        derandomize=os.environ.get("CI") == "true",
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


@dataclass(frozen=True)
class Plan:
    """An organisation as plain data. People and records are referred to by their index."""

    managers: tuple[int | None, ...]  # each person's manager as first written
    teams: tuple[int, ...]
    roles: tuple[tuple[str, ...], ...]
    goals: tuple[tuple[str, int, str], ...]  # ("person" | "team", owner, visibility)
    key_results: tuple[int, ...]  # goal
    updates: tuple[tuple[int, int], ...]  # (goal, author)
    feedback: tuple[tuple[int, int, str], ...]  # (giver, receiver, visibility)
    checkins: tuple[tuple[int, int, bool], ...]  # (employee, manager, has private notes)
    actions: tuple[tuple[int, int], ...]  # (check-in, owner)
    moves: tuple[tuple[int, int], ...]  # (person, new manager), applied in order
    deactivated: frozenset[int]

    @property
    def size(self) -> int:
        return len(self.managers)

    def final_managers(self) -> list[int | None]:
        managers = list(self.managers)
        for person, new in self.moves:
            managers[person] = new
        return managers


def _subtree(managers: list[int | None], root: int) -> set[int]:
    found: set[int] = set()
    frontier = [root]
    while frontier:
        boss = frontier.pop()
        for person, manager in enumerate(managers):
            if manager == boss and person not in found and person != root:
                found.add(person)
                frontier.append(person)
    return found


@st.composite
def orgs(draw: st.DrawFn, min_people: int = 5, max_people: int = 30) -> Plan:
    n = draw(st.integers(min_people, max_people))
    person = st.integers(0, n - 1)
    # Person 0 leads; everyone else reports to someone listed before them: always a tree.
    managers: list[int | None] = [None] + [draw(st.integers(0, i - 1)) for i in range(1, n)]
    teams = tuple(draw(st.integers(0, len(TEAMS) - 1)) for _ in range(n))
    extra = st.sampled_from([(), (), ("hr",), ("admin",), ("hr", "admin")])
    roles = tuple(("employee", *draw(extra)) for _ in range(n))

    vis_goal = st.sampled_from(["public", "private"])
    goals = tuple(
        draw(
            st.lists(
                st.one_of(
                    st.tuples(st.just("person"), person, vis_goal),
                    st.tuples(st.just("team"), st.integers(0, len(TEAMS) - 1), vis_goal),
                ),
                max_size=10,
            )
        )
    )
    goal = st.integers(0, max(len(goals) - 1, 0))
    key_results = tuple(draw(st.lists(goal, max_size=6))) if goals else ()
    updates = tuple(draw(st.lists(st.tuples(goal, person), max_size=6))) if goals else ()

    pair = st.tuples(person, person).filter(lambda p: p[0] != p[1])
    vis_feedback = st.sampled_from(["shared", "manager_only", "private"])
    feedback = tuple(
        (g, r, v) for (g, r), v in draw(st.lists(st.tuples(pair, vis_feedback), max_size=20))
    )
    # Mostly the employee's manager at the time, sometimes anyone (a former manager's 1:1s).
    checkins: list[tuple[int, int, bool]] = []
    for employee, other, usual, private in draw(
        st.lists(st.tuples(person, person, st.booleans(), st.booleans()), max_size=8)
    ):
        manager = managers[employee] if usual and managers[employee] is not None else other
        if manager != employee:
            checkins.append((employee, manager, private))
    actions = (
        tuple(draw(st.lists(st.tuples(st.integers(0, len(checkins) - 1), person), max_size=8)))
        if checkins
        else ()
    )

    # The reorg: a report moves to any manager outside their own subtree (no cycles).
    moves: list[tuple[int, int]] = []
    current = list(managers)
    for mover, target in draw(st.lists(st.tuples(st.integers(1, n - 1), person), max_size=3)):
        if target != mover and target not in _subtree(current, mover):
            current[mover] = target
            moves.append((mover, target))
    deactivated = frozenset(draw(st.sets(st.integers(1, n - 1), max_size=2)))
    return Plan(
        managers=tuple(managers),
        teams=teams,
        roles=roles,
        goals=goals,
        key_results=key_results,
        updates=updates,
        feedback=feedback,
        checkins=tuple(checkins),
        actions=actions,
        moves=tuple(moves),
        deactivated=deactivated,
    )


# --- the policy, from first principles ---------------------------------------------------------

# A record of the plan: (type letter, index); ("C", i, "private") for a check-in's private notes.
Key = tuple[Any, ...]


def expected_docs(plan: Plan, caller: int) -> set[Key]:
    """Every record (and private part) ``caller`` may see after the reorg (docs/ARCHITECTURE.md)."""
    managers = plan.final_managers()
    below = _subtree(managers, caller)
    mine = below | {caller}
    my_teams = {plan.teams[p] for p in mine}

    def goal_ok(g: int) -> bool:
        kind, owner, vis = plan.goals[g]
        if vis == "public":
            return True
        return owner in mine if kind == "person" else owner in my_teams

    seen: set[Key] = set()
    seen |= {("G", g) for g in range(len(plan.goals)) if goal_ok(g)}
    seen |= {("K", i) for i, g in enumerate(plan.key_results) if goal_ok(g)}
    seen |= {("U", i) for i, (g, _) in enumerate(plan.updates) if goal_ok(g)}
    for i, (giver, receiver, vis) in enumerate(plan.feedback):
        if (
            giver == caller
            or (receiver == caller and vis == "shared")
            or (receiver in below and vis in ("shared", "manager_only"))
        ):
            seen.add(("F", i))
    for i, (employee, manager, private) in enumerate(plan.checkins):
        if manager == caller or employee in mine:
            seen.add(("C", i))
        if private and manager == caller:  # only the author, never their managers
            seen.add(("C", i, "private"))
    for i, (checkin, owner) in enumerate(plan.actions):
        if owner == caller or plan.checkins[checkin][0] in mine:
            seen.add(("A", i))
    return seen


def below(plan: Plan, caller: int, *, before_reorg: bool = False) -> set[int]:
    return _subtree(list(plan.managers) if before_reorg else plan.final_managers(), caller)


def group_shared_feedback(plan: Plan, group: set[int]) -> set[Key]:
    """What HR themes over ``group`` may read: feedback shared with a member, nothing else."""
    return {
        ("F", i)
        for i, (_, receiver, vis) in enumerate(plan.feedback)
        if receiver in group and vis == "shared"
    }


# --- building the plan in a database -----------------------------------------------------------


def make_template(directory: Path) -> Path:
    """An empty, migrated SQLite database to copy for each example (migrating is the slow part)."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "template.db"
    make_engine(f"sqlite:///{path}").dispose()
    return path


@contextmanager
def example_runtime(template: Path) -> Iterator[Runtime]:
    """A Runtime over a fresh copy of ``template``, for one hypothesis example."""
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        shutil.copy(template, directory / "cadence.db")
        settings = Settings(
            data_dir=directory / "data",
            database_url=f"sqlite:///{directory / 'cadence.db'}",
            environment="test",
            today=DAY,
        )
        runtime = Runtime(settings)
        try:
            yield runtime
        finally:
            runtime.close()


@dataclass
class Built:
    plan: Plan
    people: list[int]  # plan index -> Person.id
    emails: list[str]
    docs: dict[Key, str] = field(default_factory=dict)  # plan key -> document id ("C4:private")
    markers: dict[int, Key] = field(default_factory=dict)  # marker number -> plan key
    tokens: dict[int, str] = field(default_factory=dict)  # plan index -> API token

    def index_of(self, person_id: int) -> int:
        return self.people.index(person_id)

    def doc_ids(self, keys: set[Key]) -> set[str]:
        return {self.docs[k] for k in keys}

    def citations(self, keys: set[Key]) -> set[str]:
        return {self.docs[k].split(":")[0] for k in keys}

    def all_citations(self) -> list[str]:
        return sorted({d.split(":")[0] for d in self.docs.values()})

    def keys_in(self, text: str) -> set[Key]:
        """The records whose marker appears in ``text``."""
        return {self.markers[int(m)] for m in MARKER.findall(text) if int(m) in self.markers}


def build(runtime: Runtime, plan: Plan, *, tokens: bool = False) -> Built:
    """Write ``plan`` as it was before the reorg (see :func:`reorg`), with :mod:`tests.builder`."""
    out = Built(plan, [], [])

    def text(key: Key, what: str) -> str:
        number = len(out.markers) + 1
        out.markers[number] = key
        return f"{what} about the {COMMON_WORD} mk{number}x"

    with build_org(runtime, today=DAY, domain="example.com") as b:
        for i, name in enumerate(TEAMS):
            b.team(f"t{i}", name)
        b.cycle("q4", "2026-Q4", dt.date(2026, 10, 1), dt.date(2026, 12, 31))
        for i, manager in enumerate(plan.managers):
            boss = None if manager is None else f"p{manager}"
            team = f"t{plan.teams[i]}"
            b.person(f"p{i}", f"Person{i} Surname{i}", manager=boss, team=team, roles=plan.roles[i])
        for i, (kind, owner, vis) in enumerate(plan.goals):
            b.goal(
                f"g{i}", f"Goal {i}", description=text(("G", i), "A goal"),
                owner=f"p{owner}" if kind == "person" else None,
                team=f"t{owner}" if kind == "team" else None, cycle="q4", visibility=vis,
                status="at_risk", progress=40, created=dt.date(2026, 10, 2), due=20,
            )  # fmt: skip
        for i, g in enumerate(plan.key_results):
            b.key_result(f"k{i}", f"g{g}", text(("K", i), "A key result"), unit="%", current=30)
        for i, (g, author) in enumerate(plan.updates):
            note = text(("U", i), "An update")
            b.update(
                f"u{i}", f"g{g}", note, author=f"p{author}", on=START + i, progress=40,
                status="at_risk",
            )  # fmt: skip
        for i, (giver, receiver, vis) in enumerate(plan.feedback):
            b.feedback(
                f"f{i}", text(("F", i), f"Feedback, {vis}"), giver=f"p{giver}",
                receiver=f"p{receiver}", on=START + i, visibility=vis,
                kind="praise" if i % 2 else "constructive",
            )  # fmt: skip
        for i, (employee, manager, private) in enumerate(plan.checkins):
            shared = text(("C", i), "Shared notes")
            b.checkin(
                f"c{i}", employee=f"p{employee}", manager=f"p{manager}", mood=3,
                on=START + i, shared=shared,
                private=text(("C", i, "private"), "Private notes") if private else "",
            )  # fmt: skip
        for i, (checkin, owner) in enumerate(plan.actions):
            act = text(("A", i), "An action")
            b.action(f"a{i}", f"c{checkin}", act, owner=f"p{owner}", due=-3)
        org = b.org
        out.people = [org.people[f"p{i}"] for i in range(plan.size)]
        out.emails = [org.email(f"p{i}") for i in range(plan.size)]
        for key, doc in org.doc.items():
            letter, rest = key[0].upper(), key[1:]
            index, private = (int(rest.removesuffix("_private")), rest.endswith("_private"))
            out.docs[(letter, index, "private") if private else (letter, index)] = doc
        if tokens:
            for i, email in enumerate(out.emails):
                out.tokens[i] = auth.create_token(b.session, email, "property test")[1]
    return out


def reorg(runtime: Runtime, built: Built) -> None:
    """Apply the plan's moves and deactivations, as an admin's import would."""
    plan = built.plan
    with transaction(runtime.sessions) as s:
        rows = {p.id: p for p in s.scalars(select(Person))}
        for person, new_manager in plan.moves:
            rows[built.people[person]].manager_id = built.people[new_manager]
        for person in plan.deactivated:
            rows[built.people[person]].active = False


def active(plan: Plan) -> list[int]:
    return [i for i in range(plan.size) if i not in plan.deactivated]


def callers(plan: Plan, draw: st.DrawFn, most: int = 4) -> list[int]:
    """A few active people to ask as: one of each kind present (HR, admin, a manager, someone
    with no reports), then others drawn at random."""
    live = active(plan)
    managers = plan.final_managers()
    kinds = [
        [i for i in live if "hr" in plan.roles[i]],
        [i for i in live if "admin" in plan.roles[i]],
        [i for i in live if i in managers],
        [i for i in live if i not in managers],
    ]
    chosen: list[int] = []
    for group in kinds:
        if group and not set(group) & set(chosen):
            chosen.append(draw(st.sampled_from(group)))
    rest = [i for i in live if i not in chosen]
    if rest and len(chosen) < most:
        chosen += draw(st.lists(st.sampled_from(rest), max_size=most - len(chosen), unique=True))
    return chosen
