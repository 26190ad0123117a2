"""Fixtures for the retrieval tests: a small organisation in a real database (SQLite and
PostgreSQL) and a real Chroma PersistentClient in tmp_path."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from assistant.runtime import Runtime
from retrieval.embedders import HashingEmbedder
from retrieval.index import VectorIndex, make_chroma_client
from retrieval.lexical import LexicalIndex
from tests.orgs.retrieval_org import Org, build_org


@pytest.fixture
def org(runtime: Runtime) -> Org:
    """Maya manages Dana and Eli; Omar is elsewhere. A handful of records of every kind."""
    return build_org(runtime)


@pytest.fixture
def embedder() -> Any:
    return HashingEmbedder(dimension=256)


@pytest.fixture
def index(runtime: Runtime, embedder: Any) -> Iterator[VectorIndex]:
    client = make_chroma_client(runtime.settings)
    yield VectorIndex(client, embedder)
    client.close()


@pytest.fixture
def lexical() -> LexicalIndex:
    return LexicalIndex()
