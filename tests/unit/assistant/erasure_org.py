"""The sample organisation (conftest.sample_bundle_dict) with a canary planted in Dana's records,
for the erasure and retention tests: imported, indexed, and with drafts generated about Dana."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from assistant.bundle import Bundle
from assistant.importer import import_bundle
from assistant.indexing import sync_now
from assistant.models import Person
from assistant.runtime import Runtime
from assistant.tasks.pipeline import generate

# One token for FTS5 (letters and digits only) that no stemmer changes (it ends in a digit).
CANARY = "zqv7k3wm9canaryx4j8"
# FTS5 stores each term prefix-compressed against the one before it, so look for a tail too.
NEEDLES = (CANARY, CANARY[-12:])
TODAY = dt.date(2026, 2, 20)


def planted(make_bundle: Callable[..., Bundle], extra_people: int = 0) -> Bundle:
    doc: dict[str, Any] = make_bundle(extra_people).model_dump(mode="json", exclude_none=True)

    def one(section: str, rid: str) -> dict[str, Any]:
        return next(r for r in doc[section] if r["id"] == rid)

    one("feedback", "f-1")["text"] = f"Great migration plan {CANARY}, clear and careful."
    one("goals", "g-dana")["description"] = f"Move every invoice {CANARY} to the new ledger."
    one("goal_updates", "u-1")["note"] = f"Blocked on the API {CANARY}."
    one("checkins", "ci-1")["shared_notes"] = f"Talked about the migration {CANARY}."
    one("checkins", "ci-1")["private_notes"] = f"Seems tired {CANARY}."
    one("action_items", "a-1")["text"] = f"Write the rollback plan {CANARY}"
    doc["feedback"] += [
        # Dana's private note about Sam (deleted with her) and shared praise (kept, re-attributed).
        {"id": "f-dana-note", "giver": "p-dana", "receiver": "p-mgr", "date": "2026-02-13",
         "kind": "suggestion", "visibility": "private", "text": f"Ask Sam {CANARY} for time."},
        {"id": "f-dana-praise", "giver": "p-dana", "receiver": "p-mgr", "date": "2026-02-14",
         "kind": "praise", "text": "Thanks for unblocking the API access so quickly."},
    ]  # fmt: skip
    return Bundle.model_validate(doc)


def person_id(rt: Runtime, email: str) -> int:
    with rt.sessions() as session:
        return int(session.scalars(select(Person.id).where(Person.email == email)).one())


def load(rt: Runtime, bundle: Bundle, *, drafts: bool = True) -> None:
    """Import, index, and (with ``drafts``) generate the drafts that quote Dana's records."""
    import_bundle(rt.sessions, bundle, migration=True)
    sync_now(rt, strict=True)
    if drafts:
        generate(rt, "agenda", "sam@acme.test", subject="dana@acme.test", today=TODAY)
        generate(rt, "reflection", "dana@acme.test", today=TODAY)
        generate(rt, "summary", "ada@acme.test", subject="sam@acme.test", today=TODAY)
