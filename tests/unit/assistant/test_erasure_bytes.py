"""After erasing a person, no file under the data directory holds their text or their vectors.

The same scan before the erasure finds both, so the test fails if erasure leaves them behind: in
SQLite's free pages or WAL, in the full-text index's old segments, in Chroma's log or its
dropped HNSW segments.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from byte_scan import text_hits, vector_hits
from erasure_org import NEEDLES, load, person_id, planted

from assistant.bundle import Bundle
from assistant.erasure import erase_person
from assistant.runtime import Runtime
from assistant.settings import Settings

# Enough documents that Chroma persists HNSW segment files, not only its SQLite log.
EXTRA_PEOPLE = 220


@pytest.fixture
def rt(tmp_path: Path) -> Iterator[Runtime]:
    # Everything in one data dir (the SQLite file too), as a default install has it.
    runtime = Runtime(Settings(data_dir=tmp_path / "data", environment="test"))
    yield runtime
    runtime.close()


def _vectors_about(rt: Runtime, pid: int) -> list[list[float]]:
    got = rt.index.collection.get(where={"subject": {"$eq": pid}}, include=["embeddings"])
    return [list(map(float, v)) for v in got["embeddings"]]


def test_erasure_leaves_no_text_and_no_vector_bytes_in_the_data_dir(
    rt: Runtime, make_bundle: Callable[..., Bundle]
) -> None:
    load(rt, planted(make_bundle, EXTRA_PEOPLE))
    data_dir = rt.settings.data_dir
    dana = person_id(rt, "dana@acme.test")
    vectors = _vectors_about(rt, dana)
    assert len(vectors) >= 6  # goal, key result, update, feedback, check-in (+private), action

    before_text = text_hits(data_dir, (*NEEDLES, "dana@acme.test"))
    before_vectors = vector_hits(data_dir, vectors)
    assert {n for _, n in before_text} == set(NEEDLES) | {"dana@acme.test"}
    assert {n for _, n in before_vectors} == set(range(len(vectors)))
    assert any("data_level0.bin" in f for f, _ in before_vectors)  # the HNSW files, too

    erase_person(rt, "dana@acme.test")

    assert text_hits(data_dir, (*NEEDLES, "dana@acme.test", "Dana Diaz")) == []
    assert vector_hits(data_dir, vectors) == []
