"""CPU time of each leg of a scoped search, on a data dir ``search_cpu build`` made.

    python -m benchmarks.scale.search_legs DIR OUT.json [--queries 20]

For the scale benchmark's four callers and queries, each part of ``hybrid_search`` timed on its
own (``time.process_time``): embedding the query; the lexical leg over the whole scope, and over
its pinned and public parts apart; the vector leg's pinned part (exact scoring, or Chroma's
filtered search past the exact limit) and its public part from the in-process snapshot (with its
coarse partition, when the code has one, and scored exactly over every public row for recall@30
against it); the whole hybrid search. Also how long the public snapshot took to build and how
much it holds. Runs against whichever tree ``PYTHONPATH`` names first, so the same script times
the code before and after a change.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from assistant.access import load_caller, scope_for
from benchmarks.scale.measure import QUERIES, _callers, percentile
from benchmarks.scale.search_cpu import _runtime
from retrieval.exact import exact_query
from retrieval.filters import split_scope, to_chroma_where, to_sql
from retrieval.lexical import documents
from retrieval.public_leg import Narrowing
from retrieval.search import hybrid_search

K = 30
SHARES = (16, 4)  # probe 1 in this many cells, beside the default


def _cpu(call: Callable[[], Any]) -> tuple[float, Any]:
    started = time.process_time()
    got = call()
    return (time.process_time() - started) * 1000, got


def _spread(values: list[float]) -> dict[str, float]:
    return {
        "p50": round(statistics.median(values), 1),
        "p95": round(percentile(values, 0.95), 1),
        "mean": round(statistics.mean(values), 1),
    }


def _one(rt: Any, session: Any, email: str, query: str) -> tuple[dict[str, float], float | None]:
    """CPU ms of each leg of one search, and the public part's recall@30 against exact."""
    index, lexical, public, s = rt.index, rt.lexical, rt.index.public, session
    scope = scope_for(load_caller(s, email))
    pinned, broad = split_scope(scope)
    got: dict[str, float] = {}
    got["embed"], vector = _cpu(lambda: index.embedder.embed_queries([query])[0])
    got["lexical"], _ = _cpu(lambda: lexical.search(s, query, to_sql(scope, documents.c), K))
    recall = None
    if pinned is not None:
        mine = to_sql(pinned, documents.c)
        got["lexical_pinned"], _ = _cpu(lambda: lexical.search(s, query, mine, K))
        got["vector_pinned"], pinned_hits = _cpu(lambda: exact_query(index, s, query, mine, K))
        if pinned_hits is None:  # past the exact limit: Chroma's filtered search
            chroma = to_chroma_where(pinned)
            ms, _ = _cpu(lambda: index.query(query, chroma, K))
            got["vector_pinned"] += ms
    if broad is not None:
        where = to_sql(broad, documents.c)
        got["lexical_public"], _ = _cpu(lambda: lexical.search(s, query, where, K))
        got["vector_public"], approx = _cpu(
            lambda: public.search(s, vector, broad, where, Narrowing(), K)
        )
        if hasattr(public, "exact_rows"):  # the tree has the partition: recall against exact
            keep, public.exact_rows = public.exact_rows, 10**12
            got["vector_public_exact"], exact = _cpu(
                lambda: public.search(s, vector, broad, where, Narrowing(), K)
            )
            public.exact_rows = keep
            want = {h.doc_id for h in exact}
            recall = len(want & {h.doc_id for h in approx}) / max(1, len(want))
            probes = public.probes
            for share in SHARES:  # other probe counts: CPU and recall
                public.probes = lambda cells, share=share: max(4, cells // share)
                got[f"vector_public_1in{share}"], found = _cpu(
                    lambda: public.search(s, vector, broad, where, Narrowing(), K)
                )
                hit = want & {h.doc_id for h in found}
                got[f"recall_1in{share}"] = len(hit) / max(1, len(want))
            public.probes = probes
    hits: dict[str, list[tuple[str, float]]] = {}

    def hybrid(name: str) -> None:
        got[name], found = _cpu(
            lambda: hybrid_search(query, scope, index=index, lexical=lexical, session=s)
        )
        hits[name] = [(h.citation, round(h.score, 9)) for h in found]

    if hasattr(public, "exact_rows"):
        # The same process before and after, interleaved: the public part scored over every
        # row, then through the cells.
        keep = public.exact_rows
        public.exact_rows = 10**12
        hybrid("hybrid_before")
        public.exact_rows = keep
        hybrid("hybrid_after")
        got["same_hits"] = float(hits["hybrid_after"] == hits["hybrid_before"])
    else:
        hybrid("hybrid")
    return got, recall


def legs(data: Path, out: Path, n: int) -> None:
    rt = _runtime(data)
    public = rt.index.public
    result: dict[str, Any] = {"load_start": os.getloadavg()[0]}
    try:
        started = time.process_time()
        public.keep_fresh(rt.engine)
        public.wait()
        # The data does not change from here on: no background re-read, whose CPU time would
        # be counted in whichever search it overlaps (process_time counts every thread).
        public.refresh_s = float("inf")
        snap = public._snap
        centroids = getattr(snap, "centroids", None)
        result["snapshot"] = {
            "rows": len(public),
            "build_cpu_s": round(time.process_time() - started, 1),
            "cells": None if centroids is None else len(centroids.matrix),
        }
        print(json.dumps(result), flush=True)
        who, _ = _callers(rt)
        for role, (email, below) in who.items():
            times: dict[str, list[float]] = {}
            recall: list[float] = []
            for i in range(n + 1):  # the first warms up and is not counted
                with rt.sessions() as session:
                    got, r = _one(rt, session, email, QUERIES[i % len(QUERIES)])
                if i:
                    for name, ms in got.items():
                        times.setdefault(name, []).append(ms)
                    if r is not None:
                        recall.append(r)
            result[role] = {"below": below} | {k: _spread(v) for k, v in times.items()}
            if recall:
                result[role]["vector_public_recall_at_30"] = round(statistics.mean(recall), 3)
            print(role, json.dumps(result[role]), flush=True)
        result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
        result["load_end"] = os.getloadavg()[0]
        out.write_text(json.dumps(result, indent=1) + "\n")
    finally:
        rt.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.scale.search_legs")
    ap.add_argument("data", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--queries", type=int, default=20)
    args = ap.parse_args(argv)
    legs(args.data, args.out, max(2, args.queries))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
