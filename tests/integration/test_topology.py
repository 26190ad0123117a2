"""The server topology end to end, on loopback, every part a real process: PostgreSQL (a throwaway
database) through ``CADENCE_DATABASE_URL``, ``chroma run`` through ``CADENCE_CHROMA_URL``, Redis
for the rate limits, ``cadence serve --workers 2`` with the in-process index thread off, and
``cadence worker`` processes draining the outbox (deploy/README.md describes this layout).

The demo organisation is imported with nothing draining, so its whole import waits in the
outbox. One worker starts alone and is SIGKILLed while it holds a batch (a PostgreSQL transaction
open on its connection); two more then start together — held at a table lock until both are
waiting, so both get work — and drain the rest. Their logged counts add up to exactly the rows
that were left (a row taken twice would be counted twice), and ``cadence index --check`` finds
both legs complete with nothing doubled. Then every task runs through the HTTP API with tokens
from ``cadence token create``, a feedback POST becomes findable by ``ask``, and the rate-limit
counters are in Redis.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis
from live_server import free_port, start_chroma, start_server, stop_chroma, stop_server
from sqlalchemy import Engine, create_engine, text

from assistant.demo import PLANTED

# A hang anywhere (a process that never comes up) ends the test rather than the CI job.
pytestmark = [pytest.mark.integration, pytest.mark.postgres, pytest.mark.timeout(900)]

# Not db 15 (tests/integration/test_redis_limits.py): the API's counters here are keyed by the
# demo's person ids, which a concurrent run of test_redis_limits must not share.
REDIS_URL = "redis://127.0.0.1:6379/14"
TODAY = "2026-11-26"
PEOPLE = 45  # the smallest demo (assistant/demo/org.py MIN_PEOPLE): ~4,300 outbox rows
CLI = Path(sys.executable).with_name("cadence")
# Generous: CI and developer machines share 2 cores with other work.
STEP_TIMEOUT = 300.0
PATHS = {"G": "goals", "K": "key-results", "U": "goal-updates", "F": "feedback",
         "C": "checkins", "A": "action-items"}  # fmt: skip


def _wait(what: str, check: Callable[[], bool], timeout: float = STEP_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:g}s waiting for {what}")
        time.sleep(0.1)


class Topology:
    """The processes of one run, their environment and logs; :meth:`close` ends every one."""

    def __init__(self, tmp: Path, database_url: str):
        self.tmp = tmp
        self.engine: Engine = create_engine(database_url, pool_size=2)
        self.chroma_port, self.api_port = free_port(), free_port()
        inherited = os.environ.items()
        self.env = {k: v for k, v in inherited if not k.startswith(("CADENCE_", "OPENAI_"))}
        self.env.update(
            {
                "CADENCE_DATA_DIR": str(tmp / "data"),
                "CADENCE_DATABASE_URL": database_url,
                "CADENCE_CHROMA_URL": f"http://127.0.0.1:{self.chroma_port}",
                "CADENCE_REDIS_URL": REDIS_URL,
                "CADENCE_TODAY": TODAY,
                "CADENCE_ENVIRONMENT": "test",
                "CADENCE_LLM_PROVIDER": "offline",
                "CADENCE_INDEX_IN_PROCESS": "false",
                "CADENCE_INDEX_POLL_S": "0.5",
                "CADENCE_RATE_LIMIT_PER_MINUTE": "100000",
                "ANONYMIZED_TELEMETRY": "False",
            }
        )
        self.chroma: subprocess.Popen[bytes] | None = None
        self.api: subprocess.Popen[bytes] | None = None
        self.procs: dict[str, subprocess.Popen[bytes]] = {}

    def spawn(self, name: str, *args: str) -> subprocess.Popen[bytes]:
        """``cadence ARGS`` in the background, its output in ``name.log``; PostgreSQL sees its
        connections under the application name ``name``."""
        with (self.tmp / f"{name}.log").open("wb") as log:
            proc = subprocess.Popen(
                [str(CLI), *args], env={**self.env, "PGAPPNAME": name, "COLUMNS": "200"},
                stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
        self.procs[name] = proc
        return proc

    def finish(self, name: str) -> str:
        """Wait for a spawned command to succeed; its output."""
        code = self.procs[name].wait(timeout=STEP_TIMEOUT)
        assert code == 0, f"{name} exited {code}:\n{self.log(name)}"
        return self.log(name)

    def log(self, name: str) -> str:
        return (self.tmp / f"{name}.log").read_text()

    def drained(self, name: str) -> int:
        """Outbox rows this worker has logged as consumed (a line per drain)."""
        return sum(int(n) for n in re.findall(r"indexed (\d+) changes", self.log(name)))

    def throughput(self, name: str) -> str:
        """Documents written and seconds spent in drains, from a worker's log (for the report)."""
        drains = re.findall(r"(\d+) documents written, \d+ removed in ([\d.]+)s", self.log(name))
        docs, seconds = sum(int(d) for d, _ in drains), sum(float(s) for _, s in drains)
        return f"{docs} docs in {seconds:.1f}s"

    def start_chroma(self) -> None:
        path = self.tmp / "chroma"
        path.mkdir()
        self.chroma = start_chroma(path, self.chroma_port, timeout=STEP_TIMEOUT)

    def start_api(self) -> None:
        self.api = start_server(
            self.tmp / "data", self.api_port, self.env, workers=2, timeout=STEP_TIMEOUT
        )

    def sql(self, query: str, **params: Any) -> Any:
        with self.engine.connect() as conn:
            return conn.execute(text(query), params).scalar()

    def pending(self) -> int:
        return int(self.sql("select count(*) from outbox"))

    def in_transaction(self, name: str) -> bool:
        """Whether the process ``name`` has a PostgreSQL transaction open: a worker holding a
        batch (its batch is one transaction, from taking the rows to deleting them)."""
        return bool(
            self.sql(
                "select count(*) from pg_stat_activity where datname = current_database() "
                "and application_name = :name and xact_start is not null",
                name=name,
            )
        )

    def waiting_on_outbox(self, *names: str) -> int:
        """How many of these processes are waiting for a lock on the outbox table."""
        return int(
            self.sql(
                "select count(distinct a.application_name) from pg_locks l "
                "join pg_stat_activity a on a.pid = l.pid "
                "where l.relation = 'outbox'::regclass and not l.granted "
                "and a.application_name = any(:names)",
                names=list(names),
            )
        )

    def close(self) -> None:
        for proc in self.procs.values():
            if proc.poll() is None:
                proc.kill()
            proc.wait(timeout=30)
        if self.api is not None:
            stop_server(self.api)
        if self.chroma is not None:
            stop_chroma(self.chroma)
        self.engine.dispose()


@pytest.fixture
def topology(tmp_path: Path, pg_url: str) -> Iterator[Topology]:
    redis.Redis.from_url(REDIS_URL, socket_connect_timeout=5).ping()  # fail early, clearly
    top = Topology(tmp_path, pg_url)
    try:
        yield top
    finally:
        top.close()


def _peak_mb(pid: int) -> list[int]:
    """Peak resident memory (MB) of a process and of each of its children, for the sizing table
    in deploy/README.md (reported, never asserted); empty where /proc is not there."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        peaks = []
        for each in [str(pid), *children]:
            status = Path(f"/proc/{each}/status").read_text()
            found = re.search(r"VmHWM:\s+(\d+) kB", status)
            peaks.append(int(found.group(1)) // 1024 if found else 0)
        return peaks
    except OSError:
        return []


def _items(output: Any) -> list[dict[str, Any]]:
    """Every cited item of a draft's output, whatever its task's shape."""
    if isinstance(output, dict):
        found = [output] if "citations" in output else []
        return found + [i for v in output.values() for i in _items(v)]
    if isinstance(output, list):
        return [i for v in output for i in _items(v)]
    return []


def _draft(http: httpx.Client, token: str, path: str, body: dict[str, Any]) -> dict[str, Any]:
    resp = http.post(path, json=body, headers={"Authorization": f"Bearer {token}"})
    assert resp.status_code == 200, f"{path}: {resp.status_code} {resp.text}"
    draft: dict[str, Any] = resp.json()
    assert draft["provider"] == "offline" and draft["degraded"] is None, draft
    return draft


def _cited(
    http: httpx.Client, token: str, draft: dict[str, Any], *, opens: bool = True
) -> set[str]:
    """The draft's citations; every item carries some and (unless HR's aggregate) every cited
    record opens for the requester: the answer is grounded in what they may see."""
    items = _items(draft["output"])
    assert items, draft
    cites: set[str] = set()
    for item in items:
        assert item["citations"], f"{draft['task']}: uncited item {item}"
        cites.update(item["citations"])
    assert all(re.fullmatch(r"[GKUFCA]\d+", c) for c in cites), cites
    if opens:
        for cid in sorted(cites):
            got = http.get(
                f"/v1/{PATHS[cid[0]]}/{cid[1:]}", headers={"Authorization": f"Bearer {token}"}
            )
            assert got.status_code == 200, f"{draft['task']} cites {cid}, which gives {got}"
    return cites


def test_topology_end_to_end(topology: Topology) -> None:
    top = topology
    started = time.monotonic()
    phases: dict[str, float] = {}

    def phase(name: str) -> None:
        phases[name] = round(max(0.0, time.monotonic() - started - sum(phases.values())), 1)

    # PostgreSQL gets the demo with nothing draining (the API's thread is off and no worker runs
    # yet), while the Chroma server starts.
    top.spawn("demo", "demo", "--people", str(PEOPLE), "--no-index")
    top.start_chroma()
    top.finish("demo")
    total = top.pending()
    assert total > 1000, total
    phase("chroma + demo")

    with ThreadPoolExecutor(1) as background:
        # The API's two processes start alongside, and the tokens are minted (no outbox rows).
        api_started = background.submit(top.start_api)
        emails = {"maya": PLANTED.manager, "dana": PLANTED.report, "hr": PLANTED.hr[0]}
        for who, email in emails.items():
            top.spawn(f"token-{who}", "token", "create", "--as", email)

        # One worker alone, killed while it holds a batch, after at least one batch committed.
        killed = top.spawn("worker-killed", "worker")
        _wait(
            "the first worker to commit a batch and hold the next",
            lambda: top.pending() < total and top.in_transaction("worker-killed"),
        )
        killed.send_signal(signal.SIGKILL)
        killed.wait(timeout=30)
        _wait("PostgreSQL to end its transaction", lambda: not top.in_transaction("worker-killed"))
        left = top.pending()
        assert 0 < left < total  # the batch in hand went back to the outbox
        phase("first worker killed")

        # Two workers, released together: the outbox stays locked until both wait on it.
        with top.engine.connect() as conn, conn.begin():
            conn.execute(text("set local lock_timeout = '120s'"))
            conn.execute(text("lock table outbox in access exclusive mode"))
            assert conn.execute(text("select count(*) from outbox")).scalar() == left
            top.spawn("worker-a", "worker")
            top.spawn("worker-b", "worker")
            _wait(
                "both workers to wait on the outbox",
                lambda: top.waiting_on_outbox("worker-a", "worker-b") == 2,
            )

        def both() -> int:
            return top.drained("worker-a") + top.drained("worker-b")

        def done() -> bool:  # emptied, logged, and neither still inside a batch
            idle = not top.in_transaction("worker-a") and not top.in_transaction("worker-b")
            return top.pending() == 0 and both() >= left and idle

        _wait("the two workers to drain the outbox", done)
        a, b = top.drained("worker-a"), top.drained("worker-b")
        # Each row was taken by exactly one worker, both shared the work, and nothing else
        # drained (the API's in-process thread is off).
        assert (a + b, a > 0, b > 0) == (left, True, True), (a, b, left)
        drains = {w: top.throughput(w) for w in ("worker-killed", "worker-a", "worker-b")}
        phase("drained by two")
        api_started.result(timeout=STEP_TIMEOUT)

    # The drift check runs while the API answers.
    top.spawn("check", "index", "--check")
    tokens = {who: top.finish(f"token-{who}").strip().splitlines()[-1] for who in emails}
    maya, dana, hr = tokens["maya"], tokens["dana"], tokens["hr"]
    off_track = top.sql("select id from goals where external_id = :x", x=PLANTED.off_track_goal)
    overdue = top.sql(
        "select id from action_items where external_id = :x", x=PLANTED.overdue_action_item
    )
    with httpx.Client(base_url=f"http://127.0.0.1:{top.api_port}", timeout=STEP_TIMEOUT) as http:
        # Every task through the HTTP API (two uvicorn processes behind one port).
        about = {"subject": PLANTED.report}
        agenda = _draft(http, maya, "/v1/drafts/agenda", about)
        assert {f"G{off_track}", f"A{overdue}"} <= _cited(http, maya, agenda)
        for task in ("summary", "coaching"):
            _cited(http, maya, _draft(http, maya, f"/v1/drafts/{task}", about))
        reflection = _draft(http, dana, "/v1/drafts/reflection", {})
        _cited(http, dana, reflection)
        assert PLANTED.manager_only_canary not in str(reflection["output"])
        assert PLANTED.private_checkin_canary not in str(reflection["output"])
        themes = _draft(http, hr, "/v1/drafts/themes", {"team": PLANTED.at_k_team_name})
        assert {c[0] for c in _cited(http, hr, themes, opens=False)} == {"F"}
        assert "@example.com" not in str(themes["output"])  # aggregates: nobody named
        question = {**about, "question": "what feedback has Dana had about status updates?"}
        ask = _draft(http, maya, "/v1/drafts/ask", question)
        assert not ask["output"]["nothing_on_record"]
        _cited(http, maya, ask)
        phase("tokens + six tasks")

        check = top.finish("check")
        assert "No drift." in check, check
        counted_docs = re.search(r"Index check: (\d+) documents", check)
        assert counted_docs, check
        documents = int(counted_docs.group(1))
        assert documents >= total
        # The lexical leg holds each document once (the vector leg is keyed by document id).
        assert top.sql("select count(*) from search_documents") == documents
        assert top.sql("select count(distinct doc_id) from search_documents") == documents
        phase("index check")

        # A write through the API becomes searchable: ask finds it once a worker indexed it.
        marker = f"zebra-{uuid.uuid4().hex[:8]}"
        created = http.post(
            "/v1/feedback",
            headers={"Authorization": f"Bearer {maya}"},
            json={"receiver_id": agenda["subject_id"], "kind": "praise", "visibility": "shared",
                  "text": f"Thanks for running the {marker} failover drill so calmly."},
        )  # fmt: skip
        assert created.status_code == 201, created.text
        new = f"F{created.json()['id']}"
        written = time.monotonic()
        asked = {**about, "question": f"what about the {marker} failover drill?"}

        def found() -> bool:
            answer = _draft(http, maya, "/v1/drafts/ask", asked)
            return not answer["output"]["nothing_on_record"] and new in _cited(http, maya, answer)

        _wait(f"{new} to be searchable", found, timeout=60)
        searchable_s = time.monotonic() - written
        phase("write searchable")

        # The rate-limit counters live in Redis, shared by both API processes.
        me = http.get("/v1/me", headers={"Authorization": f"Bearer {maya}"}).json()
        limits = redis.Redis.from_url(REDIS_URL, socket_timeout=5)

        def counted() -> int:
            return sum(int(limits.get(k) or 0) for k in limits.keys(f"cadence:rl:p{me['id']}:*"))

        before = counted()
        for _ in range(10):  # a connection each, so both processes take some
            with httpx.Client(base_url=http.base_url, timeout=STEP_TIMEOUT) as fresh:
                ok = fresh.get("/v1/me", headers={"Authorization": f"Bearer {maya}"})
                assert ok.status_code == 200
        assert counted() >= before + 10
        limits.close()

    assert top.api is not None and top.chroma is not None
    memory = {
        "serve and its uvicorn processes": _peak_mb(top.api.pid),
        "chroma": _peak_mb(top.chroma.pid),
        "index workers": [
            m for w in ("worker-a", "worker-b") for m in _peak_mb(top.procs[w].pid)[:1]
        ],
    }

    # Every worker stops cleanly on SIGTERM, after the batch in hand.
    for name in ("worker-a", "worker-b"):
        top.procs[name].send_signal(signal.SIGTERM)
    for name in ("worker-a", "worker-b"):
        assert "cadence worker: stopped after" in top.finish(name)
    assert top.pending() == 0
    phase("rate limits + stop")
    print(
        f"\ntopology: {total} outbox rows, {documents} documents, write searchable after "
        f"{searchable_s:.1f}s, {time.monotonic() - started:.1f}s in all; phases (s): {phases}; "
        f"drains: {drains}; peak RSS (MB): {memory}"
    )
