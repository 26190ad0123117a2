"""Full offline runs of the suite, shared by the eval tests: one as of the pinned day
(test_runner, test_broken, test_judge read its results) and one per day of test_any_date.

They are planned from the tests this session selected and started together on the first test
that needs one, in worker processes (tests/suite_runs.py): two at a time on two cores. Nothing is
kept across sessions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
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
def suite_runs(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[SuiteRuns]:
    """Every offline run the selected tests ask for: the pinned day for a test using
    ``offline_run``, a test's ``day`` parameter for one using ``suite_runs`` itself."""
    planned: dict[dt.date, tuple[Path, bool]] = {}
    for item in request.session.items:
        names = getattr(item, "fixturenames", ())
        day = getattr(getattr(item, "callspec", None), "params", {}).get("day")
        if "suite_runs" in names and isinstance(day, dt.date) and day not in planned:
            planned[day] = (tmp_path_factory.mktemp(f"eval-{day}"), False)
    if any("offline_run" in getattr(item, "fixturenames", ()) for item in request.session.items):
        planned[EVAL_DAY] = (tmp_path_factory.mktemp("eval-demo"), True)
    runs = SuiteRuns(planned)
    yield runs
    runs.close()


@pytest.fixture(scope="session")
def offline_run(suite_runs: SuiteRuns) -> OfflineRun:
    report, samples = suite_runs.get(EVAL_DAY)
    return OfflineRun(report, {s.case.id: s for s in samples})


@pytest.fixture(scope="session")
def demo_dir(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One demo organisation for the eval tests (runs reuse it and forget their drafts): the
    pinned day's run's, once it has finished, when this session makes that run."""
    if any("offline_run" in getattr(item, "fixturenames", ()) for item in request.session.items):
        runs: SuiteRuns = request.getfixturevalue("suite_runs")
        return runs.data_dir(EVAL_DAY)
    return tmp_path_factory.mktemp("eval-demo")
