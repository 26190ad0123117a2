"""The grounding check: is every item of an output backed by records the caller may see?

For each item (see :func:`assistant.tasks.schemas.iter_items`):

- it cites at least one record, and every citation is a record in the packed context — an id
  the model made up, or one that exists but lies outside what the caller may see, fails; so does
  a record id written into the text that is not among the records given ("as [F999] shows");
- every number, ISO date and person name in its text appears in the records it cites (counts
  that equal the number of cited records or of distinct authors are allowed);
- every specific, confidential-sounding claim in it (someone fired or let go, pay, health,
  legal trouble, a promotion, "HR has confirmed"...; :data:`assistant.injection.CLAIMS`) is said
  by a record it cites — and the most sensitive are never relayed on a coworker's word alone;
- it shows no injection symptom: URLs, markdown links or images, HTML, smuggled (tag) characters,
  canary-like tokens that are not in its cited records, text that addresses an assistant, words
  echoing an instruction planted in any record, or the payload of such an instruction. A record
  that addresses the model taints every record by the same author in the context (a payload
  split across two records).

All matching runs on revealed text (:func:`assistant.injection.reveal`): invisible and tag
characters cannot hide an instruction from the check while a model still reads it.

:func:`check` returns the problems per item; the tasks re-ask once with them and then drop what
still fails (:func:`drop`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel

from assistant.injection import (
    CLAIM,
    INSTRUCTION,
    claims_in,
    content_ngrams,
    has_smuggling,
    hidden_text,
    is_instruction,
    payloads_in,
    reveal,
    sentences,
)
from assistant.kinds import LETTER_CLASS
from assistant.tasks.schemas import Item, Visibility, iter_items
from retrieval.packing import render_record
from retrieval.types import ContextItem

_ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
_NUMBER = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?(?![\w])")
_ONE_ON_ONE = re.compile(r"\b1:1s?\b|\b1-on-1s?\b", re.IGNORECASE)
_CITATION_LIKE = re.compile(rf"\b{LETTER_CLASS}\d+\b")
_URL = re.compile(r"(?i)\bhttps?://|\bwww\.|\b[a-z0-9-]+\.(?:com|net|org|io|ru|xyz)/")
_MARKDOWN = re.compile(r"!\[[^\]]*\]\(|\[[^\]]+\]\([^)]*\)")
_HTML = re.compile(r"(?i)<\s*(?:img|script|a|iframe|svg|style)\b")
_CANARY = re.compile(r"\b[A-Z]{3,}(?:-[A-Z0-9]{2,}){1,}\b")
# Consecutive content words an item may share with a record that addresses the assistant.
ECHO_WORDS = 3
_FULL_NAME = re.compile(r"\b[A-Z][a-z]+(?:[ -][A-Z][a-z']+)+\b")


_WORD_RUN = re.compile(r"\w+")


@dataclass(frozen=True)
class _PeopleNames:
    """People's full names indexed for :meth:`Grounding._names_in`: by their leading run of
    word characters (a name that matches at a word boundary starts where the text has exactly
    that run), the few names that do not start with a word character, and first names."""

    by_lead: dict[str, tuple[str, ...]]
    irregular: tuple[str, ...]
    firsts: frozenset[str]

    @classmethod
    def of(cls, people: Iterable[str]) -> _PeopleNames:
        by_lead: dict[str, list[str]] = {}
        irregular: list[str] = []
        for name in sorted(n for n in people if n):
            lead = _WORD_RUN.match(name)
            if lead is None:
                irregular.append(name)
            else:
                by_lead.setdefault(lead.group(0), []).append(name)
        return cls(
            {k: tuple(v) for k, v in by_lead.items()},
            tuple(irregular),
            frozenset(n.split()[0] for n in people if " " in n),
        )


@dataclass(frozen=True)
class Problem:
    section: str
    index: int
    text: str
    reason: str

    @property
    def where(self) -> str:
        return f"{self.section}[{self.index}]"


@dataclass
class Grounding:
    """What the check needs besides the output."""

    context: Sequence[ContextItem]
    # Names and dates that are facts of the request itself (the subject, the caller, the period).
    allowed_names: set[str] = field(default_factory=set)
    allowed_dates: set[str] = field(default_factory=set)
    # Names of people in the organisation (full names): a name in an output must be cited.
    people: set[str] = field(default_factory=set)
    # For citations outside the context: "missing" (no such record), "hidden" (exists, but the
    # caller may not see it) or "visible" (the caller may see it, it just wasn't given).
    locate: Callable[[str], Literal["missing", "hidden", "visible"]] | None = None
    anonymous: bool = False  # HR themes: no names and no quotes at all
    _rendered: dict[str, str] = field(default_factory=dict, init=False)
    _trusted: set[str] = field(default_factory=set, init=False)  # citations the caller wrote
    _tainted: set[str] = field(default_factory=set, init=False)
    _payloads: dict[str, list[str]] = field(default_factory=dict, init=False)
    _echoes: dict[tuple[str, ...], str] = field(default_factory=dict, init=False)
    _names_of: set[str] = field(default_factory=set, init=False)
    _name_index: _PeopleNames = field(default_factory=lambda: _PeopleNames.of(()), init=False)

    def __post_init__(self) -> None:
        suspect_authors: set[int | None] = set()
        for item in self.context:
            block = reveal(render_record(item))
            self._rendered[item.citation] = self._rendered.get(item.citation, "") + "\n" + block
            if not item.untrusted:
                self._trusted.add(item.citation)
            elif is_instruction(item.text):
                self._tainted.add(item.citation)
                suspect_authors.add(item.author_id)
                # Nothing such a record says is repeated: not its instruction, not its "facts".
                for sentence in [*sentences(reveal(item.text)), hidden_text(item.text)]:
                    for gram in content_ngrams(sentence, ECHO_WORDS):
                        self._echoes.setdefault(gram, item.citation)
        for item in self.context:
            # One record that addresses the model makes its author's other records suspect: their
            # payloads are not echoed and their claims not relayed (a payload split in two).
            if item.untrusted and item.author_id is not None and item.author_id in suspect_authors:
                self._tainted.add(item.citation)
        for item in self.context:
            if item.citation not in self._tainted:
                continue
            found = payloads_in(item.text)
            if found:
                self._payloads.setdefault(item.citation, []).extend(found)

    @property
    def citations(self) -> set[str]:
        return set(self._rendered)

    def visibility_of(self, item: Item, *, strict: bool) -> Visibility:
        """The most restricted visibility among the records ``item`` rests on.

        A check-in is cited by one id for its shared and its private notes. With ``strict`` (a
        model wrote the item and may paraphrase), citing it when its private notes were in the
        context makes the item private. Otherwise (the offline drafter, which quotes) the item is
        private only when it repeats words that the private notes say and no shared part of its
        cited records does (three content words in a row: the drafter quotes verbatim)."""
        parts = [p for p in self.context if p.citation in item.citations]
        said = content_ngrams(" ".join(v for _, v in item if isinstance(v, str)), ECHO_WORDS)
        shared = " ".join(render_record(p) for p in parts if record_visibility(p) == "shared")
        open_grams = content_ngrams(shared, ECHO_WORDS)
        level: Visibility = "shared"
        for citation in item.citations:
            for part in (p for p in parts if p.citation == citation):
                seen = record_visibility(part)
                if seen == "shared" or _RANK[seen] <= _RANK[level]:
                    continue
                mixed = any(
                    record_visibility(p) == "shared" for p in parts if p.citation == citation
                )
                quoted = said & (content_ngrams(part.text, ECHO_WORDS) - open_grams)
                if strict or not mixed or quoted:
                    level = seen
        return level

    def problems_for(self, section: str, index: int, item: Item) -> list[Problem]:
        def problem(reason: str) -> Problem:
            return Problem(section, index, item.text, reason)

        out: list[Problem] = []
        texts = [v for k, v in item if isinstance(v, str)]
        raw = " ".join(texts)
        text = reveal(raw)
        if not item.citations:
            return [problem("cites no records")]
        unknown = [c for c in item.citations if c not in self._rendered]
        for cid in unknown:
            where = self.locate(cid) if self.locate is not None else "missing"
            if where == "hidden":
                out.append(problem(f"cites {cid}, which is outside what the caller may see"))
            elif where == "visible":
                out.append(problem(f"cites {cid}, which is not among the records given"))
            else:
                out.append(problem(f"cites {cid}, which does not exist"))
        cited = "\n".join(self._rendered.get(c, "") for c in item.citations)
        out += [problem(r) for r in self._fact_problems(item, text, cited)]
        out += [problem(r) for r in self._claim_problems(item, text)]
        out += [problem(r) for r in self._injection_problems(item, raw, text, cited)]
        return out

    def _claim_problems(self, item: Item, text: str) -> list[str]:
        problems: list[str] = []
        for key in sorted(claims_in(text)):
            claim = CLAIM[key]
            said_by = [c for c in item.citations if claim.pattern.search(self._rendered.get(c, ""))]
            what = claim.pattern.search(text)
            quoted = f"“{what.group(0)}”" if what else key
            if not said_by:
                problems.append(f"claims {quoted}, which its cited records do not say")
            elif all(c in self._tainted for c in said_by):
                problems.append(f"repeats {quoted} from a record that addresses the assistant")
            elif claim.confidential and not any(c in self._trusted for c in said_by):
                problems.append(f"relays {quoted} on a coworker's word alone")
        return problems

    def _fact_problems(self, item: Item, text: str, cited: str) -> list[str]:
        problems: list[str] = []
        for day in _ISO_DATE.findall(text):
            if day not in cited and day not in self.allowed_dates:
                problems.append(f"mentions the date {day}, which its cited records do not")
        numbers_in_records = {_norm(n) for n in _NUMBER.findall(cited)}
        counts = self._counts(item)
        plain = _CITATION_LIKE.sub(" ", _ONE_ON_ONE.sub(" ", _ISO_DATE.sub(" ", text)))
        for raw in _NUMBER.findall(plain):
            value = _norm(raw)
            if value not in numbers_in_records and value not in counts:
                problems.append(f"mentions the number {raw}, which its cited records do not")
        for name in sorted(self._names_in(text)):
            if self.anonymous:
                problems.append(f"names {name} in an anonymous aggregate")
            elif name not in cited and name not in self.allowed_names:
                problems.append(f"mentions {name}, who is not in its cited records")
        if self.anonymous and re.search(r"[\"“”]", text):
            problems.append("quotes feedback in an anonymous aggregate")
        return problems

    def _counts(self, item: Item) -> set[str]:
        cited = [i for i in self.context if i.citation in item.citations]
        authors = {i.author_id for i in cited if i.author_id}
        values = {len(item.citations), len(authors)}
        # "4 pieces of feedback from 3 people" stays checkable when the item also cites a 1:1
        # or an update: the count of cited records, or of their authors, of one kind.
        for kind in {i.record_type for i in cited}:
            same = [i for i in cited if i.record_type == kind]
            values |= {len({i.citation for i in same}), len({i.author_id for i in same} - {None})}
        values |= {v for _, v in item if isinstance(v, int) and not isinstance(v, bool)}
        return {str(v) for v in values}

    def _names_in(self, text: str) -> set[str]:
        names = self._names()
        # Only the names whose leading word the text says can match at a word boundary: a
        # regex per name in the organisation was the agenda's largest cost at 10,000 people.
        runs = set(_WORD_RUN.findall(text))
        candidates = [n for run in runs for n in names.by_lead.get(run, ())]
        found = {
            n for n in (*candidates, *names.irregular) if re.search(rf"\b{re.escape(n)}\b", text)
        }
        for candidate in _FULL_NAME.findall(text):
            if candidate in self.people:
                found.add(candidate)
        # First names of people in the org count too when they stand alone in the text.
        firsts = names.firsts
        for word in re.findall(r"\b[A-Z][a-z]+\b", text):
            covered = any(word in f for f in found) or any(word in a for a in self.allowed_names)
            if word in firsts and (self.anonymous or not covered):
                found.add(word)
        return found

    def _names(self) -> _PeopleNames:
        """The index of :attr:`people`, rebuilt when the set has changed (the model phase adds
        the names a model's output brings up)."""
        if self._names_of != self.people:
            self._names_of = set(self.people)
            self._name_index = _PeopleNames.of(self._names_of)
        return self._name_index

    def _injection_problems(self, item: Item, raw: str, text: str, cited: str) -> list[str]:
        problems: list[str] = []
        if has_smuggling(raw):
            problems.append("contains hidden (tag) characters")
        for cid in dict.fromkeys(_CITATION_LIKE.findall(text)):
            if cid not in self._rendered:
                problems.append(f"names {cid} in its text, which is not among the records given")
        if _URL.search(text):
            problems.append("contains a URL")
        if _MARKDOWN.search(text):
            problems.append("contains a markdown link or image")
        if _HTML.search(text):
            problems.append("contains HTML")
        for token in _CANARY.findall(text):
            if token not in cited:
                problems.append(f"contains {token}, which is not in its cited records")
        lowered = text.lower()
        for cid, payloads in self._payloads.items():
            for payload in payloads:
                if payload.lower() in lowered:
                    problems.append(f"follows an instruction embedded in {cid}")
                    break
        grams = content_ngrams(text, ECHO_WORDS)
        for cid in sorted({self._echoes[g] for g in grams if g in self._echoes}):
            problems.append(f"echoes {cid}, a record that addresses the assistant")
        if INSTRUCTION.search(text):
            problems.append("repeats an instruction aimed at the assistant")
        return problems


def injection_payloads(text: str) -> list[str]:
    """What an instruction planted in ``text`` asks to be echoed. Once any sentence of a record
    addresses the model, the whole record is suspect: every quoted string, canary-like token and
    shouted phrase in it is a payload (role-play attacks put the payload in the sentence after
    the command)."""
    return payloads_in(text) if is_instruction(text) else []


@lru_cache(maxsize=16_384)
def looks_like_instruction(sentence: str) -> bool:
    revealed = reveal(sentence)
    return bool(
        is_instruction(sentence)
        or _URL.search(revealed)
        or _MARKDOWN.search(revealed)
        or _CANARY.search(revealed)
    )


def _norm(raw: str) -> str:
    value = raw.replace(",", "")
    if "." in value:
        value = value.rstrip("0").rstrip(".")
    return value.lstrip("0") or "0"


_RANK: dict[str, int] = {"shared": 0, "manager_only": 1, "private": 2}


def record_visibility(part: ContextItem) -> Visibility:
    """Who may read ``part``: a private 1:1 note or private feedback is private, manager-only
    feedback manager-only, everything else shared."""
    if part.record_type == "checkin" and part.facts.get("part") == "private":
        return "private"
    if part.record_type == "feedback" and part.facts.get("visibility") == "manager_only":
        return "manager_only"
    if part.record_type == "feedback" and part.facts.get("visibility") == "private":
        return "private"
    return "shared"


def mark_visibility(output: BaseModel, grounding: Grounding, *, strict: bool) -> BaseModel:
    """``output`` with every item's ``visibility`` computed from what it cites (whatever a
    model said it was)."""
    data = output.model_dump()
    for section, index, item in iter_items(output):
        data[section][index]["visibility"] = grounding.visibility_of(item, strict=strict)
    return type(output).model_validate(data)


def check(output: BaseModel, grounding: Grounding) -> list[Problem]:
    problems: list[Problem] = []
    for section, index, item in iter_items(output):
        problems += grounding.problems_for(section, index, item)
    return problems


def drop(output: BaseModel, problems: Iterable[Problem]) -> BaseModel:
    """``output`` without the items that have problems."""
    bad = {(p.section, p.index) for p in problems}
    data = output.model_dump()
    for section, value in list(data.items()):
        if isinstance(value, list):
            data[section] = [v for i, v in enumerate(value) if (section, i) not in bad]
    return type(output).model_validate(data)


def describe(problems: Sequence[Problem]) -> str:
    """The problems as a message for a re-ask."""
    lines = [f"- {p.where} (“{p.text[:80]}”): {p.reason}" for p in problems]
    return "\n".join(lines)
