"""What a search query asks for beyond its words: people it names, record kinds, statuses.

A query like "Luis handling incidents" or "overdue action items for Clara and Zara" is answered
by records *about* (or by) those people, which neither leg finds from the words alone: a name is
one rare word among many, and an embedding of "Luis" means nothing. Such queries become
structured narrowing — an extra condition ANDed to the access filter, so they can only ever see
less — and the search ranks what that narrowing allows first (retrieval/search.py).

Retrieval knows nothing of people: the caller passes ``people``, a mapping from lower-cased names
(full names, and first names that are unique in the organisation) to person ids.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["Intent", "read_query"]

# Record kinds a query can name outright; only where the words leave no doubt.
_TYPES = ((re.compile(r"\baction items?\b|\bto-?dos?\b|\bfollow-?ups?\b", re.I), ("action_item",)),)


@dataclass(frozen=True)
class Intent:
    named: tuple[int, ...] = ()  # people the query names, by id
    record_types: tuple[str, ...] | None = None  # kinds the query names outright
    rest: str = ""  # the query without the names: what to search for once narrowed to them

    @property
    def structured(self) -> bool:
        return bool(self.named) or self.record_types is not None


def read_query(query: str, people: Mapping[str, int] | None) -> Intent:
    """The people and record kinds ``query`` names (longest names first, so "Femi Kim" is not
    also read as someone called "Kim")."""
    named: list[int] = []
    text = query.lower()
    for name in sorted(people or {}, key=len, reverse=True):
        if not name:
            continue
        pattern = rf"(?<!\w){re.escape(name)}(?:'s)?(?!\w)"
        if re.search(pattern, text):
            pid = (people or {})[name]
            if pid not in named:
                named.append(pid)
            text = re.sub(pattern, " ", text)  # a full name's first name is not read again
    types: tuple[str, ...] | None = None
    for words, kinds in _TYPES:
        if words.search(query):
            types = kinds
    rest = " ".join(text.split())
    return Intent(tuple(named), types, rest)
