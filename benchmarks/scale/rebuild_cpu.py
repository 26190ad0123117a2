"""CPU and wall time of a full index build, on a data dir kept between runs (embedded mode).

    python -m benchmarks.scale.rebuild_cpu DIR --people 1000        # generate + import once
    python -m benchmarks.scale.rebuild_cpu DIR --processes one      # then time rebuild_index
    python -m benchmarks.scale.rebuild_cpu DIR --processes two --out runs.jsonl

``--people`` generates the demo organisation into an empty ``DIR`` and imports it, without an
index. Each later run times ``rebuild_index`` alone: wall time, and CPU time from ``getrusage``
of this process (every thread, Chroma's included) plus its children (the rebuild's producer
process), which is the figure to compare on a shared machine; run the two ways back to back.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import time
from pathlib import Path
from typing import Any

from assistant import clock
from assistant.demo import generate
from assistant.importer import import_bundle
from assistant.indexing import rebuild_index
from assistant.runtime import Runtime
from assistant.settings import Settings

HOW = {"one": False, "two": True, "auto": None}


def _cpu(who: int) -> tuple[float, float]:
    used = resource.getrusage(who)
    return used.ru_utime + used.ru_stime, used.ru_maxrss / 1024


def prepare(data: Path, people: int) -> None:
    rt = Runtime(Settings(data_dir=data, environment="test", llm_provider="offline"))
    try:
        bundle = generate(people=people, today=clock.today(rt.settings))
        print(f"{import_bundle(rt.sessions, bundle, migration=True).writes:,} records imported")
    finally:
        rt.close()


def measure(data: Path, how: str) -> dict[str, Any]:
    rt = Runtime(Settings(data_dir=data, environment="test", llm_provider="offline"))
    try:
        _ = rt.index.max_batch  # the client and the model load outside the timing
        load = os.getloadavg()[0]
        own, kids = _cpu(resource.RUSAGE_SELF)[0], _cpu(resource.RUSAGE_CHILDREN)[0]
        started = time.perf_counter()
        report = rebuild_index(rt, two_processes=HOW[how])
        wall = time.perf_counter() - started
        (own_after, rss), (kids_after, kid_rss) = (
            _cpu(resource.RUSAGE_SELF),
            _cpu(resource.RUSAGE_CHILDREN),
        )
    finally:
        rt.close()
    return {
        "processes": how,
        "documents": report.upserted,
        "records": report.records,
        "wall_s": round(wall, 1),
        "docs_per_s": round(report.upserted / wall),
        "cpu_s": round(own_after - own + kids_after - kids, 1),
        "cpu_rebuilding_process_s": round(own_after - own, 1),
        "cpu_producer_s": round(kids_after - kids, 1),
        "peak_rss_mb": round(rss),
        "producer_peak_rss_mb": round(kid_rss),
        "load_1min": [round(load, 2), round(os.getloadavg()[0], 2)],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("--people", type=int, help="generate and import this many people first")
    parser.add_argument("--processes", choices=sorted(HOW), default="auto")
    parser.add_argument("--out", type=Path, help="append the figures to this JSON-lines file")
    args = parser.parse_args()
    if args.people:
        prepare(args.data, args.people)
        return
    figures = measure(args.data, args.processes)
    print(json.dumps(figures))
    if args.out:
        with args.out.open("a") as out:
            out.write(json.dumps(figures) + "\n")


if __name__ == "__main__":  # the rebuild's producer is spawned: it imports this module again
    main()
