"""Erasure policy (assistant/erasure.py) on SQLite and PostgreSQL: what goes, what stays without
the person's name, drafts, audit, tokens, reports, and both index legs."""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from erasure_org import load, person_id, planted
from sqlalchemy import select, text

from assistant import auth
from assistant.bundle import Bundle
from assistant.db import _sqlite_pragmas, make_engine, transaction
from assistant.erasure import FORMER_COLLEAGUE, erase_person, plan_erasure
from assistant.errors import NotFound, UserError
from assistant.indexing import check_index
from assistant.models import (
    INDEXED,
    ActionItem,
    ApiToken,
    AuditEvent,
    CheckIn,
    Draft,
    Feedback,
    Person,
)
from assistant.removal import citations_of, empty_ids
from assistant.runtime import Runtime
from retrieval.embedders import HashingEmbedder
from retrieval.lexical import documents
from tests.sql_watch import CHUNKED_STATEMENT, widest_statement


@pytest.fixture
def rt(runtime: Runtime, make_bundle: Callable[..., Bundle]) -> Runtime:
    runtime.provide(embedder=HashingEmbedder(dimension=64))  # fast; the model is not tested
    load(runtime, planted(make_bundle))
    return runtime


def _rid(rt: Runtime, model: Any, external_id: str) -> int | None:
    with rt.sessions() as s:
        return s.scalar(select(model.id).where(model.external_id == external_id))


def _ids(rt: Runtime, pairs: dict[str, tuple[Any, list[str]]]) -> dict[str, set[int]]:
    out = empty_ids()
    for rtype, (model, external_ids) in pairs.items():
        out[rtype] = {i for e in external_ids if (i := _rid(rt, model, e)) is not None}
    return out


def _index_mentions(rt: Runtime, pid: int) -> tuple[int, int]:
    """Documents naming ``pid`` as subject or author: (lexical rows, vectors)."""
    with rt.sessions() as s:
        lexical = s.execute(
            select(documents.c.doc_id).where(
                (documents.c.subject_id == pid) | (documents.c.author_id == pid)
            )
        ).all()
    got = rt.index.collection.get(
        where={"$or": [{"subject": {"$eq": pid}}, {"author": {"$eq": pid}}]}, include=[]
    )
    return len(lexical), len(got["ids"])


def test_erasing_an_employee_deletes_what_is_about_them(rt: Runtime) -> None:
    dana, ada = person_id(rt, "dana@acme.test"), person_id(rt, "ada@acme.test")
    with transaction(rt.sessions) as s:
        auth.create_token(s, "dana@acme.test")
    gone = _ids(
        rt,
        {
            "feedback": (Feedback, ["f-1", "f-2", "f-3", "f-dana-note"]),
            "checkin": (CheckIn, ["ci-1"]),
            "action_item": (ActionItem, ["a-1", "a-2"]),
        },
    )
    praise = _rid(rt, Feedback, "f-dana-praise")
    assert _index_mentions(rt, dana) != (0, 0)

    report = erase_person(rt, "dana@acme.test", actor_id=ada)

    assert report.counts["delete feedback"] == 4
    assert report.counts["re-attribute feedback"] == 1
    assert report.counts["delete drafts"] >= 2  # the agenda about her, her reflection
    with rt.sessions() as s:
        assert s.get(Person, dana) is None
        for rtype, ids in gone.items():
            model: Any = INDEXED[rtype]
            assert s.scalars(select(model.id).where(model.id.in_(ids))).all() == []
        kept = s.get(Feedback, praise)
        assert kept is not None and kept.giver.external_id == FORMER_COLLEAGUE[0]
        assert kept.giver.name == "Former colleague" and not kept.giver.active
        assert s.scalars(select(ApiToken).where(ApiToken.person_id == dana)).all() == []
        for draft in s.scalars(select(Draft)):
            stored = json.dumps(draft.output).lower()
            assert "dana" not in stored, draft.task
            assert dana not in (draft.subject_id, draft.requester_id)
        events = s.scalars(select(AuditEvent)).all()
        assert all(dana not in (e.actor_id, e.subject_id) for e in events)
        (erase,) = [e for e in events if e.action == "person.erase"]
        assert erase.actor_id == ada and erase.subject_id is None
        # Counts only: no name, email or id of the erased person.
        assert re.fullmatch(r"\d+ records deleted, \d+ re-attributed, \d+ drafts", erase.detail)
    assert _index_mentions(rt, dana) == (0, 0)
    drift = check_index(rt)
    assert drift.ok and drift.pending == 0


def test_erasing_a_manager_keeps_their_reports_records_without_their_name(rt: Runtime) -> None:
    sam, ada, dana = (person_id(rt, f"{n}@acme.test") for n in ("sam", "ada", "dana"))
    f1, f3 = _rid(rt, Feedback, "f-1"), _rid(rt, Feedback, "f-3")
    ci1, a2 = _rid(rt, CheckIn, "ci-1"), _rid(rt, ActionItem, "a-2")

    erase_person(rt, "sam@acme.test")

    with rt.sessions() as s:
        former = s.scalar(select(Person.id).where(Person.external_id == FORMER_COLLEAGUE[0]))
        assert s.get(Person, dana).manager_id == ada  # type: ignore[union-attr]
        assert s.get(Feedback, f1).giver_id == former  # type: ignore[union-attr]
        assert s.get(Feedback, f3) is None  # his private note about Dana
        checkin = s.get(CheckIn, ci1)
        assert checkin is not None and checkin.manager_id == former
        assert checkin.private_notes == "" and "migration" in checkin.shared_notes
        assert s.get(ActionItem, a2).owner_id == former  # type: ignore[union-attr]
        assert s.scalars(select(Draft).where(Draft.requester_id == sam)).all() == []
        (erase,) = s.scalars(select(AuditEvent).where(AuditEvent.action == "person.erase"))
        assert s.get(Person, erase.actor_id).name == "Cadence operator"  # type: ignore[union-attr]
        private = s.execute(
            select(documents.c.doc_id).where(documents.c.doc_id == f"C{ci1}:private")
        ).all()
    assert private == []
    assert _index_mentions(rt, sam) == (0, 0)
    assert rt.index.collection.get(ids=[f"C{ci1}:private"])["ids"] == []
    assert check_index(rt).ok


def test_erasing_a_manager_of_many_1on1s_binds_a_bounded_number_of_ids(rt: Runtime) -> None:
    # Years of weekly 1:1s with private notes: clearing them once took one IN list of all.
    sam, dana = person_id(rt, "sam@acme.test"), person_id(rt, "dana@acme.test")
    with transaction(rt.sessions) as s:
        s.add_all(
            CheckIn(
                external_id=f"weekly-{i}",
                employee_id=dana,
                manager_id=sam,
                date=dt.date(2024, 1, 1) + dt.timedelta(days=i),
                private_notes=f"note {i}",
            )
            for i in range(600)
        )
    with widest_statement(rt.engine) as widest:
        erase_person(rt, "sam@acme.test")
    assert widest[0] <= CHUNKED_STATEMENT
    with rt.sessions() as s:
        notes = s.scalars(select(CheckIn.private_notes).where(CheckIn.external_id.like("weekly-%")))
        assert set(notes) == {""}
    assert _index_mentions(rt, sam) == (0, 0)


def test_the_plan_counts_and_changes_nothing(rt: Runtime) -> None:
    with rt.sessions() as s:
        plan = plan_erasure(s, "DANA@acme.test")
        before = s.scalar(text("select count(*) from feedback"))
    assert plan.counts()["delete goals"] == 1
    assert plan.counts()["delete key results"] == 1
    assert citations_of(plan.anonymise) == {f"F{_rid(rt, Feedback, 'f-dana-praise')}"}
    with rt.sessions() as s:
        assert s.scalar(text("select count(*) from feedback")) == before
        assert s.scalar(select(Person.id).where(Person.email == "dana@acme.test")) is not None


def test_unknown_people_placeholders_and_oneself_cannot_be_erased(rt: Runtime) -> None:
    with pytest.raises(NotFound):
        erase_person(rt, "nobody@acme.test")
    erase_person(rt, "dana@acme.test")
    with pytest.raises(NotFound):
        erase_person(rt, FORMER_COLLEAGUE[2])
    ada = person_id(rt, "ada@acme.test")
    with pytest.raises(UserError, match="yourself"):
        erase_person(rt, ada, actor_id=ada)
    assert person_id(rt, "ada@acme.test") == ada


def _vacuums(rt: Runtime) -> int:
    """PostgreSQL's count of manual VACUUMs of the feedback table."""
    with rt.engine.connect() as conn:
        stmt = text("select vacuum_count from pg_stat_user_tables where relname = 'feedback'")
        return int(conn.execute(stmt).scalar_one())


def test_storage_is_reclaimed_on_either_database(rt: Runtime) -> None:
    postgres = rt.engine.dialect.name == "postgresql"
    before = _vacuums(rt) if postgres else 0
    report = erase_person(rt, "dana@acme.test")
    assert report.reclaim.vectors == rt.index.count()
    if postgres:
        assert report.reclaim.database.startswith("PostgreSQL: VACUUM")
        assert _vacuums(rt) == before + 1
    else:
        assert report.reclaim.database == "SQLite vacuumed, WAL checkpointed and truncated"
        wal = rt.settings.resolved_database_url.split("///", 1)[1] + "-wal"
        assert Path(wal).stat().st_size == 0


def test_every_sqlite_connection_runs_with_secure_delete(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA secure_delete").scalar() == 1
    engine.dispose()
    # This build of SQLite defaults to it; one that does not must still get it from us.
    raw = sqlite3.connect(tmp_path / "y.db")
    raw.execute("PRAGMA secure_delete=OFF")
    _sqlite_pragmas(raw, None)
    assert raw.execute("PRAGMA secure_delete").fetchone() == (1,)
    raw.close()
