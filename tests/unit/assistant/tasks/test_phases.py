"""generate() in three phases: the database phase returns an immutable plan, the model phase
holds no pooled connection while the model writes, the store phase writes on a new session."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from assistant.db import transaction
from assistant.llm import Message, OfflineModel, ScriptedModel
from assistant.models import Feedback, FeedbackKind, FeedbackVisibility, Person
from assistant.runtime import Runtime
from assistant.tasks.pipeline import Plan, generate, prepare
from assistant.tasks.plan import TaskRequest
from assistant.tasks.registry import task_named
from tests.orgs.tasks_org import TODAY, TasksOrg, build_tasks_org


@pytest.fixture
def org(runtime: Runtime) -> TasksOrg:
    return build_tasks_org(runtime)


def _agenda(org: TasksOrg, *citations: str) -> dict[str, list[dict[str, Any]]]:
    keys = ("wins", "goals_at_risk", "action_items", "feedback_to_discuss", "growth", "questions")
    out: dict[str, list[dict[str, Any]]] = {k: [] for k in keys}
    out["goals_at_risk"] = [
        {
            "text": "“Launch the partner API” is off track at 30%.",
            "citations": list(citations or [org.doc["off_track"]]),
        }
    ]
    return out


def _probe(runtime: Runtime, answer: dict[str, Any], seen: list[int]) -> Any:
    """A model call that records how many pooled connections are checked out meanwhile."""

    def call(messages: list[Message]) -> dict[str, Any]:
        seen.append(runtime.engine.pool.checkedout())  # type: ignore[attr-defined]
        return answer

    return call


def test_no_connection_is_held_while_the_model_writes(runtime: Runtime, org: TasksOrg) -> None:
    seen: list[int] = []
    made_up = _agenda(org, "G999999")  # a citation grounding must look up: forces the re-ask
    model = ScriptedModel([_probe(runtime, made_up, seen), _probe(runtime, _agenda(org), seen)])
    result = generate(
        runtime, "agenda", org.email("maya"), subject=org.email("dana"), today=TODAY, model=model
    )
    assert model.calls == 2 and seen == [0, 0]
    assert result.provider == "scripted" and not result.degraded
    assert runtime.engine.pool.checkedout() == 0  # type: ignore[attr-defined]


def test_no_connection_is_held_while_the_model_streams(runtime: Runtime, org: TasksOrg) -> None:
    seen: list[int] = []
    model = ScriptedModel([_probe(runtime, _agenda(org), seen)])
    counts: list[int] = []
    generate(
        runtime, "agenda", org.email("maya"), subject=org.email("dana"), today=TODAY,
        model=model, progress=counts.append,
    )  # fmt: skip
    assert seen == [0] and counts


def _plan(runtime: Runtime, org: TasksOrg, task: str = "agenda", **kw: Any) -> Plan:
    spec = task_named(task)
    target = spec.request(subject=org.email(kw.pop("subject", "dana")), **kw)
    return prepare(
        runtime, TaskRequest(spec, org.email("maya"), target, ScriptedModel(), today=TODAY)
    )


def test_the_plan_is_immutable_and_carries_the_prompt(runtime: Runtime, org: TasksOrg) -> None:
    plan = _plan(runtime, org)
    with pytest.raises(dataclasses.FrozenInstanceError):
        plan.cache_key = "x"  # type: ignore[misc]
    assert plan.packed is not None and plan.prompt and plan.cached is None
    assert plan.prompt_label == "agenda@1+system@1"
    assert org.doc["off_track"] in plan.prompt[-1].content
    assert {"Maya Chen", "Dana Okafor"} <= plan.people
    assert "Maya" in plan.allowed_names and "Dana" in plan.allowed_names


def _priya_in_a_record(runtime: Runtime, org: TasksOrg) -> None:
    """Two people outside the org's records; one of them is named in a new feedback record."""
    with transaction(runtime.sessions) as s:
        s.add(Person(external_id="far", name="Quentin Faraway", email="q@example.com"))
        s.add(Person(external_id="near", name="Priya Nearby", email="p@example.com"))
        s.add(
            Feedback(
                external_id="f-priya",
                giver_id=org.people["maya"],
                receiver_id=org.people["dana"],
                kind=FeedbackKind.PRAISE,
                visibility=FeedbackVisibility.SHARED,
                text="Paired well with Priya on the rollout.",
                date=TODAY,
            )
        )


def test_grounding_loads_only_the_names_the_context_can_refer_to(
    runtime: Runtime, org: TasksOrg
) -> None:
    _priya_in_a_record(runtime, org)
    plan = _plan(runtime, org)
    assert "Priya Nearby" in plan.people  # named (by first name) in a record in the context
    assert "Quentin Faraway" not in plan.people  # nothing in the context can refer to him


def test_a_name_from_one_record_cited_by_another_is_still_caught(
    runtime: Runtime, org: TasksOrg
) -> None:
    _priya_in_a_record(runtime, org)
    answer = _agenda(org)
    answer["goals_at_risk"][0]["text"] = "Priya Nearby says the partner API is off track."
    model = ScriptedModel([answer, answer])
    result = generate(
        runtime, "agenda", org.email("maya"), subject=org.email("dana"), today=TODAY, model=model
    )
    assert any("Priya Nearby" in d.reason for d in result.dropped)


def test_a_model_naming_someone_the_context_never_mentions_is_caught(
    runtime: Runtime, org: TasksOrg
) -> None:
    """The plan knows only the names its context can refer to; a model can still name anyone in
    the organisation (it invents), and grounding must know that name to drop the claim — looked
    up after the model has answered, never while it writes."""
    _priya_in_a_record(runtime, org)  # makes Quentin a person the context never mentions
    seen: list[int] = []
    answer = _agenda(org)
    answer["goals_at_risk"][0]["text"] = "Quentin Faraway says the partner API is off track."
    model = ScriptedModel([_probe(runtime, answer, seen), _probe(runtime, answer, seen)])
    result = generate(
        runtime, "agenda", org.email("maya"), subject=org.email("dana"), today=TODAY, model=model
    )
    assert seen == [0, 0]
    assert any("Quentin Faraway" in d.reason for d in result.dropped)
    assert "Quentin" not in str(result.output)


def test_an_offline_plan_packs_nothing(runtime: Runtime, org: TasksOrg) -> None:
    spec = task_named("agenda")
    plan = prepare(
        runtime,
        TaskRequest(
            spec, org.email("maya"), spec.request(subject=org.email("dana")), OfflineModel(),
            today=TODAY,
        ),
    )  # fmt: skip
    assert plan.offline_only and plan.prompt == () and plan.items
