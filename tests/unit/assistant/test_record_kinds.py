"""The record-kind registry is the single source: every per-kind table, regex and relation in the
code answers from assistant.kinds.KINDS, and nothing defaults for a kind it does not know."""

from __future__ import annotations

import datetime as dt
import string
import types
import typing
from pathlib import Path
from typing import Any, Literal, get_args, get_origin, get_type_hints

import pytest
from sqlalchemy import select

from assistant import access, grounding, removal
from assistant.db import make_engine
from assistant.kinds import (
    CITATION_RE,
    KINDS,
    RECORD_TYPES,
    UnknownKind,
    by_letter,
    children_of,
    cite,
    every_kind,
    family,
    kind,
    parse_citation,
)
from assistant.llm import obedient
from assistant.models import (
    ActionItem,
    ApiToken,
    AuditEvent,
    Base,
    CheckIn,
    CompanyValue,
    Cycle,
    DataVersion,
    Draft,
    FeedbackReading,
    GoalUpdate,
    KeyResult,
    OutboxEntry,
    Person,
    Team,
    UiSession,
)
from assistant.record_facts import FACTS, FeedbackFacts, GoalFacts, facts_of, goal_part_facts
from assistant.record_kinds import (
    INDEXED,
    PARTS,
    about,
    cite_row,
    kind_of,
    model_of,
    parts_of,
    window,
)
from assistant.records import context_about
from assistant.runtime import Runtime
from evals import sample
from retrieval.types import ContextItem
from tests.orgs.access_org import Org, build_org

LETTERS = {k.letter for k in KINDS}
# Tables that are not record kinds: people and structure, drafts, and the machinery. A new model
# must be added here or registered as a kind, so an indexed-looking table is never forgotten.
NOT_KINDS = {
    Team,
    Person,
    CompanyValue,
    Cycle,
    Draft,
    OutboxEntry,
    ApiToken,
    UiSession,
    AuditEvent,
    DataVersion,
    FeedbackReading,  # a feedback record's kept analysis: derived, goes with the record
}


def test_names_and_letters_are_unique_and_parents_come_first() -> None:
    assert len({k.name for k in KINDS}) == len(LETTERS) == len(KINDS)
    assert all(len(k.letter) == 1 and k.letter in string.ascii_uppercase for k in KINDS)
    for i, k in enumerate(KINDS):
        assert k.parent is None or k.parent in RECORD_TYPES[:i], k.name
    # Deletes run children first, so no foreign key ever points at a deleted row.
    order = removal.DELETE_ORDER
    assert sorted(order) == sorted(RECORD_TYPES)
    assert all(order.index(k.name) < order.index(k.parent) for k in KINDS if k.parent)


def test_every_record_model_is_a_kind_and_the_outbox_knows_exactly_those() -> None:
    mapped = {m.class_ for m in Base.registry.mappers}
    assert mapped - NOT_KINDS == set(INDEXED.values())
    assert not NOT_KINDS & set(INDEXED.values())
    for name in RECORD_TYPES:
        assert kind_of(model_of(name)) is kind(name)
    with pytest.raises(UnknownKind):
        kind_of(Person)


@pytest.mark.parametrize(
    "regex",
    [
        CITATION_RE,
        grounding._CITATION_LIKE,
        obedient._MENTIONED_ID,
        sample.CITATION_RE,
    ],
    ids=["kinds", "grounding", "obedient", "evals"],
)
def test_citation_regexes_accept_exactly_the_registry_letters(regex: Any) -> None:
    for letter in string.ascii_uppercase:
        assert bool(regex.search(f"{letter}12")) == (letter in LETTERS), (regex.pattern, letter)


def test_cite_and_parse_round_trip_for_every_kind() -> None:
    for k in KINDS:
        assert cite(k.name, 12) == f"{k.letter}12"
        assert by_letter(k.letter) is k
        assert parse_citation(cite(k.name, 12)) == (k.name, 12, False)
        private = parse_citation(cite(k.name, 3) + ":private")
        assert private == ((k.name, 3, True) if k.private_part else None)
    assert parse_citation("Z12") is None and parse_citation("G") is None


def test_unknown_kinds_raise_instead_of_defaulting() -> None:
    for call in (
        lambda: kind("person"),
        lambda: cite("person", 1),
        lambda: by_letter("Z"),
        lambda: model_of("person"),
        lambda: children_of("person"),
        lambda: about("person", 1),  # once silently an action item's predicate
        lambda: window("person", dt.date(2026, 1, 1), None),
    ):
        with pytest.raises(UnknownKind):
            call()
    assert issubclass(UnknownKind, ValueError)


def test_per_kind_tables_must_cover_every_kind() -> None:
    table = dict.fromkeys(RECORD_TYPES, 1)
    assert every_kind(table, "t") is table
    with pytest.raises(UnknownKind, match="missing kinds \\['goal'\\]"):
        every_kind({n: 1 for n in RECORD_TYPES if n != "goal"}, "t")
    with pytest.raises(UnknownKind, match="unknown kinds \\['person'\\]"):
        every_kind({**table, "person": 1}, "t")


def test_the_part_graph() -> None:
    assert children_of("goal") == ("key_result", "goal_update")
    assert children_of("checkin") == ("action_item",)
    assert children_of("feedback") == ()
    assert family("goal") == access.GOAL_RECORD_TYPES == ("goal", "key_result", "goal_update")
    assert {
        "goal": [("key_result", KeyResult.goal_id), ("goal_update", GoalUpdate.goal_id)],
        "checkin": [("action_item", ActionItem.checkin_id)],
    } == PARTS
    assert [(p.kind, p.model, p.key) for p in parts_of("checkin")] == [
        ("action_item", ActionItem, ActionItem.checkin_id)
    ]
    assert {k.name: k.plural for k in KINDS} == removal.LABELS


def test_cite_row() -> None:
    assert cite_row(CheckIn(id=7)) == "C7"
    with pytest.raises(UnknownKind):
        cite_row(Person(id=7))


def _scalars(annotation: Any) -> set[Any]:
    if get_origin(annotation) in (typing.Union, types.UnionType):
        return set().union(*(_scalars(a) for a in get_args(annotation)))
    if get_origin(annotation) is Literal:
        return {type(v) for v in get_args(annotation)}
    return {annotation}


def test_every_fact_is_a_scalar_a_context_item_may_hold() -> None:
    for name, facts in FACTS.items():
        for key, annotation in get_type_hints(facts).items():
            assert _scalars(annotation) <= {str, int, float, type(None)}, (name, key)


@pytest.fixture
def org(runtime: Runtime) -> Org:
    return build_org(runtime)


def test_records_build_each_kinds_facts_as_typed(runtime: Runtime, org: Org) -> None:
    """What the records layer builds has exactly the keys of its kind's fact type."""
    with runtime.sessions() as s:
        caller = access.load_caller(s, org.email("mgr"))
        items = context_about(s, caller, org.people["r1"], today=dt.date(2026, 12, 5))
    seen = {i.record_type for i in items}
    assert seen == set(RECORD_TYPES)
    for item in items:
        hints = FACTS[item.record_type]
        required = set(hints.__required_keys__)  # type: ignore[attr-defined]
        assert required <= set(item.facts) <= set(get_type_hints(hints)), item.citation
    goal = next(i for i in items if i.record_type == "goal")
    assert isinstance(facts_of(goal, GoalFacts)["progress"], int)
    assert goal_part_facts(goal) is goal.facts


def test_facts_of_checks_the_kind() -> None:
    item = ContextItem(
        "F1", "feedback", 1, None, 2, 3, "Feedback", "text", facts={"kind": "praise"}
    )
    assert facts_of(item, FeedbackFacts) == {"kind": "praise"}
    with pytest.raises(TypeError, match="F1 is a feedback, not a goal"):
        facts_of(item, GoalFacts)
    with pytest.raises(TypeError):
        goal_part_facts(item)


def test_a_persons_parts_are_read_through_the_foreign_key_index(tmp_path: Path) -> None:
    """ "Key results about this person" must not read every key result in the organisation: an
    agenda at 2,000 people scanned 67,000 goal updates for one person's (a correlated EXISTS;
    the plan, not a timing, is what is checked)."""
    engine = make_engine(f"sqlite:///{tmp_path / 'plan.db'}")
    parts = [k.name for k in KINDS if k.parent is not None]
    assert parts
    with engine.connect() as conn:
        for name in parts:
            stmt = select(model_of(name).id).where(about(name, 1))
            sql = str(stmt.compile(engine, compile_kwargs={"literal_binds": True}))
            plan = [row[-1] for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}")]
            table = model_of(name).__tablename__
            assert not any(step.startswith(f"SCAN {table}") for step in plan), (name, plan)
            assert any(step.startswith(f"SEARCH {table} USING") for step in plan), (name, plan)
    engine.dispose()
