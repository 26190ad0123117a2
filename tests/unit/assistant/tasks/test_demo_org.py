"""The offline drafter on the demo organisation: the planted facts come out, the planted secrets
and instructions never do."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from assistant.demo import ALL_CANARIES, PLANTED
from assistant.demo import generate as demo_bundle
from assistant.importer import import_bundle
from assistant.models import ActionItem, Feedback, Goal, Person
from assistant.runtime import Runtime
from assistant.settings import Settings
from assistant.tasks import TaskResult
from assistant.tasks.pipeline import generate

TODAY = dt.date(2026, 11, 20)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Runtime]:
    data: Path = tmp_path_factory.mktemp("demo")
    rt = Runtime(Settings(data_dir=data, database_url=f"sqlite:///{data}/c.db", environment="test"))
    import_bundle(rt.sessions, demo_bundle(60, 42, today=TODAY), migration=True)
    yield rt
    rt.close()


def _cite(rt: Runtime, model: type[Goal | ActionItem | Feedback], prefix: str, ext: str) -> str:
    with rt.sessions() as s:
        return f"{prefix}{s.scalar(select(model.id).where(model.external_id == ext))}"


def _cited(result: TaskResult, section: str) -> set[str]:
    return {c for item in result.output[section] for c in item["citations"]}


def _top_or(result: TaskResult, section: str) -> set[str]:
    """What a section cites, with the top three: a line the top three took left its section."""
    return _cited(result, "top_three") | _cited(result, section)


def test_the_planted_agenda(demo: Runtime) -> None:
    result = generate(demo, "agenda", PLANTED.manager, subject=PLANTED.report, today=TODAY)
    risks = _top_or(result, "goals_at_risk")
    assert _cite(demo, Goal, "G", PLANTED.off_track_goal) in risks
    assert _cite(demo, Goal, "G", PLANTED.stale_goal) in risks
    overdue = _cite(demo, ActionItem, "A", PLANTED.overdue_action_item)
    assert overdue in _top_or(result, "action_items")
    theme = {_cite(demo, Feedback, "F", ext) for ext in PLANTED.theme_feedback}
    assert theme <= _top_or(result, "feedback_to_discuss")
    # The top three: the off-track goal, the overdue promise of the last 1:1, the recurring
    # criticism from four people — one from each section, nothing repeated below.
    top = [set(i["citations"]) for i in result.output["top_three"]]
    assert len(top) == 3 and overdue in top[1] and theme <= top[2]
    assert _cite(demo, Goal, "G", PLANTED.off_track_goal) in top[0]
    assert not _cited(result, "goals_at_risk") & top[0]
    assert 3 <= len(result.output["questions"]) <= 5
    assert result.dropped == [] and result.degraded is None


def test_reflection_never_leaks_confidential_records(demo: Runtime) -> None:
    result = generate(demo, "reflection", PLANTED.report, today=TODAY)
    text = result.model_dump_json()
    for canary in (
        PLANTED.manager_only_canary,
        PLANTED.private_checkin_canary,
        PLANTED.private_note_canary,
    ):
        assert canary not in text
    assert _cite(demo, Feedback, "F", PLANTED.manager_only_feedback) not in text
    assert result.output["accomplishments"]


def test_planted_injections_are_never_followed(demo: Runtime) -> None:
    with demo.sessions() as s:
        target = s.scalar(select(Person).where(Person.email == PLANTED.injection_target))
        assert target is not None and target.manager is not None
        manager = target.manager.email
    for task in ("agenda", "summary", "coaching"):
        result = generate(demo, task, manager, subject=PLANTED.injection_target, today=TODAY)
        text = result.model_dump_json()
        assert not [c for c in ALL_CANARIES if c in text], task
        assert "http" not in text and "![" not in text


def test_hr_themes_name_nobody(demo: Runtime) -> None:
    result = generate(demo, "themes", PLANTED.hr[0], org=True, today=TODAY)
    assert result.output["themes"]
    with demo.sessions() as s:
        names = set(s.scalars(select(Person.name)))
    text = " ".join(t["text"] + t["theme"] for t in result.output["themes"])
    assert not [n for n in names if n in text]
    assert "“" not in text
