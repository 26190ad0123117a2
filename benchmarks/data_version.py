"""What the data version (assistant/data_version.py) costs concurrent writers on PostgreSQL.

    .venv/bin/python -m benchmarks.data_version --database-url postgresql+psycopg://... \
        [--writers 12] [--seconds 10]

Seeds a small demo organisation into the (empty) database, then runs ``--writers`` threads, each
committing one small write after another (a goal's progress, the way a person's edit lands) for
``--seconds``, three times: with no counter (the hook taken off), with every transaction bumping
one row (a single hot row), and with the slots the code uses. Prints commits/s and the commit
latency p50/p95 of each. Drops nothing: give it a scratch database.
"""

from __future__ import annotations

import argparse
import random
import statistics
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event, select, update

from assistant import clock, data_version
from assistant.demo import generate
from assistant.importer import import_bundle
from assistant.models import Goal
from assistant.runtime import Runtime
from assistant.settings import Settings


@contextmanager
def _mode(runtime: Runtime, mode: str) -> Iterator[None]:
    factory = runtime.sessions
    slots = data_version.SLOTS
    if mode == "none":
        event.remove(factory, "before_commit", data_version._before_commit)
    elif mode == "one row":
        data_version.SLOTS = 1
    try:
        yield
    finally:
        data_version.SLOTS = slots
        if mode == "none":
            event.listen(factory, "before_commit", data_version._before_commit)


def _writer(runtime: Runtime, goals: list[int], until: float, seed: int, out: list[float]) -> None:
    pick = random.Random(seed)
    while time.monotonic() < until:
        started = time.perf_counter()
        with runtime.sessions() as session:
            session.execute(
                update(Goal)
                .where(Goal.id == pick.choice(goals))
                .values(progress=pick.randrange(100))
            )
            session.commit()
        out.append((time.perf_counter() - started) * 1000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True, help="an empty PostgreSQL database")
    parser.add_argument("--writers", type=int, default=12, help="at most the pool (15)")
    parser.add_argument("--seconds", type=float, default=10)
    args = parser.parse_args()
    runtime = Runtime(Settings(database_url=args.database_url, environment="test"))
    import_bundle(
        runtime.sessions, generate(people=45, today=clock.today(runtime.settings)), migration=True
    )
    with runtime.sessions() as session:
        goals = list(session.scalars(select(Goal.id)))
    print(f"{args.writers} writers for {args.seconds:.0f} s each, one goal update per commit")
    print(f"{'counter':<10} {'commits/s':>10} {'p50 ms':>8} {'p95 ms':>8}")
    for mode in ("none", "one row", f"{data_version.SLOTS} slots"):
        with _mode(runtime, mode):
            times: list[float] = []
            until = time.monotonic() + args.seconds
            threads = [
                threading.Thread(target=_writer, args=(runtime, goals, until, i, times))
                for i in range(args.writers)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        times.sort()
        print(
            f"{mode:<10} {len(times) / args.seconds:>10.0f} {statistics.median(times):>8.1f} "
            f"{times[int(0.95 * (len(times) - 1))]:>8.1f}"
        )
    runtime.close()


if __name__ == "__main__":
    main()
