"""The audit log's draft events: who generated or read which draft about whom, when. Ids only,
never content. What imports change about people is audited by assistant/import_audit.py."""

from __future__ import annotations

from sqlalchemy.orm import Session

from assistant.access import Caller
from assistant.models import AuditEvent, Draft


def audit_draft(session: Session, caller: Caller, draft: Draft, action: str) -> None:
    """Add an audit row for ``action`` (e.g. ``draft.generate``, ``draft.read``) in the caller's
    transaction, so the event is written exactly when what it records is."""
    session.add(
        AuditEvent(
            actor_id=caller.id,
            action=action,
            draft_id=draft.id,
            subject_id=draft.subject_id,
            detail=draft.task,
        )
    )
