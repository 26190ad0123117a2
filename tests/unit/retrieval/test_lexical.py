"""The lexical leg's writes: the same document written twice, and by two workers at once."""

from __future__ import annotations

import threading

from sqlalchemy import select, true

from assistant.runtime import Runtime
from retrieval.lexical import LexicalIndex, documents
from retrieval.types import Document


def _doc(text: str) -> Document:
    return Document("A1", "A1", "action_item", 1, None, None, None, "shared", 20261120, None, text)


def _texts(runtime: Runtime) -> list[str]:
    with runtime.sessions() as s:
        return list(s.scalars(select(documents.c.text).where(documents.c.doc_id == "A1")))


def test_a_document_written_again_replaces_itself(runtime: Runtime) -> None:
    lexical = LexicalIndex()
    with runtime.sessions() as s, s.begin():
        assert lexical.upsert(s, [_doc("send the draft"), _doc("send the final draft")]) == 2
    with runtime.sessions() as s, s.begin():
        lexical.upsert(s, [_doc("book the review")])
    assert _texts(runtime) == ["book the review"]
    with runtime.sessions() as s:
        assert [h.doc_id for h in lexical.search(s, "review", true(), 5)] == ["A1"]


def test_two_writers_of_one_document_at_once_both_succeed(runtime: Runtime) -> None:
    """Two index workers on PostgreSQL can render the same document in overlapping
    transactions (a check-in's batch re-renders its action items while another worker holds an
    action item's own outbox row): the second waits for the first and then wins, instead of
    failing on the unique doc_id. (SQLite has one writer at a time, so there the second
    transaction simply starts after the first.)"""
    lexical = LexicalIndex()
    postgres = runtime.engine.dialect.name == "postgresql"
    first_wrote, errors = threading.Event(), []
    with runtime.sessions() as first:
        first.begin()
        lexical.upsert(first, [_doc("from the first worker")])
        first_wrote.set()

        def second_worker() -> None:
            try:
                with runtime.sessions() as second, second.begin():
                    lexical.upsert(second, [_doc("from the second worker")])
            except Exception as exc:  # the assertion below reports it
                errors.append(exc)

        worker = threading.Thread(target=second_worker)
        if postgres:
            worker.start()  # blocks on the first transaction's row until it commits
            worker.join(0.5)
            assert worker.is_alive()
        first.commit()
    if not postgres:
        worker.start()
    worker.join(30)
    assert not worker.is_alive() and errors == []
    assert _texts(runtime) == ["from the second worker"]
