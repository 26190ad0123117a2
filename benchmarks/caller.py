"""What a cache hit costs, part by part, on the demo organisation (offline provider).

    nice -n 10 .venv/bin/python -m benchmarks.caller [--people 500] [--repeat 200]
        [--database-url postgresql+psycopg://...]   (an empty database)

Seeds the demo organisation (no index: the agenda reads the database only), drafts the planted
agenda once, then times ``--repeat`` times each: ``load_caller`` for the planted manager, the
person with most people below them but the CEO (a director) and the CEO; the data version read;
a whole cache hit (``generate`` answering from the Draft table); and the hit's audit row on its
own (one insert and one commit, as a hit writes it; on PostgreSQL also without waiting for the
WAL flush, for comparison only). p50 / p95 wall milliseconds and the CPU
milliseconds per call in this process (wall time on a busy machine is mostly waiting for a core).
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

from sqlalchemy import select, text

from assistant import clock, data_version
from assistant.access import load_caller
from assistant.audit import audit_draft
from assistant.demo import PLANTED
from assistant.demo import generate as demo_bundle
from assistant.importer import import_bundle
from assistant.llm import OfflineModel
from assistant.models import Draft, Person
from assistant.runtime import Runtime
from assistant.tasks.pipeline import generate
from benchmarks.assistant import scratch_runtime


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _time(label: str, repeat: int, call: Callable[[], Any]) -> None:
    wall: list[float] = []
    cpu = time.process_time()
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        wall.append((time.perf_counter() - started) * 1000)
    cpu_ms = (time.process_time() - cpu) * 1000 / repeat
    print(f"{label:<34} {statistics.median(wall):>8.2f} {_pct(wall, 0.95):>8.2f} {cpu_ms:>8.2f}")


def _director(rt: Runtime, ceo: str) -> str:
    """The email of whoever has most people below them, the CEO aside."""
    with rt.sessions() as s:
        rows = list(s.execute(select(Person.id, Person.manager_id, Person.email)))
    parent = {pid: mid for pid, mid, _ in rows}
    below: Counter[int] = Counter()
    for pid in parent:
        seen, up = set(), parent[pid]
        while up is not None and up not in seen:
            seen.add(up)
            below[up] += 1
            up = parent.get(up)
    email = {pid: mail for pid, _, mail in rows}
    return next(email[p] for p, _ in below.most_common() if email[p] != ceo)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--database-url", help="an empty PostgreSQL database instead of SQLite")
    args = parser.parse_args()

    rt = scratch_runtime(args.database_url)
    today = clock.today(rt.settings)
    started = time.perf_counter()
    import_bundle(rt.sessions, demo_bundle(args.people, 42, today=today), migration=True)
    seeded = time.perf_counter() - started
    offline = OfflineModel()
    first = generate(rt, "agenda", PLANTED.manager, subject=PLANTED.report, model=offline)
    assert not first.cached
    director = _director(rt, PLANTED.ceo)
    with rt.sessions() as s:
        sizes = {who: len(load_caller(s, who).below) for who in (PLANTED.manager, director)}
        sizes[PLANTED.ceo] = len(load_caller(s, PLANTED.ceo).below)
        manager = load_caller(s, PLANTED.manager)
        draft = s.scalars(select(Draft).order_by(Draft.id.desc()).limit(1)).one()
    print(
        f"demo org: {args.people} people (seeded in {seeded:.0f} s), {args.repeat} calls each; "
        f"below: manager {sizes[PLANTED.manager]}, director {sizes[director]}, "
        f"CEO {sizes[PLANTED.ceo]}"
    )
    print(f"{'what':<34} {'p50 ms':>8} {'p95 ms':>8} {'cpu ms':>8}")

    def caller(who: str) -> Callable[[], Any]:
        def call() -> None:
            with rt.sessions() as s:
                load_caller(s, who)

        return call

    _time("load_caller: manager", args.repeat, caller(PLANTED.manager))
    _time("load_caller: director", args.repeat, caller(director))
    _time("load_caller: CEO", args.repeat, caller(PLANTED.ceo))

    def version() -> None:
        with rt.sessions() as s:
            data_version.read(s)

    _time("data version read", args.repeat, version)

    def hit() -> None:
        got = generate(
            rt, "agenda", PLANTED.manager, subject=PLANTED.report, model=offline, today=today
        )
        assert got.cached

    _time("agenda cache hit (generate)", args.repeat, hit)

    def audit() -> None:
        with rt.sessions() as s:
            audit_draft(s, manager, draft, "draft.cache_hit")
            s.commit()

    _time("audit row + commit alone", args.repeat, audit)
    if args.database_url:
        # Measured only, not used: without waiting for the WAL flush a crash could lose the
        # last few hundred milliseconds of audit rows (the hit's answer would have been sent).
        def audit_async() -> None:
            with rt.sessions() as s:
                s.execute(text("SET LOCAL synchronous_commit = off"))
                audit_draft(s, manager, draft, "draft.cache_hit")
                s.commit()

        _time("  same, synchronous_commit off", args.repeat, audit_async)
    rt.close()


if __name__ == "__main__":
    main()
