"""Draining the index outbox off the write path.

A write commits its change with its outbox row and returns; an :class:`OutboxWorker` turns the
rows into documents afterwards. It runs as ``cadence worker`` (its own process, for a server
deployment) and as a background thread of ``cadence serve`` (the embedded default, where the
Chroma store belongs to one process). A write wakes the thread through :meth:`OutboxWorker.notify`;
an idle worker also polls every ``interval`` seconds, which is what picks up writes made by other
processes.

Several workers may drain one PostgreSQL database at once: each batch is taken with ``FOR UPDATE
SKIP LOCKED`` (assistant/index_sync.py), so no two take the same outbox row. SQLite has one writer
and no row locks: run a single worker there (``cadence serve``'s thread, or one ``cadence worker``
while nothing else serves). Either way a worker killed mid-batch loses nothing: a batch's outbox
rows are deleted in the transaction that writes its documents, so an interrupted batch is simply
taken again.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from assistant.errors import IndexError_
from assistant.index_sync import SyncReport

__all__ = ["Drain", "OutboxWorker"]

log = logging.getLogger("cadence.worker")

Drain = Callable[[Callable[[], bool]], SyncReport]
"""One drain of the outbox, given a ``stop`` check it consults between batches; raises on
failure (the rows stay in the outbox)."""


class OutboxWorker:
    def __init__(self, drain: Drain, *, interval: float = 2.0):
        self._drain = drain
        self.interval = interval
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.total = SyncReport()
        self.failures = 0

    def notify(self) -> None:
        """A write committed: drain soon (returns at once)."""
        self._wake.set()

    def stop(self) -> None:
        """Finish the batch in hand, then return from :meth:`run` (safe from a signal handler)."""
        self._stop.set()
        self._wake.set()

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def run(self, *, once: bool = False) -> SyncReport:
        """Drain until stopped (or, with ``once``, until the outbox is empty; a failure then
        raises). Failures otherwise are logged and retried after ``interval``."""
        while not self._stop.is_set():
            self._wake.clear()
            started = time.monotonic()
            try:
                report = self._drain(self._stop.is_set)
            except Exception as exc:
                if once:
                    raise
                self.failures += 1
                synced = exc.synced if isinstance(exc, IndexError_) else 0
                if synced:  # committed before the failure: the log accounts for every row
                    self.total.outbox_rows += synced
                    log.info("indexed %d changes before the drain failed", synced)
                log.warning("index drain failed, retrying in %gs: %s", self.interval, exc)
                self._wake.wait(self.interval)
                continue
            self._add(report)
            if report:
                log.info(
                    "indexed %d changes: %d documents written, %d removed in %.2fs",
                    report.outbox_rows,
                    report.upserted,
                    report.deleted,
                    time.monotonic() - started,
                )
            if once:
                break
            if not report:
                self._wake.wait(self.interval)
        return self.total

    def _add(self, report: SyncReport) -> None:
        self.total.outbox_rows += report.outbox_rows
        self.total.records += report.records
        self.total.upserted += report.upserted
        self.total.deleted += report.deleted
        self.total.batches += report.batches

    def start(self) -> None:
        """Run in a daemon thread (``cadence serve``)."""
        if self._thread is None:
            self._thread = threading.Thread(target=self.run, name="cadence-index", daemon=True)
            self._thread.start()

    def close(self, timeout: float = 30.0) -> None:
        self.stop()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
