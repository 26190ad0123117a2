"""A full rebuild split between a producer process and this one (assistant/index_rebuild.py)."""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

import pytest

import assistant.index_rebuild as index_rebuild
import assistant.indexing as indexing
from assistant.db import make_engine
from assistant.errors import IndexError_
from assistant.indexing import check_index, outbox_empty, rebuild_index
from assistant.runtime import Runtime
from retrieval.embedders import HashingEmbedder
from tests.orgs.retrieval_org import build_org


def _legs(rt: Runtime) -> tuple[dict[str, str], dict[str, str]]:
    with rt.sessions() as session:
        return rt.index.fingerprints(), rt.lexical.fingerprints(session)


def _refuse(*_args: object, **_kwargs: object) -> None:
    raise AssertionError("this path must not run")


def test_two_processes_build_what_one_builds(
    runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_org(runtime)  # the runtime's own embedder: the bundled model the producer builds too
    with monkeypatch.context() as patch:
        patch.setattr(indexing, "rebuild", _refuse)  # no falling back to one process
        two = rebuild_index(runtime, two_processes=True)
    vectors_two, lexical_two = _legs(runtime)
    assert outbox_empty(runtime) and check_index(runtime).ok
    stored = runtime.index.fetch_vectors(sorted(vectors_two))

    with monkeypatch.context() as patch:
        patch.setattr(indexing, "rebuild_pipelined", _refuse)
        one = rebuild_index(runtime, two_processes=False)
    assert (one.records, one.upserted, one.batches) == (two.records, two.upserted, two.batches)
    assert two.upserted == len(vectors_two) == 9 and two.outbox_rows > 0
    assert _legs(runtime) == (vectors_two, lexical_two)
    again = runtime.index.fetch_vectors(sorted(vectors_two))
    for doc_id, (fp, vector) in stored.items():
        assert again[doc_id][0] == fp
        assert again[doc_id][1] == pytest.approx(vector, abs=1e-6)


def test_a_runtime_handed_another_embedder_rebuilds_in_one_process(runtime: Runtime) -> None:
    runtime.provide(embedder=HashingEmbedder(dimension=64))  # the producer would build another
    build_org(runtime)
    report = rebuild_index(runtime, two_processes=True)
    assert report.upserted == 9 and runtime.index.count() == 9
    assert check_index(runtime).ok


def test_auto_uses_two_processes_only_for_a_large_index_on_the_settings_database(
    runtime: Runtime, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    runtime.provide(embedder=HashingEmbedder(dimension=64))
    build_org(runtime)
    assert indexing._producer_can_stand_in(runtime)
    monkeypatch.setattr(indexing, "rebuild_pipelined", _refuse)
    assert rebuild_index(runtime).upserted == 9  # 10 records: under PIPELINE_MIN_RECORDS

    monkeypatch.setattr(indexing, "PIPELINE_MIN_RECORDS", 5)
    with pytest.raises(IndexError_, match="must not run"):
        rebuild_index(runtime)  # now large enough: the producer would be asked
    other = make_engine(f"sqlite:///{tmp_path / 'other.db'}")  # not the settings' database
    runtime.provide(engine=other)
    assert not indexing._producer_can_stand_in(runtime)
    other.dispose()


def test_a_producer_that_ends_without_a_word_fails_the_rebuild() -> None:
    ctx = multiprocessing.get_context("spawn")
    results = ctx.Queue()
    child = ctx.Process(target=os._exit, args=(3,))
    child.start()
    with pytest.raises(IndexError_, match="exit code 3"):
        index_rebuild._receive(results, child)
    child.join()


def test_a_failure_the_producer_reports_fails_the_rebuild() -> None:
    ctx = multiprocessing.get_context("spawn")
    results = ctx.Queue()
    results.put(("error", "OperationalError: database is locked"))
    child = ctx.Process(target=os._exit, args=(0,))
    child.start()
    with pytest.raises(IndexError_, match="database is locked"):
        index_rebuild._receive(results, child)
    child.join()
