"""One offline run of the whole suite per test session, shared by test_runner and test_broken
(the suite is the slow part; every test reads its results)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from evals.cases import load_cases
from evals.runner import run_suite
from evals.sample import Sample
from evals.scoring import Report


@dataclass
class OfflineRun:
    report: Report
    samples: dict[str, Sample]
    seconds: float


@pytest.fixture(scope="session")
def offline_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OfflineRun]:
    data_dir: Path = tmp_path_factory.mktemp("eval-demo")
    started = time.perf_counter()
    report, samples = run_suite(load_cases(), provider="offline", data_dir=data_dir)
    seconds = time.perf_counter() - started
    yield OfflineRun(report, {s.case.id: s for s in samples[0]}, seconds)
