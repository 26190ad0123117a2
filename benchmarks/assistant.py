"""Offline end-to-end latency of the tasks on the demo organisation, and prompt sizes.

    .venv/bin/python -m benchmarks.assistant [--people 60] [--runs 20] [--hits 50]
        [--database-url postgresql+psycopg://...]

For each task: p50/p95 of ``assistant.tasks.generate`` with the offline provider (access check,
context read, packing, drafting, grounding, storing the Draft; the cache is cleared before each
run so every run does the full work), p50/p95 of ``--hits`` cache hits (the same request again,
nothing written in between) and the CPU time a hit takes in this process (wall time on a busy
machine is mostly waiting for a core), and the tokens of the prompt a model would be sent at the
default context budget (system + task prompt + packed records).
Ask runs three questions: one answered from feedback, one about the last two 1:1s, and one that
nothing on record answers (no model is called for it, so it has no prompt).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import delete

from assistant import clock
from assistant.demo import PLANTED
from assistant.demo import generate as demo_bundle
from assistant.importer import import_bundle
from assistant.indexing import sync_now
from assistant.llm import ModelTimeout, OfflineModel, ScriptedModel
from assistant.models import AuditEvent, Draft
from assistant.runtime import Runtime
from assistant.settings import Settings
from assistant.tasks.budget import record_budget
from assistant.tasks.pipeline import generate
from retrieval.tokens import count_tokens

CASES: list[tuple[str, str, dict[str, Any]]] = [
    ("agenda", PLANTED.manager, {"subject": PLANTED.report}),
    ("summary", PLANTED.manager, {"subject": PLANTED.report}),
    ("coaching", PLANTED.manager, {"subject": PLANTED.report}),
    ("reflection", PLANTED.report, {}),
    ("themes", PLANTED.hr[0], {"org": True}),
    (
        "ask",
        PLANTED.manager,
        {"subject": PLANTED.report, "question": "What feedback has Dana had about status updates?"},
    ),
    ("ask", PLANTED.report, {"question": "What did I promise in my last two 1:1s?"}),
    ("ask", PLANTED.manager, {"subject": PLANTED.report, "question": "Any word on Kubernetes?"}),
]


def _clear(rt: Runtime) -> None:
    with rt.sessions() as s:
        s.execute(delete(AuditEvent))
        s.execute(delete(Draft))
        s.commit()


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def scratch_runtime(database_url: str | None) -> Runtime:
    """A runtime over a new temporary data dir: SQLite there, or ``database_url`` (an empty
    PostgreSQL database)."""
    data = Path(tempfile.mkdtemp(prefix="cadence-bench-"))
    url = database_url or f"sqlite:///{data}/c.db"
    return Runtime(Settings(data_dir=data, database_url=url, environment="test"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=60)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--hits", type=int, default=50, help="cache hits timed per task")
    parser.add_argument("--database-url", help="an empty PostgreSQL database instead of SQLite")
    args = parser.parse_args()

    rt = scratch_runtime(args.database_url)
    settings = rt.settings
    today = clock.today(settings)
    import_bundle(rt.sessions, demo_bundle(args.people, 42, today=today), migration=True)
    sync_now(rt, strict=True)  # ask searches the index
    offline = OfflineModel()
    generate(rt, "agenda", PLANTED.manager, subject=PLANTED.report, model=offline)  # warm up
    print(
        f"demo org: {args.people} people, {args.runs} runs per task, offline provider, "
        f"context budget {record_budget(settings, None)} tokens (a model of unknown window)"
    )
    print(
        f"{'task':<20} {'p50 ms':>8} {'p95 ms':>8} {'hit p50':>8} {'hit p95':>8} {'hit cpu':>8} "
        f"{'prompt tok':>11} {'context tok':>11} {'records':>8} {'left out':>9}"
    )
    for task, caller, kw in CASES:
        timings: list[float] = []
        for _ in range(args.runs):
            _clear(rt)
            started = time.perf_counter()
            generate(rt, task, caller, model=offline, today=today, **kw)
            timings.append((time.perf_counter() - started) * 1000)
        hits: list[float] = []
        cpu = time.process_time()
        for _ in range(args.hits):
            started = time.perf_counter()
            hit = generate(rt, task, caller, model=offline, today=today, **kw)
            hits.append((time.perf_counter() - started) * 1000)
            assert hit.cached
        cpu_ms = (time.process_time() - cpu) * 1000 / max(1, args.hits)
        # The prompt a model would get: run once through a model that times out (the pipeline
        # then degrades to offline) and count what it was sent.
        probe = ScriptedModel([ModelTimeout("benchmark probe")])
        probed = generate(rt, task, caller, model=probe, today=today, **kw)
        sent = probe.history[0] if probe.history else []
        prompt_tokens = sum(count_tokens(m.content) for m in sent)
        gathered = probed.context_tokens and len(sent[1].content.split("<record ")) - 1
        gathered += len(probed.dropped_context)
        label = task if task != "ask" else f"ask:{str(kw['question'])[:14]}"
        print(
            f"{label:<20} {statistics.median(timings):>8.1f} {_pct(timings, 0.95):>8.1f} "
            f"{statistics.median(hits):>8.1f} {_pct(hits, 0.95):>8.1f} {cpu_ms:>8.1f} "
            f"{prompt_tokens:>11} "
            f"{probed.context_tokens:>11} {gathered:>8} {len(probed.dropped_context):>9}"
        )
    rt.close()


if __name__ == "__main__":
    main()
