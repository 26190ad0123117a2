"""The grounding check: is every item of an output backed by records the caller may see?

For each item (see :func:`assistant.tasks.schemas.iter_items`):

- it cites at least one record, and every citation is a record in the packed context — an id
  the model made up, or one that exists but lies outside what the caller may see, fails;
- every number, ISO date and person name in its text appears in the records it cites (counts
  that equal the number of cited records or of distinct authors are allowed);
- it shows no injection symptom: URLs, markdown links or images, HTML, canary-like tokens that
  are not in its cited records, or the payload of an instruction planted in a record.

:func:`check` returns the problems per item; the tasks re-ask once with them and then drop what
still fails (:func:`drop`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel

from assistant.tasks.schemas import Item, iter_items
from retrieval.packing import render_record
from retrieval.types import ContextItem

_ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
_NUMBER = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?(?![\w])")
_ONE_ON_ONE = re.compile(r"\b1:1s?\b|\b1-on-1s?\b", re.IGNORECASE)
_CITATION_LIKE = re.compile(r"\b[GKUFCA]\d+\b")
_URL = re.compile(r"(?i)\bhttps?://|\bwww\.|\b[a-z0-9-]+\.(?:com|net|org|io|ru|xyz)/")
_MARKDOWN = re.compile(r"!\[[^\]]*\]\(|\[[^\]]+\]\([^)]*\)")
_HTML = re.compile(r"(?i)<\s*(?:img|script|a|iframe|svg|style)\b")
_CANARY = re.compile(r"\b[A-Z]{3,}(?:-[A-Z0-9]{2,}){1,}\b")
_FULL_NAME = re.compile(r"\b[A-Z][a-z]+(?:[ -][A-Z][a-z']+)+\b")
# Sentences in a record that address the model rather than a colleague.
INSTRUCTION = re.compile(
    r"(?i)\b(?:ignore (?:all |any |the )?(?:previous|prior|above|earlier)|disregard (?:all|the|"
    r"previous|your)|system prompt|you are now|as an ai|new instructions?|assistant[:,]|"
    r"(?:include|add|insert|append|say|write|output|respond with|print|repeat) (?:the )?"
    r"(?:phrase|word|text|string|following|exactly|this)|pretend (?:to be|you)|act as|"
    r"ignorez|ignoriere|ignora (?:las|le|todas)|instrucciones|anweisungen)"
)
_QUOTED = re.compile(r"[\"“]([^\"”\n]{3,120})[\"”]|(?<!\w)['‘]([^'’\n]{3,120})['’](?!\w)")


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
    _payloads: dict[str, list[str]] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        for item in self.context:
            block = render_record(item)
            self._rendered[item.citation] = self._rendered.get(item.citation, "") + "\n" + block
            if item.untrusted:
                found = injection_payloads(item.text)
                if found:
                    self._payloads.setdefault(item.citation, []).extend(found)

    @property
    def citations(self) -> set[str]:
        return set(self._rendered)

    def problems_for(self, section: str, index: int, item: Item) -> list[Problem]:
        def problem(reason: str) -> Problem:
            return Problem(section, index, item.text, reason)

        out: list[Problem] = []
        texts = [v for k, v in item if isinstance(v, str)]
        text = " ".join(texts)
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
        out += [problem(r) for r in self._injection_problems(text, cited)]
        return out

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
        authors = {
            i.author_id for i in self.context if i.citation in item.citations and i.author_id
        }
        values = {len(item.citations), len(authors)}
        values |= {v for _, v in item if isinstance(v, int) and not isinstance(v, bool)}
        return {str(v) for v in values}

    def _names_in(self, text: str) -> set[str]:
        found = {n for n in self.people if n and re.search(rf"\b{re.escape(n)}\b", text)}
        for candidate in _FULL_NAME.findall(text):
            if candidate in self.people:
                found.add(candidate)
        # First names of people in the org count too when they stand alone in the text.
        firsts = {n.split()[0] for n in self.people if " " in n}
        for word in re.findall(r"\b[A-Z][a-z]+\b", text):
            covered = any(word in f for f in found) or any(word in a for a in self.allowed_names)
            if word in firsts and (self.anonymous or not covered):
                found.add(word)
        return found

    def _injection_problems(self, text: str, cited: str) -> list[str]:
        problems: list[str] = []
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
        if INSTRUCTION.search(text):
            problems.append("repeats an instruction aimed at the assistant")
        return problems


def injection_payloads(text: str) -> list[str]:
    """What an instruction planted in ``text`` asks to be echoed. Once any sentence of a record
    addresses the model, the whole record is suspect: every quoted string and canary-like token
    in it is a payload (role-play attacks put the payload in the sentence after the command)."""
    sentences = re.split(r"(?<=[.!?])\s+|\n", text)
    if not any(INSTRUCTION.search(s) for s in sentences):
        return []
    quoted = [(a or b).strip() for a, b in _QUOTED.findall(text) if len((a or b).strip()) >= 4]
    return quoted + _CANARY.findall(text)


def looks_like_instruction(sentence: str) -> bool:
    return bool(
        INSTRUCTION.search(sentence)
        or _URL.search(sentence)
        or _MARKDOWN.search(sentence)
        or _CANARY.search(sentence)
    )


def _norm(raw: str) -> str:
    value = raw.replace(",", "")
    if "." in value:
        value = value.rstrip("0").rstrip(".")
    return value.lstrip("0") or "0"


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
