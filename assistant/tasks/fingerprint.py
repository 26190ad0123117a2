"""What the draft cache keys on besides the request: a hash of everything that makes a draft.

A stored draft is served again only while nothing that made it has changed. Hand-kept version
numbers were forgotten (a prompt or a lexicon edited without a bump kept serving old drafts), so
the key is computed from content instead:

- the prompt: the task's template and the system prompt, as loaded (front matter and body);
- the coaching playbook (assistant/tasks/playbook.yaml), as loaded;
- the lexicons: the drafter's theme phrases (assistant/offline/lexicon.py), the analysis cues
  and weights (assistant/analysis/cues.py, notes.py, polarity.py) and the theme taxonomy
  (assistant/analysis/taxonomy.yaml), as loaded — hashed once per process (about 8 ms, too much
  for every request; they do not change while a process runs): whatever edits them in memory (a
  test, a plugin) calls ``lexicon_hash.cache_clear()``;
- the drafter code: the source of every module of assistant/offline/ and assistant/analysis/
  (with their data files) and assistant/tasks/windows.py, hashed once per process;
- for the cheap key (assistant/tasks/draft_key.py), which is found before any record is read:
  the source of the packages a request runs through (assistant, retrieval, prompts), once per
  process, so that a deploy that changes how records are gathered or packed is not served the
  drafts of the code before it.

The prompt label a Draft records and the footer prints ("agenda@1+system@1") is for people and
stays as it was; it no longer decides what is served.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import hashlib
import re
from functools import cache
from pathlib import Path
from types import ModuleType

from pydantic import BaseModel

import assistant
import prompts
import retrieval
from assistant import analysis, offline
from assistant.analysis import cues, notes, polarity
from assistant.analysis.themes import load_taxonomy
from assistant.offline import lexicon
from assistant.tasks import windows
from assistant.tasks.playbook import load_playbook
from assistant.tasks.prompting import SYSTEM

_CODE_SUFFIXES = (".py", ".yaml", ".yml", ".json", ".txt", ".npz")


def _sha(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def stable(value: object) -> str:
    """A text for ``value`` that is the same in every process (no ``id()``-based reprs): what a
    lexicon or a request holds — strings, numbers, dates, enums, patterns, containers,
    dataclasses, pydantic models."""
    if value is None or isinstance(value, str | int | float | bool):
        return repr(value)
    if isinstance(value, dt.date):  # a datetime is a date too
        return f"{type(value).__name__}({value.isoformat()})"
    if isinstance(value, enum.Enum):
        return f"{type(value).__qualname__}.{value.name}"
    if isinstance(value, re.Pattern):
        return f"re({value.pattern!r},{value.flags})"
    if isinstance(value, BaseModel):
        return value.model_dump_json()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
        return f"{type(value).__name__}{stable(fields)}"
    if isinstance(value, dict):
        return "{" + ",".join(f"{stable(k)}:{stable(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ",".join(stable(v) for v in value) + "]"
    if isinstance(value, set | frozenset):
        return "{" + ",".join(sorted(stable(v) for v in value)) + "}"
    return type(value).__qualname__  # a function or an object: its code is in code_hash()


def _module_data(module: ModuleType) -> str:
    """The module's constants (upper-case names), in definition order."""
    return stable({k: v for k, v in vars(module).items() if k.isupper() and not k.startswith("_")})


@cache
def lexicon_hash() -> str:
    return _sha(
        _module_data(lexicon),
        _module_data(cues),
        _module_data(notes),
        _module_data(polarity),
        load_taxonomy().model_dump_json(),
    )


def _sources(*roots: Path) -> list[Path]:
    return sorted(p for root in roots for p in root.rglob("*") if p.suffix in _CODE_SUFFIXES)


@cache
def code_hash() -> str:
    """The drafter's code and data files, hashed once per process (they change on deploy)."""
    roots = [Path(m.__file__ or "").parent for m in (offline, analysis)]
    digest = hashlib.sha256()
    for path in [*_sources(*roots), Path(windows.__file__ or "")]:
        if "__pycache__" in path.parts:
            continue
        digest.update(path.name.encode() + b"\x1f" + path.read_bytes() + b"\x1e")
    return digest.hexdigest()


@cache
def source_hash() -> str:
    """The code and data of the packages a request runs through (prompt templates included),
    hashed once per process."""
    digest = hashlib.sha256()
    for package in (assistant, retrieval, prompts):
        root = Path(package.__file__ or "").parent
        for path in sorted(root.rglob("*")):
            if path.suffix in (*_CODE_SUFFIXES, ".md") and "__pycache__" not in path.parts:
                name = path.relative_to(root.parent).as_posix()
                digest.update(name.encode() + b"\x1f" + path.read_bytes() + b"\x1e")
    return digest.hexdigest()


def prompt_hash(template: str) -> str:
    """The task's template, the system prompt and the playbook, as loaded."""
    return _sha(
        prompts.load(template).model_dump_json(),
        prompts.load(SYSTEM).model_dump_json(),
        load_playbook().model_dump_json(),
    )


def drafter_hash() -> str:
    """The offline drafter: its code and its lexicons."""
    return _sha(code_hash(), lexicon_hash())


__all__ = ["code_hash", "drafter_hash", "lexicon_hash", "prompt_hash", "source_hash", "stable"]
