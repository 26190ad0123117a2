"""What the retrieval eval scores: one search as one caller, with its judged records; built from
the demo set (queries.yaml) or the wild set (wild_queries.yaml, over the dev set's text)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from assistant.access import load_caller, scope_for
from assistant.importer import import_bundle
from assistant.indexing import rebuild_index
from assistant.kinds import cite
from assistant.models import INDEXED
from assistant.people import person_id_by_email
from assistant.runtime import Runtime
from assistant.settings import Settings
from evals.retrieval.build import EvalIndex
from evals.retrieval.qrels import ResolvedQuery
from evals.retrieval.wild_qrels import DAY, load_wild_queries, resolve_wild, wild_org
from retrieval.embedders import Embedder
from retrieval.types import AccessScope

__all__ = ["Case", "WildWorld", "build_wild", "from_demo"]


@dataclass(frozen=True)
class Case:
    id: str
    text: str
    scope: AccessScope
    subject_id: int | None
    relevant: Mapping[str, int]  # citation -> grade (1 on the demo set; 1 or 2 on the wild set)


def from_demo(queries: Sequence[ResolvedQuery]) -> list[Case]:
    return [
        Case(q.query.id, q.query.query, q.scope, q.subject_id, dict.fromkeys(q.relevant, 1))
        for q in queries
    ]


@dataclass
class WildWorld:
    runtime: Runtime
    cases: list[Case]
    documents: int


def build_wild(
    workdir: Path, embedder: Embedder, *, ef_search: int | None = None, today: dt.date = DAY
) -> WildWorld:
    """The wild organisation (every dev-set record filed) imported and indexed through the real
    sync path; each wild query as a case, run as its caller with the caller's whole scope."""
    settings = Settings(
        environment="test",
        data_dir=workdir,
        database_url=f"sqlite:///{workdir / 'wild.db'}",
        chroma_url=None,
        embedder="bundled",
    )
    runtime = Runtime(settings)
    runtime.provide(embedder=embedder)
    runtime.provide(index=EvalIndex(runtime.chroma, runtime.embedder, ef_search=ef_search))
    org = wild_org(today)
    import_bundle(runtime.sessions, org.bundle, migration=True)
    report = rebuild_index(runtime)
    cases: list[Case] = []
    with runtime.sessions() as session:
        citation: dict[str, str] = {}
        for rtype, model in INDEXED.items():
            rows = session.execute(select(model.id, model.external_id))  # type: ignore[attr-defined]
            citation |= {ext: cite(rtype, rid) for rid, ext in rows}
        for rq in resolve_wild(load_wild_queries(), org):
            if not rq.answerable:
                continue
            subject = person_id_by_email(session, rq.about) if rq.about else None
            cases.append(
                Case(
                    rq.query.id,
                    rq.query.query,
                    scope_for(load_caller(session, rq.caller)),
                    subject,
                    {citation[ext]: grade for ext, grade in rq.relevant.items()},
                )
            )
    return WildWorld(runtime, cases, report.upserted)
