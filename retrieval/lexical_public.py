"""The lexical leg in two parts, the public part's answers kept per data version.

SQLite's FTS5 scores every in-scope match of a query before its ``LIMIT``; every scope holds the
organisation's public goals, key results and updates (``split_scope`` in retrieval/filters.py), so
most of a search's full-text cost is scoring public rows, and it grows with the organisation
whatever the caller may see (retrieval/lexical.py has the figures). That part is the same for every
caller: its answer for a query, a narrowing and a depth is kept in a per-process memo, valid while
the data version (a counter every committed write moves, assistant/data_version.py) has not
moved, and only the pinned part (the people and teams the caller may see) is asked of the
database each time. The two lists are merged by score: a document's score does not depend on the
``WHERE`` it was found under (the same FTS5 query over the same table), so the merged list is
the one the single query over the whole scope returns, ties and all.

Access stays the database's: the memo holds what the public part's own SQL ``WHERE`` returned at
that version, and a version the session cannot vouch for (the session wrote something it has not
committed, or the counter is not installed) is never cached. The cost of a query nobody has asked
since the last write is the single query's, plus the pinned part's (scoring few rows: the public
ones are filtered out before ``bm25()``).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement
from sqlalchemy.orm import Session

if TYPE_CHECKING:
    from retrieval.lexical import LexicalHit, LexicalIndex

__all__ = ["MEMO_SIZE", "PublicMatches", "merged"]

# Answers kept: a few hundred distinct (query, narrowing) pairs between two writes is plenty.
MEMO_SIZE = 512
Version = Callable[[Session], "int | None"]


class PublicMatches:
    """The public part's lexical answers of one process, valid at one data version."""

    def __init__(self, version: Version, size: int = MEMO_SIZE) -> None:
        self._version = version
        self.size = size
        self._memo: OrderedDict[Hashable, list[LexicalHit]] = OrderedDict()
        self._at: int | None = None  # the data version the memo's answers were read at
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._memo)

    def search(
        self,
        lexical: LexicalIndex,
        session: Session,
        query: str,
        where: ColumnElement[bool],
        key: Hashable,
        k: int,
    ) -> list[LexicalHit]:
        """``lexical.search(session, query, where, k)``, from the memo when this ``key`` (what
        ``where`` filters by, apart from the query) was asked at the session's data version."""
        version = self._version(session)
        if version is None:
            return lexical.search(session, query, where, k)
        full = (key, query, k)
        with self._lock:
            if self._at != version:
                self._memo.clear()
                self._at = version
            hits = self._memo.get(full)
            if hits is not None:
                self._memo.move_to_end(full)
                return hits
        hits = lexical.search(session, query, where, k)
        with self._lock:
            if self._at == version:  # not if a newer version cleared the memo meanwhile
                self._memo[full] = hits
                while len(self._memo) > self.size:
                    self._memo.popitem(last=False)
        return hits


def merged(lists: list[list[LexicalHit]], k: int) -> list[LexicalHit]:
    """The ``k`` best of ``lists`` (each best first), a document once, in the single query's
    order: score descending, then doc id."""
    best: dict[str, LexicalHit] = {}
    for hits in lists:
        for hit in hits:
            if hit.doc_id not in best:
                best[hit.doc_id] = hit
    return sorted(best.values(), key=lambda h: (-h.score, h.doc_id))[:k]
