"""What an agenda costs follows what the manager's scope holds, not the size of the organisation:
the same pair amid 20 or 60 strangers (people outside the manager's reporting line, with goals
and feedback, several named like the pair's peers) reads the database exactly as much — counted
in SQL statements and in SQLite virtual-machine steps (rows scanned show there; time would not be
a test). Both orgs have strangers: an index range that ends on a stranger's key takes one step
more than one that ends the index, whatever the number of strangers.

Not covered: the full-text match of the lexical leg (retrieval/lexical.py) scores every record of
the organisation that says a query's word before the access filter keeps the subject's, and its
internal reads follow the index's layout: its steps are counted apart, and the strangers' records
share no word with the pair's."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, delete

from assistant.db import transaction
from assistant.indexing import sync_now
from assistant.models import AuditEvent, Draft
from assistant.runtime import Runtime
from assistant.settings import Settings
from assistant.tasks.pipeline import generate
from tests.builder import build
from tests.orgs.evidence_org import TODAY, build_evidence_org
from tests.sql_watch import statements_seen_by

CROWDS = (20, 60)
FULL_TEXT = "search_documents_fts"  # retrieval/lexical.py's SQLite table


@dataclass
class Reads:
    statements: int = 0
    steps: int = 0  # SQLite VM steps of every statement but the full-text match
    full_text_steps: int = 0
    in_full_text: bool = False


@contextmanager
def counting(engine: Engine) -> Iterator[Reads]:
    """SQL statements run, and SQLite VM steps (attributed to the statement last started),
    while the block runs."""
    seen = Reads()
    watched: list[Any] = []

    def tick() -> int:
        if seen.in_full_text:
            seen.full_text_steps += 1
        else:
            seen.steps += 1
        return 0  # go on

    def before(conn: Any, _cursor: object, statement: str, *_rest: object) -> None:
        seen.statements += 1
        seen.in_full_text = f"{FULL_TEXT} MATCH" in statement
        raw = conn.connection.driver_connection
        if raw not in watched:
            raw.set_progress_handler(tick, 1)  # called every VM step
            watched.append(raw)

    try:
        with statements_seen_by(engine, before):
            yield seen
    finally:
        for raw in watched:
            raw.set_progress_handler(None, 0)


def _add_strangers(runtime: Runtime, n: int) -> None:
    """``n`` people in another department, none below Maya, each with a goal and feedback, and
    most named like Dana's peers (Hannah, Zara, Luis, Marco)."""
    firsts = ("Hannah", "Zara", "Luis", "Marco", "Priya", "Tom")
    with build(runtime, today=TODAY, domain="elsewhere.test") as b:
        b.team("ops", "Operations")
        b.person("boss", "Olga Ferreira", team="ops")
        for i in range(n):
            key = f"s{i}"
            b.person(key, f"{firsts[i % len(firsts)]} Stranger{i}", manager="boss", team="ops")
            b.goal(
                f"{key}-goal", f"Audit the warehouse inventory of depot {i}", owner=key,
                status="off_track", progress=10, created=-40, due=20,
            )  # fmt: skip
            b.feedback(
                f"{key}-fb", "The depot count was late twice; the forklift log is incomplete.",
                giver="boss", receiver=key, on=-10, kind="constructive",
            )  # fmt: skip


def _runtime(tmp_path: Path, name: str) -> Runtime:
    data = tmp_path / name
    return Runtime(Settings(data_dir=data, database_url=f"sqlite:///{data}.db", environment="test"))


def _agenda_reads(runtime: Runtime, email: str, subject: str) -> Reads:
    """What a fresh agenda (a cache miss) reads, once the process is warm (org chart, embedder)."""

    def agenda() -> None:
        with transaction(runtime.sessions) as session:  # the Draft row is the cache
            session.execute(delete(AuditEvent).where(AuditEvent.draft_id.is_not(None)))
            session.execute(delete(Draft))
        result = generate(runtime, "agenda", email, subject=subject, today=TODAY)
        assert not result.cached

    agenda()
    with counting(runtime.engine) as seen:
        agenda()
    return seen


def test_an_agenda_reads_the_same_whatever_the_organisation_around_the_pair(
    tmp_path: Path,
) -> None:
    reads: dict[str, Reads] = {}
    for name, strangers in zip(("small", "large"), CROWDS, strict=True):
        runtime = _runtime(tmp_path, name)
        try:
            org = build_evidence_org(runtime)
            _add_strangers(runtime, strangers)
            sync_now(runtime, strict=True)  # linked evidence searches the index
            reads[name] = _agenda_reads(runtime, org.email("maya"), org.email("dana"))
        finally:
            runtime.close()
    small, large = reads["small"], reads["large"]
    # The counters see the agenda's reads, the full-text leg's included.
    assert small.steps > 0 and small.full_text_steps > 0
    assert large.statements == small.statements
    assert large.steps == small.steps
