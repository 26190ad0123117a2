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
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One demo organisation for every eval test (runs reuse it and forget their drafts)."""
    return tmp_path_factory.mktemp("eval-demo")


@pytest.fixture(scope="session")
def offline_run(demo_dir: Path) -> Iterator[OfflineRun]:
    started = time.perf_counter()
    report, samples = run_suite(load_cases(), provider="offline", data_dir=demo_dir)
    seconds = time.perf_counter() - started
    yield OfflineRun(report, {s.case.id: s for s in samples[0]}, seconds)
