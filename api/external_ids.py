"""External ids for records born in the API or the web UI (imports bring their own; the command
line makes ``cli-…`` ids). Every record has one, so an export always imports again."""

from __future__ import annotations

import hashlib
import uuid

from assistant.access import Caller


def new_external_id(kind: str) -> str:
    """External id for a record born in the API (imports bring their own)."""
    return f"api-{kind}-{uuid.uuid4().hex[:16]}"


def keyed_external_id(kind: str, caller: Caller, key: str) -> str:
    """External id for a record made under an Idempotency-Key: the same caller and key always
    name the same record, and the column's uniqueness makes a concurrent retry lose the race."""
    digest = hashlib.sha256(f"{caller.id}\x00{key}".encode()).hexdigest()[:40]
    return f"api-{kind}-k{digest}"
