"""Full offline runs of the eval suite in a worker process, for the eval tests.

A full run builds the demo organisation as of a day, drafts every case and judges it: tens of
seconds of one core, and the eval tests need seven (the pinned day, and the six days of
test_any_date). tests/unit/conftest.py plans them from the tests a session selected and starts
them in the background at its first unit test, one at a time in one worker process, while the
tests go on in the main process on the other core. A test that needs a run the worker has not
begun makes it itself rather than wait. Nothing is kept across sessions.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import warnings
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from evals.sample import Sample
from evals.scoring import Report

Run = tuple[Report, list[Sample]]


def _is_configuration(name: str) -> bool:
    return name.startswith(("CADENCE_", "OPENAI_")) and name != "CADENCE_TEST_PG_URL"


@contextmanager
def hermetic() -> Iterator[None]:
    """What tests/conftest.py's _hermetic_env does for a test: no real model, no developer's
    configuration, for the length of a run."""
    saved = {k: v for k, v in os.environ.items() if _is_configuration(k)}
    for name in saved:
        del os.environ[name]
    try:
        yield
    finally:
        os.environ.update(saved)


def _warnings_as_in_pytest(filters: list[str]) -> None:
    """The worker treats warnings as pyproject's ``filterwarnings`` makes a test treat them
    (errors, but for the ones it ignores): a run made there must not hide one."""
    from _pytest.config import parse_warning_filter

    for line in filters:
        warnings.filterwarnings(*parse_warning_filter(line, escape=False))


def run_offline(day: dt.date, data_dir: Path, samples: bool) -> Run:
    """The whole suite with the offline provider as of ``day`` (samples only if asked: they
    carry the whole organisation back to the test process)."""
    from evals.cases import load_cases
    from evals.runner import run_suite

    with hermetic():
        report, runs = run_suite(load_cases(), provider="offline", data_dir=data_dir, today=day)
    return report, runs[0] if samples else []


class SuiteRuns:
    """The runs a session needs, each made once: by the worker, or by the first test that
    asks for it before the worker has begun it."""

    def __init__(self, planned: dict[dt.date, tuple[Path, bool]], warning_filters: list[str]):
        self.planned = planned  # in the order the tests will ask for them
        self.warning_filters = warning_filters
        self._pool: ProcessPoolExecutor | None = None
        self._futures: dict[dt.date, Future[Run]] = {}
        self._made: dict[dt.date, Run] = {}

    def start(self) -> None:
        if self._pool is not None or not self.planned:
            return
        # spawn: a fresh interpreter, not a fork of a process that may hold Chroma's threads.
        ctx = multiprocessing.get_context("spawn")
        self._pool = ProcessPoolExecutor(
            1, mp_context=ctx, initializer=_warnings_as_in_pytest, initargs=(self.warning_filters,)
        )
        self._futures = {
            day: self._pool.submit(run_offline, day, path, samples)
            for day, (path, samples) in self.planned.items()
        }

    def get(self, day: dt.date) -> Run:
        if day not in self.planned:
            raise KeyError(f"no suite run planned as of {day}: tests/unit/conftest.py plans them")
        self.start()
        if day not in self._made:
            future = self._futures[day]
            # Not begun yet: make it here, on the core this process would otherwise wait on.
            self._made[day] = run_offline(day, *self.planned[day]) if future.cancel() else (
                future.result()
            )  # fmt: skip
        return self._made[day]

    def data_dir(self, day: dt.date) -> Path:
        """The directory the run as of ``day`` built its demo in, once it has finished."""
        self.get(day)
        return self.planned[day][0]

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
