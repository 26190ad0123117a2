"""Each feedback record's reading by the analysis stage, kept in the database (feedback_readings).

Reading a record sentence by sentence (polarity, theme by cue and embedder, whether a sentence
addresses an AI) costs about a millisecond of CPU; HR themes over 2,000 people read some 50,000
records, so reading them afresh on every request took minutes. :func:`prime` loads the kept
readings of a request's feedback into the offline drafter's cache (assistant/offline/sentences.py),
reads only the records with none (new, edited, or read by an older analyser) and keeps theirs.

A row is valid for one record, one content (a hash of the text and of the kind, which decides how
a typed record's claim is read) and one analyser (:func:`analyser_version`); anything else is read
again. It holds spans into the record's text, not the text, and goes with the record: the foreign
key cascades on delete (erasure, retention, a deleted record), and an edit of the text or the kind
deletes it in the same flush (:func:`install`). What is held in process memory is dropped whenever
the data version moves, so no reading outlives its record's erasure there either.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import delete, event, inspect, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from assistant import data_version, injection
from assistant.models import Feedback, FeedbackReading
from retrieval.batches import batched
from retrieval.types import ContextItem

# The analysis stage (the embedder, numpy) is imported where it is used: install() runs for
# every session factory, commands that read no feedback included.

# Records read per batch of misses: the embedder is called once per batch (sentences.prime).
CHUNK = 4096
# By database (a process may serve more than one: tests, benchmarks): the data version the
# in-process readings were taken at, and the (feedback id, content hash) pairs known to be kept.
_SEEN: dict[str, int] = {}
_KEPT: dict[str, set[tuple[int, str]]] = {}


@cache
def analyser_version() -> str:
    """The analysis stage as deployed: the offline drafter's code and lexicons, the instruction
    check that decides what may be quoted, and the embedder that files themes."""
    from assistant import grounding
    from assistant.tasks.fingerprint import drafter_hash
    from retrieval.embedders import bundled_model_dir

    digest = hashlib.sha256(drafter_hash().encode())
    for module in (injection, grounding):
        digest.update(Path(module.__file__ or "").read_bytes())
    digest.update((bundled_model_dir() / "config.json").read_bytes())  # the model's identity
    return digest.hexdigest()


def content_hash(item: ContextItem) -> str:
    """What a reading depends on in the record: its text and what its kind says."""
    from assistant.offline import sentences

    kind = sentences.kind_polarity(item)
    return hashlib.sha256(f"{kind}\x1f{item.text}".encode()).hexdigest()


def prime(session: Session, items: Sequence[ContextItem]) -> None:
    """Make the offline drafter's readings of ``items``' feedback lookups, each record's reading
    kept: kept ones loaded, the rest read (in batches) or taken from this process's readings,
    and kept by committing ``session`` (the request's own: a request holds one pooled connection
    at a time). ``session`` must have nothing else to commit."""
    from assistant.offline import sentences

    known_kept = _KEPT.setdefault(_drop_if_changed(session), set())
    wanted = {
        i.record_id: (i, digest)
        for i in items
        if i.record_type == "feedback"
        and (i.record_id, digest := content_hash(i)) not in known_kept
    }
    if not wanted:
        return
    version = analyser_version()
    valid: set[int] = set()
    for chunk in batched(sorted(wanted)):
        rows = session.execute(
            select(FeedbackReading.feedback_id, FeedbackReading.content_hash).where(
                FeedbackReading.feedback_id.in_(chunk), FeedbackReading.version == version
            )
        )
        valid |= {fid for fid, digest in rows if digest == wanted[fid][1]}
    load = sorted(fid for fid in valid if not sentences.known(wanted[fid][0]))
    for chunk in batched(load):
        rows = session.execute(
            select(FeedbackReading.feedback_id, FeedbackReading.payload).where(
                FeedbackReading.feedback_id.in_(chunk)
            )
        )
        for fid, payload in rows:
            if not _load(wanted[fid][0], payload):
                valid.discard(fid)
    known_kept.update((fid, wanted[fid][1]) for fid in valid)
    missing = [item for fid, (item, _) in wanted.items() if fid not in valid]
    for start in range(0, len(missing), CHUNK):
        part = missing[start : start + CHUNK]
        sentences.prime([i for i in part if not sentences.known(i)])
        kept = [(i, wanted[i.record_id][1], _dump(i)) for i in part]
        if _keep(session, kept, version):
            known_kept.update((i.record_id, digest) for i, digest, _ in kept)


def forget() -> None:
    """Drop every reading and verdict held in this process, and what it knows to be kept."""
    from assistant.offline import sentences

    sentences.forget()
    injection.forget_verdicts()
    _KEPT.clear()


def _drop_if_changed(session: Session) -> str:
    """Forget the in-process readings when the data has changed since they were taken (an
    erasure among the changes must leave nothing behind); the database's name."""
    database = session.get_bind().engine.url.render_as_string(hide_password=True)
    now = data_version.read(session)
    if _SEEN.get(database, now) != now:
        forget()
    _SEEN[database] = now
    return database


def _keep(session: Session, rows: list[tuple[ContextItem, str, str]], version: str) -> bool:
    """Replace the kept readings of ``rows``' records. A record deleted meanwhile, a race with
    another request keeping the same record, or a database too busy to write now leaves the
    cache as it was: it is only a cache, and the request goes on."""
    if session.new or session.dirty or session.deleted:
        return False  # the caller's own writes are not this function's to commit
    ids = [item.record_id for item, _, _ in rows]
    try:
        for chunk in batched(ids):
            session.execute(delete(FeedbackReading).where(FeedbackReading.feedback_id.in_(chunk)))
        session.add_all(
            FeedbackReading(
                feedback_id=item.record_id, content_hash=digest, version=version, payload=payload
            )
            for item, digest, payload in rows
        )
        session.commit()
    except (IntegrityError, OperationalError):
        session.rollback()
        return False
    return True


def _span(text: str, part: str, start: int) -> list[int] | str:
    """``part`` as its (start, end) in ``text`` when it is a slice of it, else itself."""
    at = text.find(part, start)
    if at < 0:
        at = text.find(part)
    return [at, at + len(part)] if at >= 0 else part


def _unspan(text: str, value: list[int] | str) -> str:
    return value if isinstance(value, str) else text[value[0] : value[1]]


def _dump(item: ContextItem) -> str:
    """``item``'s reading (as the drafter's cache holds it) as a row's payload."""
    from assistant.offline import sentences

    text = item.text
    parts = [
        [
            _span(text, r.text, r.span[0]),
            r.polarity,
            r.confidence,
            r.theme,
            list(r.span),
            _span(text, r.claim, r.span[0]),
            None if r.minor is None else _span(text, r.minor, r.span[0]),
            r.minor_polarity,
            r.cued,
            r.ask,
            r.about_other,
        ]
        for r in sentences.readings(text)
    ]
    payload = {
        "r": parts,
        "c": sentences.claim_theme(item),
        "q": sentences.quotable(item),
        "i": injection.is_instruction(text),
    }
    return json.dumps(payload, separators=(",", ":"))


def _load(item: ContextItem, payload: str) -> bool:
    """Take a row's reading into the drafter's cache; False when it cannot be read back."""
    from assistant.analysis.reading import SentenceReading
    from assistant.offline import sentences

    try:
        data: dict[str, Any] = json.loads(payload)
        text = item.text
        parts = tuple(
            SentenceReading(
                text=_unspan(text, sentence),
                polarity=polarity,
                confidence=confidence,
                theme=theme,
                span=(span[0], span[1]),
                claim=_unspan(text, claim),
                minor=None if minor is None else _unspan(text, minor),
                minor_polarity=minor_polarity,
                cued=cued,
                ask=ask,
                about_other=about_other,
            )
            for (
                sentence, polarity, confidence, theme, span, claim, minor, minor_polarity,
                cued, ask, about_other,
            ) in data["r"]
        )  # fmt: skip
        sentences.remember(item, parts, data["c"], bool(data["q"]))
        injection.remember_verdict(text, bool(data["i"]))
    except (ValueError, KeyError, TypeError, IndexError):
        return False
    return True


def _on_flush(session: Session, _ctx: Any, _instances: Any) -> None:
    """An edited record's kept reading goes in the same flush: it describes text that is no
    longer there (a redaction must not survive in it)."""
    edited = [
        obj.id
        for obj in session.dirty
        if isinstance(obj, Feedback)
        and obj.id is not None
        and any(inspect(obj).attrs[name].history.has_changes() for name in ("text", "kind"))
    ]
    for chunk in batched(edited):
        session.connection().execute(
            delete(FeedbackReading).where(FeedbackReading.feedback_id.in_(chunk))
        )


def install(factory: sessionmaker[Session]) -> None:
    """Delete a feedback record's kept reading whenever a session of ``factory`` edits it."""
    if not event.contains(factory, "before_flush", _on_flush):
        event.listen(factory, "before_flush", _on_flush)


__all__ = ["analyser_version", "content_hash", "forget", "install", "prime"]
