"""Fixtures for the retrieval tests: a small organisation in a real database (SQLite and
PostgreSQL) and a real Chroma PersistentClient in tmp_path (tests/orgs/retrieval_org.py, shared
with the index-sync tests)."""

from __future__ import annotations

from tests.orgs.retrieval_org import embedder, index, lexical, org

__all__ = ["embedder", "index", "lexical", "org"]
