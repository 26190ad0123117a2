"""The YAML cases load into typed models, cover the brief, and reject what they should."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from assistant.demo.planted import PLANTED
from assistant.errors import ValidationFailed
from evals.cases import TASKS, Case, load_cases, load_file


def test_all_cases_load_and_are_enough() -> None:
    cases = load_cases()
    assert len(cases) >= 80
    per_task = Counter(c.task for c in cases)
    assert set(per_task) == set(TASKS)
    assert min(per_task.values()) >= 10


def test_adversarial_coverage_of_the_brief() -> None:
    tags = Counter(t for c in load_cases() for t in c.tags)
    for tag in ("injection", "fairness", "privacy", "anonymity", "edge", "same_name", "long"):
        assert tags[tag] >= 2, tag
    themes = [c for c in load_cases() if c.task == "themes"]
    assert any(c.expect_refusal and c.team == "planted:small_team_name" for c in themes)
    assert any(not c.expect_refusal and c.team == "planted:at_k_team_name" for c in themes)


def test_every_planted_reference_names_a_planted_fact() -> None:
    for case in load_cases():
        refs = [f.planted for f in (*case.must_include, *case.must_not_include) if f.planted]
        refs += [
            r.removeprefix("manager_of:").removeprefix("planted:")
            for r in (case.as_, case.subject, case.team)
            if r and "planted:" in r
        ]
        for ref in refs:
            assert hasattr(PLANTED, ref.split(".")[0]), (case.id, ref)


def test_suite_selects_a_file_or_a_tag() -> None:
    assert {c.task for c in load_cases(suite="themes")} == {"themes"}
    assert all("injection" in c.tags for c in load_cases(suite="injection"))


@pytest.mark.parametrize(
    "body",
    [
        "cases:\n- {id: a, task: agenda, as: x@y.z, subject: d@y.z, must_includ: []}\n",
        "cases:\n- {id: a, task: agenda, as: x@y.z}\n",  # an agenda needs a subject
        "cases:\n- {id: a, task: themes, as: x@y.z}\n",  # themes need a team or org
        "cases:\n- {id: a, task: agenda, as: x@y.z, subject: d@y.z,"
        " must_include: [{planted: a, phrase: b}]}\n",  # a fact names one thing
        "cases:\n- {id: a, task: poem, as: x@y.z}\n",
        "cases: [\n",
    ],
)
def test_bad_files_are_rejected(tmp_path: Path, body: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(body)
    with pytest.raises(ValidationFailed):
        load_file(path)


def test_duplicate_ids_are_rejected(tmp_path: Path) -> None:
    one = "cases:\n- {id: a, task: reflection, as: x@y.z}\n"
    (tmp_path / "a.yaml").write_text(one)
    (tmp_path / "b.yaml").write_text(one)
    with pytest.raises(ValidationFailed):
        load_cases(root=tmp_path)


def test_alias_as_is_the_caller() -> None:
    case = Case.model_validate({"id": "a", "task": "reflection", "as": "x@y.z"})
    assert case.as_ == "x@y.z"
