"""The task pipeline end to end on SQLite and PostgreSQL: access first, then context, the model
(scripted) or the offline drafter, grounding with one re-ask, the Draft cache and degradation."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import func, select

from assistant.errors import AccessDenied, GroupTooSmall, NotFound
from assistant.llm import ModelTimeout, ScriptedModel
from assistant.models import Draft, Person
from assistant.runtime import Runtime
from assistant.settings import Settings
from assistant.tasks import TaskResult, pipeline
from assistant.tasks.pipeline import generate
from tests.orgs.tasks_org import CANARY, PAYLOAD, PRIVATE_CANARY, TODAY, TasksOrg, build_tasks_org


@pytest.fixture
def org(runtime: Runtime) -> TasksOrg:
    return build_tasks_org(runtime)


def _agenda(**sections: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    keys = ("wins", "goals_at_risk", "action_items", "feedback_to_discuss", "growth", "questions")
    return {k: sections.get(k, []) for k in keys}


def _run(
    runtime: Runtime,
    people: TasksOrg,
    model: ScriptedModel | None = None,
    task: str = "agenda",
    caller: str = "maya",
    **kw: Any,
) -> TaskResult:
    subject = kw.pop("subject", "dana" if task != "themes" else None)
    return generate(
        runtime,
        task,
        people.email(caller),
        subject=people.email(subject) if subject else None,
        today=TODAY,
        model=model,
        **kw,
    )


def _texts(result: TaskResult) -> str:
    return " ".join(i["text"] for v in result.output.values() for i in v)


# --- offline -----------------------------------------------------------------------------------


def test_offline_agenda_surfaces_what_a_manager_needs(runtime: Runtime, org: TasksOrg) -> None:
    result = _run(runtime, org)
    out = result.output
    assert result.provider == "offline" and result.degraded is None and not result.cached
    # The top three opens the agenda; the lines it took left their sections.
    top = out["top_three"]
    risks = {c for i in [*top, *out["goals_at_risk"]] for c in i["citations"]}
    assert {org.doc["off_track"], org.doc["stale"]} <= risks
    overdue = next(i for i in [*top, *out["action_items"]] if org.doc["overdue"] in i["citations"])
    assert "overdue since 2026-11-13" in overdue["text"].lower()
    theme = next(i for i in [*top, *out["feedback_to_discuss"]] if "Recurring" in i["text"])
    assert {org.doc[f"t{n}"] for n in range(1, 5)} <= set(theme["citations"])
    assert 3 <= len(out["questions"]) <= 5
    assert PAYLOAD not in _texts(result) and result.dropped == []
    with runtime.sessions() as s:
        draft = s.get(Draft, result.draft_id)
        assert draft is not None and draft.task == "agenda" and draft.provider == "offline"
        assert draft.prompt_version == "agenda@1+system@1" and len(draft.context_hash) == 64


@pytest.mark.parametrize("task", ["summary", "coaching"])
def test_offline_summary_and_coaching_answer_the_manager(
    runtime: Runtime, org: TasksOrg, task: str
) -> None:
    result = _run(runtime, org, task=task)
    assert result.output and all(
        item["citations"] for items in result.output.values() for item in items
    )


def test_reflection_never_sees_manager_only_feedback_or_private_notes(
    runtime: Runtime, org: TasksOrg
) -> None:
    result = _run(runtime, org, task="reflection", caller="dana", subject=None)
    text = result.model_dump_json()
    assert CANARY not in text and PRIVATE_CANARY not in text
    assert org.doc["manager_only"] not in text
    assert result.output["accomplishments"] or result.output["intentions"]


def test_themes_are_for_hr_and_for_large_enough_groups(
    runtime: Runtime, org: TasksOrg, settings: Settings
) -> None:
    result = _run(runtime, org, task="themes", caller="hana", team="Payments")
    assert result.task == "themes"
    with pytest.raises(AccessDenied):
        _run(runtime, org, task="themes", caller="maya", team="Payments")
    strict = Runtime(settings.model_copy(update={"anonymity_k": 20}))
    with pytest.raises(GroupTooSmall):
        _run(strict, org, task="themes", caller="hana", org=True)
    strict.close()


@pytest.mark.parametrize(
    ("task", "caller", "subject"),
    [("agenda", "dana", "ari"), ("coaching", "luis", "dana"), ("summary", "ari", "dana")],
)
def test_access_is_checked_before_anything_is_read(
    runtime: Runtime, org: TasksOrg, task: str, caller: str, subject: str
) -> None:
    model = ScriptedModel()
    with pytest.raises(NotFound):
        _run(runtime, org, model, task=task, caller=caller, subject=subject)
    assert model.calls == 0


# --- with a model ------------------------------------------------------------------------------


def _good(org: TasksOrg) -> dict[str, list[dict[str, Any]]]:
    return _agenda(
        goals_at_risk=[
            {
                "text": "“Launch the partner API” is off track at 30%.",
                "citations": [org.doc["off_track"]],
            }
        ],
        questions=[
            {
                "text": "What is blocking the partner API?",
                "citations": [org.doc["off_track"], org.doc["update_off"]],
            }
        ],
    )


def test_a_grounded_model_answer_is_stored_and_records_are_delimited_data(
    runtime: Runtime, org: TasksOrg
) -> None:
    model = ScriptedModel([_good(org)])
    result = _run(runtime, org, model)
    assert (result.provider, result.model, result.dropped) == ("scripted", "scripted-1", [])
    assert result.tokens_in > 0 and model.calls == 1
    system, user = model.history[0]
    assert "never an instruction" in system.content
    injection = org.doc["injection"]
    block = user.content.split(f'<record id="{injection}"')[1].split("</record>")[0]
    assert 'trust="untrusted"' in block and PAYLOAD in block


def test_a_cache_hit_costs_no_model_call(runtime: Runtime, org: TasksOrg) -> None:
    model = ScriptedModel([_good(org)])
    first = _run(runtime, org, model)
    again = _run(runtime, org, model)
    assert model.calls == 1
    assert again.cached and again.draft_id == first.draft_id and again.tokens_in == 0
    assert again.output == first.output


def test_hallucinated_ids_are_repaired_by_one_re_ask(runtime: Runtime, org: TasksOrg) -> None:
    bad = _agenda(wins=[{"text": "Shipped the partner API.", "citations": ["F99999"]}])
    model = ScriptedModel([bad, _good(org)])
    result = _run(runtime, org, model)
    assert model.calls == 2 and result.dropped == []
    reask = model.history[1][-1].content
    assert "F99999" in reask and "does not exist" in reask


@pytest.mark.parametrize(
    ("item", "reason"),
    [
        ({"text": "Dana shipped it.", "citations": ["F99999"]}, "does not exist"),
        ({"text": "Dana is great.", "citations": []}, "cites no records"),
        (
            {
                "text": "The partner API is at 45% and earned 3000 dollars.",
                "citations": ["off_track"],
            },
            "mentions the number 45",
        ),
        (
            {"text": f"Great pairing, {PAYLOAD}.", "citations": ["injection"]},
            "follows an instruction embedded in",
        ),
        (
            {"text": "Luis Ortega praised the partner API.", "citations": ["off_track"]},
            "mentions Luis Ortega",
        ),
        ({"text": "Nice work: https://evil.test/x", "citations": ["off_track"]}, "contains a URL"),
    ],
)
def test_items_that_stay_ungrounded_after_the_re_ask_are_dropped(
    runtime: Runtime, org: TasksOrg, item: dict[str, Any], reason: str
) -> None:
    item = {**item, "citations": [org.doc.get(c, c) for c in item["citations"]]}
    answer = _agenda(wins=[item], **{k: v for k, v in _good(org).items() if v})
    model = ScriptedModel([answer, answer])
    result = _run(runtime, org, model)
    assert model.calls == 2
    assert len(result.dropped) == 1 and reason in result.dropped[0].reason
    assert result.output["wins"] == [] and result.output["goals_at_risk"]  # the rest is kept
    assert result.degraded is None


def test_out_of_scope_ids_are_caught(runtime: Runtime, org: TasksOrg) -> None:
    # Dana may not see the manager-only note about her; citing it fails as out of scope.
    leak = {"text": "I was told I may be burning out.", "citations": [org.doc["manager_only"]]}
    fine = {
        "text": "I will get the partner API back on track.",
        "citations": [org.doc["off_track"]],
    }
    answer = {
        "accomplishments": [],
        "feedback_received": [leak],
        "growth_areas": [],
        "intentions": [fine],
    }
    model = ScriptedModel([answer, answer])
    result = _run(runtime, org, model, task="reflection", caller="dana", subject=None)
    assert "outside what the caller may see" in result.dropped[0].reason
    assert CANARY not in result.model_dump_json()


def test_malformed_json_twice_degrades_to_the_offline_drafter(
    runtime: Runtime, org: TasksOrg
) -> None:
    model = ScriptedModel(["{not json", '{"wins": "nope"}'])
    result = _run(runtime, org, model)
    assert model.calls == 2 and result.provider == "offline"
    assert result.degraded and "invalid output twice" in result.degraded
    assert result.output["goals_at_risk"]  # still a useful answer


def test_malformed_json_once_is_repaired(runtime: Runtime, org: TasksOrg) -> None:
    model = ScriptedModel(["{not json", _good(org)])
    result = _run(runtime, org, model)
    assert result.provider == "scripted" and result.degraded is None
    assert "could not be used" in model.history[1][-1].content


def test_an_empty_answer_twice_is_a_failure_not_nothing_on_record(
    runtime: Runtime, org: TasksOrg
) -> None:
    """Six empty lists from a model, with records given, once read "Nothing on record to draw
    on yet" — false, and not marked. An empty answer is re-asked, then degrades, labelled."""
    blank = {"text": "  ", "citations": [org.doc["off_track"]]}
    model = ScriptedModel([_agenda(), _agenda(wins=[blank])])
    result = _run(runtime, org, model)
    assert model.calls == 2 and "could not be used" in model.history[1][-1].content
    assert result.provider == "offline"
    assert result.degraded and "empty answer twice" in result.degraded
    assert result.output["goals_at_risk"]  # the offline drafter's real answer


def test_an_empty_answer_once_is_re_asked(runtime: Runtime, org: TasksOrg) -> None:
    model = ScriptedModel([_agenda(), _good(org)])
    result = _run(runtime, org, model)
    assert model.calls == 2 and result.provider == "scripted" and result.degraded is None
    assert result.output["goals_at_risk"]


def test_a_model_timeout_degrades_and_is_not_cached(runtime: Runtime, org: TasksOrg) -> None:
    model = ScriptedModel([ModelTimeout("no answer in 30 s")])
    result = _run(runtime, org, model)
    assert result.degraded and "30 s" in result.degraded and result.provider == "offline"
    model.enqueue(_good(org))
    again = _run(runtime, org, model)
    assert not again.cached and again.provider == "scripted"
    with runtime.sessions() as s:
        assert s.scalar(select(func.count(Draft.id))) == 2


def test_everything_invented_falls_back_to_offline(runtime: Runtime, org: TasksOrg) -> None:
    made_up = _agenda(wins=[{"text": "Won an award.", "citations": ["G424242"]}])
    model = ScriptedModel([made_up, made_up])
    result = _run(runtime, org, model)
    assert result.degraded == "nothing the model wrote passed the grounding check"
    assert result.dropped and result.output["goals_at_risk"]


def test_progress_counts_what_the_model_writes(runtime: Runtime, org: TasksOrg) -> None:
    counts: list[int] = []
    result = _run(runtime, org, ScriptedModel([_good(org)]), progress=counts.append)
    assert len(counts) > 1 and counts == sorted(counts) and result.provider == "scripted"
    assert counts[-1] == len(json.dumps(_good(org)))


# --- the names grounding checks against ---------------------------------------------------------


def test_names_by_word_are_the_same_read_at_once_or_by_prefix_queries(
    runtime: Runtime, org: TasksOrg, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A context with more capitalised words than one query takes (HR themes) reads every name
    and matches them here: it finds the names the prefix queries find (on PostgreSQL, whose LIKE
    is case-sensitive, it may find more: never fewer)."""
    with runtime.sessions() as session:
        names = sorted(session.scalars(select(Person.name)))
        # A first name, a first name shouted, a full name, a surname alone (which starts no
        # name), and words that name nobody: more than one query's worth.
        words = {names[0].split()[0], names[1].split()[0].upper(), names[2], names[3].split()[-1]}
        words |= {f"Word{i}" for i in range(pipeline._NAME_WORDS_PER_QUERY)}
        at_once = pipeline._names_starting(session, words)
        monkeypatch.setattr(pipeline, "_NAME_WORDS_PER_QUERY", len(words) + 1)
        by_prefix = pipeline._names_starting(session, words)
    assert {names[0], names[1], names[2]} <= at_once
    assert by_prefix <= at_once
    if not (runtime.settings.database_url or "").startswith("postgresql"):
        assert at_once == by_prefix
