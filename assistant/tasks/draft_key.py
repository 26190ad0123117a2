"""The draft cache's cheap key: found before anything is gathered, so a repeat costs a few
queries instead of the whole context read and packed.

A stored draft is a function of the data, the request, who asks, the day, the model and the
code and content that turn records into a draft. The key hashes each of them without reading
the records:

- the data: the data version (assistant/data_version.py), which every committed write, import,
  reorg, erasure, retention run and index sync moves — so it also stands for who may see what
  (the access policy is computed from the same tables);
- the request: the task, who asks (their person id, HR and admin flags, whom they are above) and
  the typed request itself, every field of it (:func:`assistant.tasks.fingerprint.stable` of the
  dataclass: a field added to a request type is in the key without touching this module), the
  period asked for;
- the day (``clock.today``: the periods and "current cycle" follow it);
- the model: provider, name and the record budget it is packed to; the anonymity threshold;
  the embedder (what ask's search finds);
- the content: the prompt and playbook, the offline drafter and its lexicons
  (assistant/tasks/fingerprint.py), and the code of the packages the request runs through.

The key is read before gathering, so a draft stored under it was made from data at least as new
as the version it names; a later commit moves the version and the key with it. A miss falls
back to the content key (pipeline.py): after a write elsewhere in the organisation the context is
usually unchanged, and the stored draft is found by content and given the new cheap key.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass, fields

from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant import data_version
from assistant.access import Caller
from assistant.llm import ChatModel
from assistant.models import Draft
from assistant.settings import Settings
from assistant.tasks.budget import budget_for
from assistant.tasks.fingerprint import drafter_hash, prompt_hash, source_hash, stable
from assistant.tasks.registry import Task
from assistant.tasks.targets import Target

OUTPUT_VERSION = "output@2"
"""What a stored output carries besides the model's answer; drafts stored before a change here
are not served again (v2: every item's visibility)."""

_KEY_VERSION = "fast@1"
_NAMED = frozenset({"task", "caller"})


@dataclass(frozen=True)
class DraftRequest:
    """One request as the cache sees it: everything but the data and the content. Every field
    is in the key (:func:`fast_key`); a new one (a focus, say) is keyed on by being here."""

    task: Task
    caller: Caller
    target: Target
    since: dt.date | None
    until: dt.date | None
    day: dt.date


def fast_key(
    session: Session,
    request: DraftRequest,
    llm: ChatModel,
    settings: Settings,
    *,
    version: int | None = None,
) -> str:
    """The cheap key of ``request`` as of the data version now: ``version`` when the caller has
    just read it in ``session`` (before loading the request's Caller), else read here."""
    who = request.caller
    parts = (
        _KEY_VERSION,
        str(data_version.read(session) if version is None else version),
        request.task.name,
        # The caller's place as their Caller says (hashes of int sets are the same in every
        # process): a Caller loaded before a reorg does not share drafts with one loaded after.
        f"{who.id}:{who.is_hr}:{who.is_admin}:{hash(who.direct_reports)}:{hash(who.below)}:"
        f"{hash(who.team_ids)}:{hash(who.known_ids)}",
        # The target, the period, the day and whatever else a request carries: every field but
        # the task and the caller (named above), so a field added here is in the key too.
        stable({f.name: getattr(request, f.name) for f in fields(request) if f.name not in _NAMED}),
        llm.provider,
        llm.model,
        str(budget_for(settings, llm)),
        str(settings.anonymity_k),
        f"{settings.embedder}:{settings.openai_embedding_model}",
        prompt_hash(request.task.template),
        drafter_hash(),
        source_hash(),
        OUTPUT_VERSION,
    )
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def stored(session: Session, key: str) -> Draft | None:
    """The newest undegraded draft last found under ``key``, if any."""
    return session.scalars(
        select(Draft)
        .where(Draft.fast_key == key, Draft.degraded.is_(None))
        .order_by(Draft.id.desc())
        .limit(1)
    ).first()


class Checked:
    """The (draft, key) pairs this process has found readable: the access re-check of a stored
    draft (assistant/draft_access.py) depends only on the draft, the caller and the data, and
    the key names all three — the data by its version — so while the key is the same, so is the
    answer. Bounded; a key the data has moved past is never asked again and ages out."""

    def __init__(self, size: int = 8192) -> None:
        self._seen: OrderedDict[tuple[int, str], None] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def __contains__(self, pair: tuple[int, str]) -> bool:
        with self._lock:
            if pair in self._seen:
                self._seen.move_to_end(pair)
                return True
            return False

    def add(self, pair: tuple[int, str]) -> None:
        with self._lock:
            self._seen[pair] = None
            while len(self._seen) > self._size:
                self._seen.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._seen.clear()


CHECKED = Checked()


__all__ = ["CHECKED", "OUTPUT_VERSION", "Checked", "DraftRequest", "fast_key", "stored"]
