"""The words a group of feedback records shares and the rest of the feedback does not: how a
theme is described without quoting anyone, and how a discovered theme gets a name.

A term (a content word, or two adjacent ones) scores by how many of the group's records use it
against how common it is in all the records (tf-idf with document frequencies). Only terms that
feedback about at least ``min_people`` different people uses are kept, so a term can describe the
group but not point at one person; words that are only ever written capitalised mid-sentence
(names, products, places) and anything in an email address or a URL are never terms.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

# Function words, and the words every piece of feedback uses whatever it is about.
_STOP_TEXT = """
a about above after again against all also always am an and any are around as at back be
because been before being below between both but by can cannot could did do does doing done
down during each even ever every few for from further get gets getting got had has have having
he her here hers herself him himself his how however i if in into is it its itself just keep
keeps kept let lot lots made make makes making many may me might more most much must my myself
need needs never no nor not now of off often on once one only or other others our ours out over
own quite rather really same see seems she should so some someone something sometimes still such
than that the their theirs them themselves then there these they thing things this those though
through to too under until up upon us very want was way we well were what when where which while
who whom why will with within without would yet you your yours
work works worked working job team teams time times people person colleague colleagues feedback
review reviews year years month months week weeks day days good great better best bad new
like really definitely always actually generally overall lately recently again able
"""
STOPWORDS = frozenset(_STOP_TEXT.split())

_CONTACT = re.compile(r"\S+@\S+|https?://\S+|www\.\S+")
_TOKEN = re.compile(r"[A-Za-z][A-Za-z'-]*[A-Za-z]|[.!?;:,()]")
_LOWER = re.compile(r"(?<![A-Za-z'-])[a-z][a-z'-]*[a-z]")
_BREAK = frozenset(".!?;:,()")


@dataclass(frozen=True)
class Doc:
    """One record as the scorer needs it: its text and who it is about."""

    text: str
    person: int | None


def _without_contacts(text: str, by: str) -> str:
    # Most feedback holds no address: skip the substitution, the scorer's costliest step.
    if "@" not in text and "http" not in text and "www." not in text:
        return text
    return _CONTACT.sub(by, text)


def _tokens(text: str) -> list[str]:
    """Lower-cased words, with punctuation kept as breaks (a term never spans one)."""
    return [t if t in _BREAK else t.lower() for t in _TOKEN.findall(_without_contacts(text, " . "))]


def _terms(tokens: list[str]) -> set[str]:
    words = [w if w not in _BREAK and w not in STOPWORDS and len(w) > 2 else "" for w in tokens]
    out = {w for w in words if w}
    out |= {f"{a} {b}" for a, b in pairwise(words) if a and b}
    return out


def lower_case_words(texts: Sequence[str]) -> set[str]:
    """Words ``texts`` write in lower case somewhere. A word never written so is a name, a
    product or a place (or only ever opens a sentence): never a term."""
    return {w for text in texts for w in _LOWER.findall(_without_contacts(text, " "))}


class TermIndex:
    """The background a group's terms are scored against: every text of the period (its
    sentences, for themes), tokenised once however many groups are scored."""

    def __init__(self, texts: Sequence[str]):
        self.common = lower_case_words(texts)
        self.df: Counter[str] = Counter()
        # Groups are drawn from these same texts: each is tokenised once, not once per group.
        self._terms: dict[str, set[str]] = {}
        for text in texts:
            self.df.update(self.terms_of(text))
        self.total = len(texts)

    def terms_of(self, text: str) -> set[str]:
        found = self._terms.get(text)
        if found is None:
            found = self._terms[text] = _terms(_tokens(text))
        return found

    def distinctive(
        self,
        group: Sequence[Doc],
        *,
        min_people: int,
        limit: int = 3,
        exclude: frozenset[str] = frozenset(),
    ) -> list[str]:
        """Up to ``limit`` terms that ``group`` uses and the background mostly does not, each
        used in feedback about at least ``min_people`` different people. A word of a chosen
        two-word term is not chosen again on its own."""
        if not group:
            return []
        inside: Counter[str] = Counter()
        people: dict[str, set[int]] = {}
        for doc in group:
            for term in self.terms_of(doc.text):
                if any(word not in self.common or word in exclude for word in term.split()):
                    continue
                inside[term] += 1
                if doc.person is not None:
                    people.setdefault(term, set()).add(doc.person)
        scored = []
        for term, count in inside.items():
            if len(people.get(term, ())) < min_people:
                continue
            idf = math.log((1 + self.total) / (1 + self.df[term])) + 1.0
            # A two-word term is rarer by construction; a small bonus lets a shared phrase beat
            # its own words when it is about as common.
            bonus = 1.3 if " " in term else 1.0
            scored.append((count / len(group) * idf * bonus, term))
        scored.sort(key=lambda pair: (-pair[0], pair[1]))
        chosen: list[str] = []
        for _, term in scored:
            words = set(term.split())
            if any(words & set(c.split()) for c in chosen):
                continue
            chosen.append(term)
            if len(chosen) == limit:
                break
        return chosen
