"""``cadence worker``: a long-running process that drains the index outbox.

Writes commit and return; this is what makes them searchable when ``cadence serve`` runs with
``CADENCE_INDEX_IN_PROCESS=false`` (several API processes, PostgreSQL, a Chroma server). Several
workers may run against PostgreSQL; on SQLite run one (see assistant/index_worker.py). SIGTERM
and SIGINT finish the batch in hand, then exit 0.
"""

from __future__ import annotations

import logging
import signal
from typing import Annotated

import typer

from assistant.cli import app
from assistant.cli.common import out, runtime


@app.command("worker")
def worker_command(
    once: Annotated[
        bool, typer.Option("--once", help="Drain what is pending, then exit (1 on failure).")
    ] = False,
    interval: Annotated[
        float | None,
        typer.Option(
            help="Seconds between polls of an idle outbox; default CADENCE_INDEX_POLL_S (2).",
            min=0.05,
            show_default=False,
        ),
    ] = None,
) -> None:
    """Keep the search index in step with the database: drain the outbox until stopped."""
    from assistant.indexing import outbox_worker

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    rt = runtime()
    worker = outbox_worker(rt, interval=interval)

    def _stop(signum: int, _frame: object) -> None:
        # Stop first: the signal can land while the main thread is mid-way through writing a log
        # line, and logging again from here can then fail (a re-entrant write) before stopping.
        worker.stop()
        logging.getLogger("cadence.worker").info(
            "%s: finishing the batch in hand", signal.Signals(signum).name
        )

    previous = {sig: signal.signal(sig, _stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    out.print(
        f"cadence worker: draining the outbox{' once' if once else ''} "
        f"(poll every {worker.interval:g}s)",
        markup=False,
    )
    try:
        total = worker.run(once=once)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        rt.close()
    out.print(
        f"cadence worker: stopped after {total.outbox_rows} changes "
        f"({total.upserted} documents written, {total.deleted} removed, "
        f"{worker.failures} failed drains retried)",
        markup=False,
    )
