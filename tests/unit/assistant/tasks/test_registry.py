"""One Task object per task, registered once: what every caller looks tasks up in."""

from __future__ import annotations

import subprocess
import sys
import typing

import pytest

import prompts
from assistant.errors import UserError
from assistant.tasks.registry import TASKS, drafted_by_route, task_named
from assistant.tasks.schemas import TaskName, iter_items
from assistant.tasks.targets import GroupTarget, PersonTarget, QuestionTarget


def test_aliases_resolve_and_an_unknown_name_lists_the_choices() -> None:
    assert task_named("coach") is TASKS["coaching"]
    assert task_named("reflect") is TASKS["reflection"]
    assert task_named("prep") is TASKS["agenda"]
    with pytest.raises(UserError, match="choose from agenda, summary, coaching"):
        task_named("horoscope")


@pytest.mark.parametrize("name", list(TASKS))
def test_each_task_is_whole(name: str) -> None:
    task = TASKS[name]
    prompts.load(task.template)  # the template exists and declares its inputs
    fields = set(task.schema.model_fields)
    assert {key for key, _ in task.sections} <= fields
    assert task.prompt_label.startswith(f"{task.template}@")
    empty = task.drafter([], _brief(name))
    assert isinstance(empty, task.schema) and not list(iter_items(empty))


def _brief(name: str) -> typing.Any:
    import datetime as dt

    from assistant.tasks.brief import Brief

    return Brief(task=name, today=dt.date(2026, 11, 26), requester_id=1, requester_name="A B")


def test_the_drafts_route_enum_is_the_registry() -> None:
    """The OpenAPI enum of /v1/drafts/{task} is a Literal (written out); it must list exactly
    the tasks the route serves."""
    assert typing.get_args(TaskName) == drafted_by_route()


def test_requests_are_checked_before_anything_is_read() -> None:
    with pytest.raises(UserError, match="agenda needs the person it is about"):
        task_named("agenda").request()
    with pytest.raises(UserError, match="exactly one of a team or the whole organisation"):
        task_named("themes").request(team="Payments", org=True)
    with pytest.raises(UserError, match="only the ask task takes a question"):
        task_named("summary").request(question="why?")
    with pytest.raises(UserError, match="ask needs a question"):
        task_named("ask").request(question="  ")
    assert isinstance(task_named("prep").request(subject=3), PersonTarget)
    assert isinstance(task_named("themes").request(org=True), GroupTarget)
    asked = task_named("ask").request(question=" what   now? ")
    assert isinstance(asked, QuestionTarget) and asked.question == "what now?"


def test_the_import_graph_has_no_cycle_through_the_tasks_package() -> None:
    """The offline drafter imports the tasks package's leaves; the registry imports the drafter.
    Importing the drafter first must work (no module __getattr__ hides a cycle)."""
    code = (
        "import assistant.offline.agenda, assistant.tasks, sys;"
        "assert 'assistant.tasks.registry' not in sys.modules;"
        "import assistant.tasks.pipeline"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
