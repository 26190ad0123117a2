"""One configuration (a mode and an organisation size), measured through the product's own code
paths; the figures come back as a plain dict (see :mod:`benchmarks.scale.report`)."""

from __future__ import annotations

import datetime as dt
import math
import os
import random
import statistics
import sys
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select

from assistant import clock, writes
from assistant.access import load_caller, scope_for, subject_scope, team_member_ids
from assistant.db import transaction
from assistant.demo import PLANTED, generate
from assistant.importer import import_bundle
from assistant.indexing import outbox_worker, rebuild_index
from assistant.kinds import FeedbackKind, cite
from assistant.llm import OfflineModel
from assistant.models import AuditEvent, Draft, Person, Team
from assistant.runtime import Runtime
from assistant.settings import Settings
from assistant.tasks.pipeline import generate as run_task
from benchmarks.scale.services import chroma_server, peak_rss_mb, scratch_database
from retrieval.search import hybrid_search

# Plain phrases of the kind people search their records for; the demo's text covers them.
QUERIES = (
    "status update", "code review", "ledger migration", "on-call incident", "customer escalation",
    "mentoring a new hire", "quarterly goals", "missed the deadline", "great presentation",
    "stakeholder communication", "documentation", "test coverage", "release pipeline", "hiring",
    "roadmap planning", "retrospective", "latency regression", "contract renewal", "dashboard",
    "follow up on action items",
)  # fmt: skip
DIRECTOR_SCOPE = 500  # people below the "director" caller, as near as the org allows
THEMES_GROUP = 2000  # people HR asks themes over, as near as the org allows


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def spread(values: list[float]) -> dict[str, float]:
    return {
        "p50": round(statistics.median(values), 1),
        "p95": round(percentile(values, 0.95), 1),
        "max": round(max(values), 1),
        "n": len(values),
    }


def closest_subtree(children: dict[int, list[int]], target: int) -> tuple[int, int]:
    """(person, how many people are below them) for the manager of managers whose subtree is
    nearest ``target`` in size, by ratio (ties: the smaller id).

    Only managers with a manager below them count, and nearness is a ratio: the demo's large
    organisations have squads of ~11 under department heads of ~2,000 (assistant/demo/org.py),
    and by difference a squad lead (500 - 10) is nearer 500 than a department head (2,000 - 500),
    which made a 10,000-person org's "director" the planted manager of ten."""
    size: dict[int, int] = {}

    def count(pid: int) -> int:
        if pid not in size:
            size[pid] = 0  # a cycle in bad data counts once
            size[pid] = sum(1 + count(c) for c in children.get(pid, ()))
        return size[pid]

    managers = sorted(children)
    over = [pid for pid in managers if any(c in children for c in children[pid])] or managers

    def distance(pid: int) -> float:
        return abs(math.log(max(count(pid), 1) / target))

    best = min(over, key=lambda pid: (distance(pid), pid))
    return best, count(best)


class Stage:
    """Prints a progress line per stage to stderr (the table goes to stdout)."""

    def __init__(self, label: str):
        self.label = label

    @contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        self.say(f"{name} ...")
        started = time.perf_counter()
        yield
        self.say(f"{name} done in {time.perf_counter() - started:.1f}s")

    def say(self, line: str) -> None:
        load = os.getloadavg()[0]
        print(f"[{self.label}] {line}  (load {load:.1f})", file=sys.stderr, flush=True)


def measure(mode: str, people: int, work: Path, opts: dict[str, Any]) -> dict[str, Any]:
    """Every figure for ``mode`` ("embedded" or "server") at ``people``; services started here
    are stopped before returning."""
    stage = Stage(f"{mode} {people:,}")
    result: dict[str, Any] = {"mode": mode, "people": people, "load": [os.getloadavg()[0]]}
    with ExitStack() as stack:
        settings = {"data_dir": work / "data", "environment": "test", "llm_provider": "offline"}
        chroma_proc = None
        if mode == "server":
            settings["database_url"] = stack.enter_context(scratch_database(opts["pg_url"]))
            url, chroma_proc = stack.enter_context(chroma_server(work / "chroma"))
            settings["chroma_url"] = url
        rt = Runtime(Settings(**settings))
        stack.callback(rt.close)
        today = clock.today(rt.settings)

        with stage("generate"):
            started = time.perf_counter()
            bundle = generate(people=people, today=today)
            result["generate_s"] = round(time.perf_counter() - started, 1)
        with stage("import"):
            started = time.perf_counter()
            imported = import_bundle(rt.sessions, bundle, migration=True)
            result["import_s"] = round(time.perf_counter() - started, 1)
            result["records"] = imported.writes
            del bundle
        skip = opts["skip"]
        if "index" not in skip:
            with stage("index build (rebuild_index)"):
                result.update(_index(rt, stage))
        who, result["load_caller_ms"] = _callers(rt)
        result["callers"] = {k: {"email": v[0], "scope": v[1]} for k, v in who.items()}
        if "write" not in skip:
            with stage("write -> searchable"):
                result["write_searchable_ms"] = _write_to_searchable(
                    rt, mode, today, opts["writes"]
                )
        if "search" not in skip:
            with stage("public vectors (as cadence serve builds them at start-up)"):
                started = time.perf_counter()
                rt.index.public.keep_fresh(rt.engine)
                rt.index.public.wait()
                result["public_vectors"] = {
                    "documents": len(rt.index.public),
                    "build_s": round(time.perf_counter() - started, 1),
                }
            with stage("scoped search"):
                result["search_ms"] = {
                    role: spread(_search(rt, email, opts["queries"]))
                    for role, (email, _) in who.items()
                }
        if "agenda" not in skip:
            with stage("agenda"):
                result["agenda_ms"] = {
                    role: spread(_agenda(rt, who[role][0], today, opts["runs"]))
                    for role in ("manager", "director")
                }
        if "themes" not in skip:
            with stage("HR themes"):
                result["themes"] = _themes(rt, today)
        result["rss_mb"] = {"benchmark": round(peak_rss_mb())}
        if chroma_proc is not None:
            result["rss_mb"]["chroma server"] = round(peak_rss_mb(chroma_proc.pid))
    result["load"].append(os.getloadavg()[0])
    return result


def _index(rt: Runtime, stage: Stage) -> dict[str, Any]:
    """The whole index rebuilt from the database, as ``cadence index --rebuild`` does."""
    every = [0]

    def progress(done: int, total: int) -> None:
        if done * 10 // total > every[0]:
            every[0] = done * 10 // total
            stage.say(f"  indexed {done:,} of {total:,} records")

    started = time.perf_counter()
    built = rebuild_index(rt, progress=progress)
    secs = time.perf_counter() - started
    return {
        "index_s": round(secs, 1),
        "documents": built.upserted,
        "index_docs_per_s": round(built.upserted / secs),
    }


def _callers(rt: Runtime) -> tuple[dict[str, tuple[str, int]], dict[str, float]]:
    """role -> (email, people in their reporting line) for the four callers searched as; and how
    long ``load_caller`` takes for the director."""
    with rt.sessions() as session:
        email: dict[int, str] = {}
        children: dict[int, list[int]] = defaultdict(list)
        rows = session.execute(select(Person.id, Person.email, Person.manager_id))
        for pid, mail, manager in rows:
            email[pid] = mail
            if manager is not None:
                children[manager].append(pid)
        director, _ = closest_subtree(children, DIRECTOR_SCOPE)
        timings = []
        for _ in range(11):  # the access policy's per-request cost: the whole org chart is read
            started = time.perf_counter()
            load_caller(session, email[director])
            timings.append((time.perf_counter() - started) * 1000)
        out = {}
        for role, mail in (
            ("employee", PLANTED.report),
            ("manager", PLANTED.manager),
            ("director", email[director]),
            ("HR", PLANTED.hr[0]),
        ):
            out[role] = (mail, len(load_caller(session, mail).below))
    return out, spread(timings[1:])


def _write_to_searchable(rt: Runtime, mode: str, today: dt.date, n: int) -> dict[str, float]:
    """A manager's feedback about a report, committed the way the API commits it, until the
    report's manager finds it. Embedded mode wakes the in-process index thread after the commit
    (as ``cadence serve`` does); server mode leaves it to the worker's poll
    (``CADENCE_INDEX_POLL_S``), as a separate ``cadence worker`` only polls. Searchable means the
    lexical leg has it, which a drain writes after the vector leg. Server-mode writes start at a
    random point of the poll interval, as real ones do."""
    worker = outbox_worker(rt)
    worker.start()
    delays: list[float] = []
    try:
        for i in range(n + 1):  # the first warms up and is not counted
            if mode == "server":  # a write lands anywhere in the worker's poll interval
                time.sleep(random.uniform(0, rt.settings.index_poll_s))
            word = f"zq{uuid.uuid4().hex[:10]}"
            with transaction(rt.sessions) as session:
                caller = load_caller(session, PLANTED.manager)
                report = session.scalars(
                    select(Person.id).where(Person.email == PLANTED.report)
                ).one()
                fb = writes.give_feedback(
                    session, caller, receiver_id=report, kind=FeedbackKind.PRAISE,
                    text=f"Thanks for the careful rollout notes ({word}).", today=today,
                    external_id=f"bench-{word}",
                )  # fmt: skip
                session.flush()
                citation = cite("feedback", fb.id)
            committed = time.perf_counter()
            if mode == "embedded":
                worker.notify()
            while not _finds(rt, word, citation, report):
                if time.perf_counter() - committed > 120:
                    raise RuntimeError(f"{citation} not searchable after 120 s")
                time.sleep(0.01)
            if i:
                delays.append((time.perf_counter() - committed) * 1000)
    finally:
        worker.close()
    return {**spread(delays), "poll_s": rt.settings.index_poll_s if mode == "server" else 0}


def _finds(rt: Runtime, word: str, citation: str, subject: int) -> bool:
    with rt.sessions() as session:
        caller = load_caller(session, PLANTED.manager)
        hits = hybrid_search(
            word, subject_scope(caller, subject), index=None, lexical=rt.lexical,
            session=session, subject_id=subject, mode="lexical",
        )  # fmt: skip
    return any(h.citation == citation for h in hits)


def _search(rt: Runtime, email: str, n: int) -> list[float]:
    """Hybrid search over everything the caller may see, as ``cadence search --as`` runs it:
    the caller and their scope are computed per request; the text fetch afterwards is not
    timed."""
    timings: list[float] = []
    for i in range(n + 1):  # the first warms up and is not counted
        query = QUERIES[i % len(QUERIES)]
        with rt.sessions() as session:
            started = time.perf_counter()
            scope = scope_for(load_caller(session, email))
            hybrid_search(query, scope, index=rt.index, lexical=rt.lexical, session=session)
            if i:
                timings.append((time.perf_counter() - started) * 1000)
    return timings


def _timed_task(rt: Runtime, task: Callable[[], Any], runs: int) -> list[float]:
    timings = []
    for _ in range(runs):
        with transaction(rt.sessions) as session:  # the Draft row is the cache
            session.execute(delete(AuditEvent).where(AuditEvent.draft_id.is_not(None)))
            session.execute(delete(Draft))
        started = time.perf_counter()
        result = task()
        timings.append((time.perf_counter() - started) * 1000)
        assert not result.cached
    return timings


def _agenda(rt: Runtime, email: str, today: dt.date, runs: int) -> list[float]:
    """1:1 agendas (offline provider, fresh each time) about one of ``email``'s direct reports:
    the planted report for the planted manager."""
    with rt.sessions() as session:
        caller = load_caller(session, email)
        subject = (
            PLANTED.report
            if email == PLANTED.manager
            else session.get(Person, min(caller.direct_reports)).email  # type: ignore[union-attr]
        )
    offline = OfflineModel()

    def task() -> Any:
        return run_task(rt, "agenda", email, subject=subject, model=offline, today=today)

    task()  # warm up
    return _timed_task(rt, task, runs)


def _themes(rt: Runtime, today: dt.date) -> dict[str, Any]:
    """HR themes (offline, fresh drafts) over the whole organisation when it has at most
    THEMES_GROUP people, else over the department nearest that size: the first run, and a
    second with the records' readings kept."""
    with rt.sessions() as session:
        everyone = session.scalars(select(Person.id).where(Person.active.is_(True))).all()
        team: str | None = None
        size = len(everyone)
        if size > THEMES_GROUP:
            sizes = {
                t.name: len(team_member_ids(session, t.id))
                for t in session.scalars(select(Team).where(Team.parent_id.is_(None)))
            }
            team = min(sizes, key=lambda name: (abs(sizes[name] - THEMES_GROUP), name))
            size = sizes[team]
    offline = OfflineModel()
    hr = PLANTED.hr[0]

    def task() -> Any:
        if team is None:
            return run_task(rt, "themes", hr, org=True, model=offline, today=today)
        return run_task(rt, "themes", hr, team=team, model=offline, today=today)

    # The first run reads every record and keeps its reading (assistant/reading_store.py); the
    # second, its draft gone but no record changed, reads the kept ones back.
    first, again = _timed_task(rt, task, 2)
    return {
        "group": team or "organisation",
        "people": size,
        "ms": round(first),
        "again_ms": round(again),
    }
