"""The eval suite's full offline runs, started in the background at the first unit test
(tests/suite_runs.py): the eval tests come late in a session, and by then the runs are made."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from evals.runner import EVAL_DAY
from tests.suite_runs import SuiteRuns


@pytest.fixture(scope="session")
def suite_runs(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[SuiteRuns]:
    """Every offline run the selected tests ask for, in the order they ask: the pinned day for
    a test using ``offline_run`` (tests/unit/evals/conftest.py), a test's ``day`` parameter for
    one using ``suite_runs`` itself."""
    planned: dict[dt.date, tuple[Path, bool]] = {}
    for item in request.session.items:
        names = getattr(item, "fixturenames", ())
        day = getattr(getattr(item, "callspec", None), "params", {}).get("day")
        if "suite_runs" in names and isinstance(day, dt.date) and day not in planned:
            planned[day] = (tmp_path_factory.mktemp(f"eval-{day}"), False)
        if "offline_run" in names and EVAL_DAY not in planned:
            planned[EVAL_DAY] = (tmp_path_factory.mktemp("eval-demo"), True)
    runs = SuiteRuns(planned, list(request.config.getini("filterwarnings")))
    yield runs
    runs.close()


@pytest.fixture(scope="session", autouse=True)
def _suite_runs_in_background(suite_runs: SuiteRuns) -> None:
    suite_runs.start()
