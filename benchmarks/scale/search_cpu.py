"""CPU time per scoped search, on a data dir built once (embedded mode: SQLite + embedded Chroma).

    python -m benchmarks.scale.search_cpu build DIR [--people 2000]
    python -m benchmarks.scale.search_cpu measure DIR OUT.json [--queries 20]
    python -m benchmarks.scale.search_cpu sweep DIR [--sizes 1000,5000,...]

``build`` generates the demo organisation into ``DIR``, imports it and builds the whole index
(as ``python -m benchmarks.scale`` does, but kept). ``measure`` times the scale benchmark's four
callers (employee, manager, director, HR) and queries, the lexical leg alone and the whole hybrid
search, and writes each search's hits beside the figures: run it on the same ``DIR`` before and
after a change (``PYTHONPATH`` naming the tree to measure) and compare the two files. CPU time
(``time.process_time``, every thread of this process) is the figure to compare on a shared box,
where wall time follows the other processes' load. ``sweep`` times the vector leg's two ways,
exact scoring and Chroma's filtered search, on scopes of growing size (the first people's
non-public documents): where they cross is retrieval.exact's EXACT_LIMIT.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from assistant import clock
from assistant.access import load_caller, scope_for
from assistant.demo import generate
from assistant.importer import import_bundle
from assistant.indexing import rebuild_index
from assistant.runtime import Runtime
from assistant.settings import Settings
from benchmarks.scale.measure import QUERIES, _callers
from retrieval.exact import exact_query
from retrieval.filters import to_chroma_where, to_sql
from retrieval.lexical import documents
from retrieval.search import Mode, hybrid_search
from retrieval.types import VISIBILITIES, AccessScope, Clause

MEASURED: tuple[Mode, ...] = ("lexical", "hybrid")


def _runtime(data: Path) -> Runtime:
    return Runtime(Settings(data_dir=data, environment="test", llm_provider="offline"))


def build(data: Path, people: int) -> None:
    rt = _runtime(data)
    try:
        started = time.perf_counter()
        bundle = generate(people=people, today=clock.today(rt.settings))
        imported = import_bundle(rt.sessions, bundle, migration=True)
        del bundle
        built = rebuild_index(rt)
        secs = time.perf_counter() - started
        print(f"{imported.writes:,} records, {built.upserted:,} documents in {secs:.0f} s")
    finally:
        rt.close()


def _searches(rt: Runtime, email: str, mode: Mode, n: int) -> dict[str, Any]:
    cpu, wall, hits = [], [], []
    for i in range(n + 1):  # the first warms up and is not counted
        query = QUERIES[i % len(QUERIES)]
        with rt.sessions() as session:
            scope = scope_for(load_caller(session, email))
            c0, w0 = time.process_time(), time.perf_counter()
            found = hybrid_search(
                query, scope, index=rt.index, lexical=rt.lexical, session=session, mode=mode
            )
            c1, w1 = time.process_time(), time.perf_counter()
        if i:
            cpu.append((c1 - c0) * 1000)
            wall.append((w1 - w0) * 1000)
        hits.append([(h.citation, round(h.score, 9)) for h in found])
    return {
        "cpu_ms_p50": round(statistics.median(cpu), 1),
        "cpu_ms_mean": round(statistics.mean(cpu), 1),
        "wall_ms_p50": round(statistics.median(wall), 1),
        "hits": hits,
    }


def measure(data: Path, out: Path, n: int) -> None:
    rt = _runtime(data)
    try:
        rt.index.public.keep_fresh(rt.engine)  # as ``cadence serve`` does at start-up
        rt.index.public.wait()
        who, _ = _callers(rt)
        result: dict[str, Any] = {}
        for role, (email, below) in who.items():
            result[role] = {"below": below}
            for mode in MEASURED:
                result[role][mode] = figures = _searches(rt, email, mode, n)
                print(f"{role:9} {mode:8} cpu p50 {figures['cpu_ms_p50']:7.1f} ms", flush=True)
        out.write_text(json.dumps(result, indent=1) + "\n")
    finally:
        rt.close()


PINNED = tuple(v for v in VISIBILITIES if v != "public")
SIZES = (1_000, 5_000, 10_000, 20_000, 40_000, 80_000)
K = 30


def _cpu_ms(call: Callable[[], Any]) -> tuple[float, Any]:
    started = time.process_time()
    got = call()
    return (time.process_time() - started) * 1000, got


def sweep(data: Path, sizes: tuple[int, ...]) -> None:
    rt = _runtime(data)
    cols = documents.c
    try:
        with rt.sessions() as s:
            per_person = s.execute(
                select(cols.subject_id, func.count())
                .where(cols.visibility.in_(PINNED))
                .group_by(cols.subject_id)
                .order_by(cols.subject_id)
            ).all()
            for size in sizes:
                people, total = [], 0
                for pid, count in per_person:
                    if total >= size:
                        break
                    people.append(pid)
                    total += count
                scope = AccessScope(0, (Clause(PINNED, subject_ids=tuple(people)),))
                where, chroma = to_sql(scope, cols), to_chroma_where(scope)

                def exact(q: str, where: Any = where) -> Any:
                    return exact_query(rt.index, s, q, where, K, limit=10**9, max_fill=None)

                rt.index.cache.clear()
                cold, _ = _cpu_ms(lambda: exact(QUERIES[0]))
                warm, ann, recall = [], [], []
                for q in QUERIES[1:6]:
                    ms, want = _cpu_ms(lambda q=q: exact(q))
                    warm.append(ms)
                    ms, got = _cpu_ms(lambda q=q, c=chroma: rt.index.query(q, c, K))
                    ann.append(ms)
                    recall.append(len({h.doc_id for h in want} & {h.doc_id for h in got}) / K)
                exact_ms, chroma_ms = statistics.median(warm), statistics.median(ann)
                print(
                    f"{total:7,} docs: exact cold {cold:6.0f} ms, warm {exact_ms:6.1f} ms;"
                    f" Chroma {chroma_ms:6.1f} ms, recall@{K} {statistics.mean(recall):.2f}",
                    flush=True,
                )
    finally:
        rt.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.scale.search_cpu")
    sub = ap.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="generate, import and index an organisation into DIR")
    b.add_argument("data", type=Path)
    b.add_argument("--people", type=int, default=2000)
    m = sub.add_parser("measure", help="CPU time per search on DIR, figures and hits to OUT")
    m.add_argument("data", type=Path)
    m.add_argument("out", type=Path)
    m.add_argument("--queries", type=int, default=20)
    w = sub.add_parser("sweep", help="exact scoring vs Chroma's search by scope size on DIR")
    w.add_argument("data", type=Path)
    w.add_argument("--sizes", default=",".join(map(str, SIZES)))
    args = ap.parse_args(argv)
    if args.command == "build":
        build(args.data, args.people)
    elif args.command == "sweep":
        sweep(args.data, tuple(int(n) for n in args.sizes.split(",")))
    else:
        measure(args.data, args.out, max(2, args.queries))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
