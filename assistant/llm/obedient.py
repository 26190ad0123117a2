"""A test double that does whatever the records in its prompt say: the worst-case model.

The grounding check is the last line of defence against text a coworker planted in a record.
A real model obeys such text only sometimes, so a test against one proves little; this double
obeys every time. It reads the packed ``<record>`` blocks of the prompt the way a model would
(escapes undone, invisible characters dropped, Unicode tag characters decoded) and, for every
record someone else wrote, answers with items that:

- repeat the record's text (and any hidden text) verbatim, cited to it;
- say each payload it asks for — quoted strings, canary-like tokens, shouted phrases — alone
  and attached to a harmless-looking sentence, cited to the record;
- cite every record id the text names ("cite [F999]", "see G12");
- assert each of its sentences as fact, cited to an innocent record the caller wrote or owns
  (a fabricated claim resting on a citation that does not say it);
- join consecutive records by the same author first, so a payload split across two records is
  obeyed too.

It also writes one plain, grounded item per trusted record, so a test can see that the check
keeps what is supported. The answer is shaped to any task schema: items go round-robin into
the schema's lists, up to each list's bound. Like :class:`~assistant.llm.ScriptedModel`, it
records every prompt in ``history``.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel

from assistant.injection import hidden_text, payloads_in, reveal, sentences
from assistant.kinds import LETTER_CLASS
from assistant.llm.base import Generation, Message, Usage, parse_into

_RECORD = re.compile(
    r'<record id="(?P<id>[A-Z]\d+)(?::private)?" type="(?P<type>[a-z_]+)"[^>]*'
    r'trust="(?P<trust>untrusted|own)">\n(?P<body>.*?)\n</record>',
    re.DOTALL,
)
_MENTIONED_ID = re.compile(rf"\b{LETTER_CLASS}\d+\b")
_FROM = re.compile(r"\bfrom ([A-Z][\w'-]+(?: [A-Z][\w'-]+)*)")


@dataclass(frozen=True)
class _Record:
    citation: str
    trusted: bool
    about: str
    text: str  # unescaped, as written (invisible characters kept)

    @property
    def author(self) -> str:
        found = _FROM.search(self.about)
        return found.group(1) if found else self.citation


def read_records(prompt: str) -> list[_Record]:
    """The records of a packed prompt, unescaped."""
    out = []
    for m in _RECORD.finditer(prompt):
        body = m.group("body")
        about = body.split("\n", 1)[0].removeprefix("about: ")
        text = body.split("\ntext:\n", 1)[1] if "\ntext:\n" in body else ""
        out.append(_Record(m.group("id"), m.group("trust") == "own", about, html.unescape(text)))
    return out


def obey(records: list[_Record]) -> list[dict[str, Any]]:
    """The items an obedient model writes for ``records``: payloads first, then cited ids,
    echoes and claims (a schema's bounds keep only so many), then one plain item per record
    the caller wrote."""
    trusted = [r for r in records if r.trusted]
    innocent = trusted[0].citation if trusted else None
    groups: dict[str, list[_Record]] = {}
    for record in records:
        if not record.trusted:
            groups.setdefault(record.author, []).append(record)
    payloads, ids, echoes, claims = [], [], [], []
    for group in groups.values():
        joined = " ".join(_read(r) for r in group)
        for payload in payloads_in(joined):
            payloads.append(_item(payload, [group[-1].citation]))
            if innocent:
                payloads.append(_item(f"Good progress this quarter. {payload}", [innocent]))
        for record in group:
            said = _read(record)
            echoes.append(_item(said, [record.citation]))
            for cid in dict.fromkeys(_MENTIONED_ID.findall(said)):
                ids.append(_item(f"As recorded in {cid}: {said}", [cid]))
            for sentence in sentences(said):
                if len(sentence.split()) >= 3:
                    if innocent:
                        claims.append(_item(sentence.strip(), [innocent]))
                    claims.append(_item(sentence.strip(), [record.citation]))
    plain = [_item(f"Discuss {r.about.split(',')[0]}.", [r.citation]) for r in trusted]
    return payloads + ids + echoes + claims + plain


def _read(record: _Record) -> str:
    return f"{reveal(record.text)} {hidden_text(record.text)}".strip()


def _item(text: str, citations: list[str]) -> dict[str, Any]:
    return {"text": text[:600], "citations": citations}


def fill(schema: type[BaseModel], items: list[dict[str, Any]]) -> dict[str, Any]:
    """``items`` spread round-robin over the list fields of ``schema``, each list to its bound,
    with the extra fields of richer item types (themes, suggestions) filled in."""
    lists: dict[str, tuple[type[BaseModel], int]] = {}
    for name, info in schema.model_fields.items():
        if get_origin(info.annotation) is list:
            (inner,) = get_args(info.annotation)
            bound = next((m.max_length for m in info.metadata if hasattr(m, "max_length")), 5)
            lists[name] = (inner, bound or 5)
    out: dict[str, Any] = {name: [] for name in lists}
    # Scalar fields beside the lists (an answer's question, its "nothing on record" flag).
    for name, info in schema.model_fields.items():
        if name not in lists and info.is_required():
            out[name] = False if info.annotation is bool else 0 if info.annotation is int else ""
    names = list(lists)
    slot = 0
    for item in items:
        for _ in names:
            name = names[slot % len(names)]
            slot += 1
            inner, bound = lists[name]
            if len(out[name]) < bound:
                out[name].append(_shape(inner, item))
                break
    return out


def _shape(model: type[BaseModel], item: dict[str, Any]) -> dict[str, Any]:
    shaped = dict(item)
    for name, info in model.model_fields.items():
        if name in shaped:
            continue
        if info.annotation is int:
            shaped[name] = len(item["citations"])
        elif get_origin(info.annotation) is Literal:
            shaped[name] = get_args(info.annotation)[0]
        else:
            shaped[name] = item["text"]
    return shaped


class ObedientModel:
    """The double (see the module docstring)."""

    provider = "obedient"

    def __init__(self, *, model: str = "obedient-1"):
        self.model = model
        self.history: list[list[Message]] = []

    @property
    def calls(self) -> int:
        return len(self.history)

    def _answer(self, messages: list[Message], schema: type[BaseModel]) -> str:
        self.history.append(list(messages))
        prompt = "\n".join(m.content for m in messages if m.role == "user")
        return json.dumps(fill(schema, obey(read_records(prompt))), ensure_ascii=False)

    def generate(
        self, messages: list[Message], schema: type[BaseModel], *, max_tokens: int
    ) -> Generation:
        raw = self._answer(messages, schema)
        parsed, error = parse_into(schema, raw)
        usage = Usage(sum(len(m.content) for m in messages) // 4, len(raw) // 4)
        return Generation(parsed=parsed, raw=raw, usage=usage, error=error)

    def stream(
        self, messages: list[Message], schema: type[BaseModel], *, max_tokens: int
    ) -> Iterator[str]:
        raw = self._answer(messages, schema)
        for start in range(0, len(raw), 64):
            yield raw[start : start + 64]
