"""Retention (assistant/retention.py): what is older than CADENCE_RETENTION_DAYS goes, from the
database, both index legs and the files."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from byte_scan import text_hits, vector_hits
from erasure_org import NEEDLES, load, person_id, planted
from sqlalchemy import select

from assistant.bundle import Bundle
from assistant.db import transaction
from assistant.errors import ConfigError
from assistant.indexing import check_index
from assistant.models import CheckIn, Draft, Feedback, Goal, GoalUpdate, KeyResult
from assistant.retention import purge_expired
from assistant.runtime import Runtime
from assistant.settings import Settings
from retrieval.embedders import HashingEmbedder
from retrieval.lexical import documents

UTC = dt.UTC


def _rid(rt: Runtime, model: Any, external_id: str) -> int:
    with rt.sessions() as s:
        return int(s.scalars(select(model.id).where(model.external_id == external_id)).one())


def _exists(rt: Runtime, model: Any, rid: int) -> bool:
    with rt.sessions() as s:
        return s.get(model, rid) is not None


@pytest.fixture
def rt(runtime: Runtime, make_bundle: Callable[..., Bundle]) -> Runtime:
    runtime.provide(embedder=HashingEmbedder(dimension=64))
    load(runtime, planted(make_bundle), drafts=False)
    return runtime


def _draft(rt: Runtime, created: dt.datetime, cites: str) -> int:
    sam, dana = person_id(rt, "sam@acme.test"), person_id(rt, "dana@acme.test")
    with transaction(rt.sessions) as s:
        row = Draft(
            task="agenda",
            subject_id=dana,
            requester_id=sam,
            provider="offline",
            model="offline-drafter",
            prompt_version="agenda@1",
            context_hash="h",
            cache_key=f"k{created.isoformat()}{cites}",
            output={"wins": [{"text": "A win.", "citations": [cites]}]},
            created_at=created,
        )
        s.add(row)
        s.flush()
        return row.id


def test_records_and_drafts_before_the_cutoff_go_the_rest_stays(rt: Runtime) -> None:
    rt.settings.retention_days = 30  # as of 2026-03-10: everything before 2026-02-08 goes
    f1, f2 = _rid(rt, Feedback, "f-1"), _rid(rt, Feedback, "f-2")
    u1, ci1, g = _rid(rt, GoalUpdate, "u-1"), _rid(rt, CheckIn, "ci-1"), _rid(rt, Goal, "g-dana")
    old = _draft(rt, dt.datetime(2026, 1, 1, tzinfo=UTC), f"F{f2}")
    cites_purged = _draft(rt, dt.datetime(2026, 3, 1, tzinfo=UTC), f"F{f1}")
    young = _draft(rt, dt.datetime(2026, 3, 1, 12, tzinfo=UTC), f"F{f2}")

    dry = purge_expired(rt, dry_run=True, today=dt.date(2026, 3, 10))
    assert dry.plan.cutoff == dt.date(2026, 2, 8) and dry.reclaim is None
    assert dry.plan.delete["feedback"] == {f1} and dry.plan.delete["goal_update"] == {u1}
    assert dry.plan.drafts == {old, cites_purged}
    assert _exists(rt, Feedback, f1) and _exists(rt, Draft, old)

    report = purge_expired(rt, today=dt.date(2026, 3, 10))
    assert report.reclaim is not None
    assert not _exists(rt, Feedback, f1) and not _exists(rt, GoalUpdate, u1)
    assert _exists(rt, Feedback, f2) and _exists(rt, CheckIn, ci1) and _exists(rt, Goal, g)
    assert not _exists(rt, Draft, old) and not _exists(rt, Draft, cites_purged)
    assert _exists(rt, Draft, young)
    with rt.sessions() as s:
        left = set(s.scalars(select(documents.c.doc_id)))
    assert f"F{f1}" not in left and f"U{u1}" not in left and f"F{f2}" in left
    assert rt.index.collection.get(ids=[f"F{f1}", f"U{u1}"])["ids"] == []
    assert check_index(rt).ok


def test_goals_go_by_when_they_ended_with_their_parts(rt: Runtime) -> None:
    rt.settings.retention_days = 30  # as of 2026-05-15: the 2026-Q1 cycle ended before 04-15
    g, kr = _rid(rt, Goal, "g-dana"), _rid(rt, KeyResult, "kr-1")
    plan = purge_expired(rt, dry_run=True, today=dt.date(2026, 5, 15)).plan
    assert g in plan.delete["goal"] and kr in plan.delete["key_result"]
    purge_expired(rt, today=dt.date(2026, 5, 15))
    assert not _exists(rt, Goal, g) and not _exists(rt, KeyResult, kr)


def test_without_a_period_nothing_is_purged(rt: Runtime) -> None:
    with pytest.raises(ConfigError, match="CADENCE_RETENTION_DAYS"):
        purge_expired(rt, today=dt.date(2026, 3, 10))


def test_the_setting_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CADENCE_RETENTION_DAYS", "365")
    assert Settings().retention_days == 365
    for bad in ("0", "99999999"):
        monkeypatch.setenv("CADENCE_RETENTION_DAYS", bad)
        with pytest.raises(ValueError, match="retention_days"):
            Settings()


@pytest.fixture
def rt_files(tmp_path: Path) -> Iterator[Runtime]:
    runtime = Runtime(Settings(data_dir=tmp_path / "data", environment="test", retention_days=30))
    yield runtime
    runtime.close()


def test_a_purge_leaves_no_text_and_no_vector_bytes_in_the_data_dir(
    rt_files: Runtime, make_bundle: Callable[..., Bundle]
) -> None:
    rt = rt_files
    load(rt, planted(make_bundle, extra_people=220))
    dana = person_id(rt, "dana@acme.test")
    got = rt.index.collection.get(where={"subject": {"$eq": dana}}, include=["embeddings"])
    vectors = [list(map(float, v)) for v in got["embeddings"]]
    assert {n for _, n in text_hits(rt.settings.data_dir, NEEDLES)} == set(NEEDLES)
    assert {n for _, n in vector_hits(rt.settings.data_dir, vectors)} == set(range(len(vectors)))

    # As of 2027-01-01 every dated record of Dana's (all in 2026-Q1) is past the period.
    purge_expired(rt, today=dt.date(2027, 1, 1))

    assert text_hits(rt.settings.data_dir, NEEDLES) == []
    assert vector_hits(rt.settings.data_dir, vectors) == []
