"""The offline run of the whole suite as of the pinned day, shared by test_runner, test_broken
and test_judge (the suite is the slow part; every test reads its results). It is made with
test_any_date's runs, in the background (tests/unit/conftest.py)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from evals.runner import EVAL_DAY
from evals.sample import Sample
from evals.scoring import Report
from tests.suite_runs import SuiteRuns


@dataclass
class OfflineRun:
    report: Report
    samples: dict[str, Sample]


@pytest.fixture(scope="session")
def offline_run(suite_runs: SuiteRuns) -> OfflineRun:
    report, samples = suite_runs.get(EVAL_DAY)
    return OfflineRun(report, {s.case.id: s for s in samples})


@pytest.fixture(scope="session")
def demo_dir(suite_runs: SuiteRuns, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One demo organisation for the eval tests (runs reuse it and forget their drafts): the
    pinned day's run's, once made, when this session makes that run."""
    if EVAL_DAY in suite_runs.planned:
        return suite_runs.data_dir(EVAL_DAY)
    return tmp_path_factory.mktemp("eval-demo")
