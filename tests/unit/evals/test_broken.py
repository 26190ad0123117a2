"""Proof that the suite bites: every broken drafter is caught by the metric meant for it, on
hand-made drafts and on the offline drafter's real drafts over the demo organisation; and every
metric is failed by at least one broken drafter."""

from __future__ import annotations

from typing import Any

import pytest

from evals.broken import BROKEN, Broken
from evals.fixtures import CANARY_MGR, EMPLOYEE_VISIBLE, GOOD_AGENDA, PEER_AGENDA
from evals.fixtures import case as make_case
from evals.fixtures import sample as make_sample
from evals.metrics import BY_NAME, METRICS
from evals.sample import ResolvedFact, Sample


def _fixture_for(broken: Broken) -> Sample:
    task = broken.case_id.split(".")[0]
    kw: dict[str, Any] = {}
    if task == "reflection":
        kw = {"visible": EMPLOYEE_VISIBLE, "context": tuple(sorted(EMPLOYEE_VISIBLE)),
              "case": make_case("reflection", **{"as": "dana.okafor@example.com"}),
              "must_not_include": (ResolvedFact("canary", phrases=(CANARY_MGR,)),)}  # fmt: skip
        return make_sample("reflection", output=dict(GOOD_AGENDA), **kw)
    if broken.case_id == "themes.below-k":
        case = make_case("themes", expect_refusal=True)
        return make_sample("themes", case=case, refused="GroupTooSmall", output={}, group_size=4)
    if task == "ask":
        case = make_case("ask", question="What has Dana said about Kubernetes?", expect="nothing")
        nothing = {"question": case.question, "answer": [], "nothing_on_record": True}
        return make_sample("ask", case=case, output=nothing)
    if "fairness" in broken.case_id:
        kw = {"counterfactual_output": GOOD_AGENDA, "counterfactual_swap": {"Dana": "Dan"}}
    if broken.name == "writes_one_template":
        kw = {"peers": (PEER_AGENDA,)}
    if broken.name == "hides_visibility":  # an agenda resting partly on manager-only feedback
        said = {"text": "Omar raised the audit handover.", "citations": ["F3"],
                "visibility": "manager_only"}  # fmt: skip
        kw = {"output": {**GOOD_AGENDA, "feedback_to_discuss": [said]}}
    return make_sample(task if task in ("agenda", "summary", "themes") else "agenda", **kw)


def _caught(broken: Broken, good: Sample) -> dict[str, tuple[float | None, float | None]]:
    bad = broken.breaks(good)
    return {m: (BY_NAME[m](good).value, BY_NAME[m](bad).value) for m in broken.caught_by}


@pytest.mark.parametrize("broken", BROKEN, ids=lambda b: b.name)
def test_caught_on_hand_made_drafts(broken: Broken) -> None:
    for name, (good, bad) in _caught(broken, _fixture_for(broken)).items():
        threshold = BY_NAME[name].threshold
        assert good is not None and good >= threshold, (name, "good draft must pass")
        assert bad is not None and bad < threshold, (name, "broken draft must fail")


@pytest.mark.parametrize("broken", BROKEN, ids=lambda b: b.name)
def test_caught_on_offline_drafts(broken: Broken, offline_run: Any) -> None:
    good = offline_run.samples[broken.case_id]
    for name, (before, after) in _caught(broken, good).items():
        threshold = BY_NAME[name].threshold
        assert before is not None and before >= threshold, (name, "offline draft must pass")
        assert after is not None and after < threshold, (name, "broken draft must fail")


def test_every_metric_is_failed_by_some_broken_drafter() -> None:
    targeted = {m for b in BROKEN for m in b.caught_by}
    assert {m.name for m in METRICS if m.kind != "judge"} <= targeted
