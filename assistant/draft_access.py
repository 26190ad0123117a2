"""Whether a stored draft may still be shown to its requester, judged as of now.

A draft is a snapshot of what its requester could see when it was generated. Access changes
afterwards — a reorg moves the report to another manager, feedback is made private, a record is
erased — and the snapshot must not outlive it. So every read of a stored draft (by id, in the UI,
on an Idempotency-Key replay, from the cache) asks :func:`readable`: the requester is the reader,
the task's access rule still holds for them (its entry in assistant/tasks/registry.py), and
every record the draft cites still exists and is visible to them under the access policy. HR
themes cite a group's feedback by design (HR never reads it individually): for them the rule is
that the reader is still HR.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.access import Caller, visible
from assistant.documents import parse_citation
from assistant.errors import UserError
from assistant.models import INDEXED, Draft
from assistant.tasks.registry import task_named
from retrieval.batches import batched

__all__ = ["cited", "readable"]


def cited(output: Any) -> Iterator[str]:
    """Every citation anywhere in a draft's output (items may nest)."""
    if isinstance(output, dict):
        for key, value in output.items():
            if key == "citations" and isinstance(value, list):
                yield from (str(c) for c in value)
            else:
                yield from cited(value)
    elif isinstance(output, list):
        for value in output:
            yield from cited(value)


def _all_visible(session: Session, caller: Caller, citations: Iterable[str]) -> bool:
    wanted: dict[tuple[str, bool], set[int]] = {}
    for raw in citations:
        parsed = parse_citation(raw)
        if parsed is not None:  # not a record reference: grounding already dropped its item
            rtype, rid, private = parsed
            wanted.setdefault((rtype, private), set()).add(rid)
    for (rtype, private), ids in wanted.items():
        model: Any = INDEXED[rtype]
        where = visible(model, caller, part="private" if private else "shared")
        for chunk in batched(sorted(ids)):
            seen = set(session.scalars(select(model.id).where(model.id.in_(chunk), where)))
            if seen != set(chunk):
                return False
    return True


def readable(session: Session, caller: Caller, draft: Draft, *, k: int) -> bool:
    """True when ``caller`` may be shown ``draft`` now (see the module docstring)."""
    if draft.requester_id != caller.id:
        return False
    task = task_named(draft.task)
    if task.anonymous:  # an aggregate about a group: HR's, while they are HR
        return caller.is_hr
    try:
        task.authorize(session, caller, task.target(subject=draft.subject_id), k=k)
    except UserError:
        return False
    return _all_visible(session, caller, cited(draft.output))
