"""Full offline runs of the eval suite in worker processes, for tests/unit/evals/conftest.py.

A full run builds the demo organisation as of a day, drafts every case and judges it: tens of
seconds of one core, and the eval tests need seven (the pinned day, and the six days of
test_any_date). Independent runs go to a pool of worker processes, as many as the machine has
cores (two), instead of one after another in the test process.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from evals.sample import Sample
from evals.scoring import Report

Run = tuple[Report, list[Sample]]


def _hermetic() -> None:
    """What tests/conftest.py's _hermetic_env does for a test: no real model, no developer's
    configuration (a worker starts with the environment of the moment it was spawned)."""
    for name in list(os.environ):
        if name.startswith(("CADENCE_", "OPENAI_")) and name != "CADENCE_TEST_PG_URL":
            del os.environ[name]


def run_offline(day: dt.date, data_dir: Path, samples: bool) -> Run:
    """The whole suite with the offline provider as of ``day`` (samples only if asked: they
    carry the whole organisation back to the test process)."""
    from evals.cases import load_cases
    from evals.runner import run_suite

    _hermetic()
    report, runs = run_suite(load_cases(), provider="offline", data_dir=data_dir, today=day)
    return report, runs[0] if samples else []


class SuiteRuns:
    """Runs planned once, started on first use, all at once, each awaited where needed."""

    def __init__(self, planned: dict[dt.date, tuple[Path, bool]]):
        self.planned = planned
        self._pool: ProcessPoolExecutor | None = None
        self._futures: dict[dt.date, Future[Run]] = {}

    def get(self, day: dt.date) -> Run:
        if day not in self.planned:
            raise KeyError(f"no suite run planned as of {day}: plan it in conftest.py")
        if self._pool is None:
            workers = max(1, min(len(os.sched_getaffinity(0)), len(self.planned)))
            # spawn: a fresh interpreter, not a fork of a process holding Chroma's threads.
            ctx = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(workers, mp_context=ctx, initializer=_hermetic)
            self._futures = {
                d: self._pool.submit(run_offline, d, path, samples)
                for d, (path, samples) in self.planned.items()
            }
        return self._futures[day].result()

    def data_dir(self, day: dt.date) -> Path:
        """The directory the run as of ``day`` built its demo in, once it has finished."""
        self.get(day)
        return self.planned[day][0]

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
