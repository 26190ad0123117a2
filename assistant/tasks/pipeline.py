"""The one way in for every task: access → gather → analyse → pack → generate → ground → store.

``generate(runtime, "agenda", caller, subject="dana@example.com")`` returns a
:class:`TaskResult`. It runs in three phases, so that no pooled database connection is held
while a model writes (which can take many seconds):

1. :func:`prepare` — the database phase, one session: the access check, gathering, the brief,
   packing, the cache key and lookup, and everything grounding will check against (the names of
   the people the context can refer to). It returns an immutable :class:`Plan`.
2. :func:`assistant.tasks.compose.compose` — the model phase, no session: the model (or the
   offline drafter) and the grounding check with its one repair. A citation outside the
   context (one a model made up) is looked up on its own short session after the model has
   answered, never during the call.
3. :func:`store` — a new, short session: the Draft row and its audit event.

A repeated request whose context, prompt, drafter and model are unchanged returns the stored
Draft without calling the model (the key hashes their content: assistant/tasks/fingerprint.py).
Before any of that, :func:`recall` looks for a repeat by a cheap key — the data version, the
request and the content fingerprint (assistant/tasks/draft_key.py) — and, when the draft is still
the caller's to read (assistant/draft_access.py), returns it without gathering anything.
Failures of the model never reach the user: after a timeout, an outage or invalid output twice,
the offline drafter answers and ``degraded`` says why.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant import clock, data_version, reading_store
from assistant.access import Caller, load_caller
from assistant.audit import audit_draft
from assistant.draft_access import readable
from assistant.errors import UserError
from assistant.llm import ChatModel
from assistant.models import Draft, Person
from assistant.runtime import Runtime
from assistant.tasks.anchors import anchor_reader, pack_by_anchors
from assistant.tasks.brief import Brief
from assistant.tasks.budget import budget_for
from assistant.tasks.compose import Outcome, Progress, compose
from assistant.tasks.context import Gathered, Gathering, Subject
from assistant.tasks.draft_key import CHECKED, OUTPUT_VERSION, DraftRequest, fast_key, stored
from assistant.tasks.evidence import Evidence, find_evidence, focus_priority
from assistant.tasks.fingerprint import drafter_hash, prompt_hash
from assistant.tasks.grounding_lookups import locator, namer, people_named
from assistant.tasks.plan import Plan, TaskRequest
from assistant.tasks.prompting import messages
from assistant.tasks.registry import Task, task_named
from assistant.tasks.result import DroppedItem, TaskResult
from assistant.tasks.targets import PersonRef, Target
from retrieval.packing import Packed, render_record


def generate(
    runtime: Runtime,
    task: str,
    caller: Caller | str | int,
    *,
    subject: PersonRef | None = None,
    team: str | None = None,
    org: bool = False,
    since: dt.date | None = None,
    until: dt.date | None = None,
    progress: Progress | None = None,
    today: dt.date | None = None,
    model: ChatModel | None = None,
    question: str | None = None,
    focus: str | None = None,
) -> TaskResult:
    """Run ``task`` (a name or an alias) for ``caller``. Raises only UserError subclasses
    (access, not found, group too small, bad input); model failures come back as a degraded
    result. The parameters are checked against what the task takes before anything is read:
    ``question`` is the ask task's (and only its) free-text question; ``focus`` a topic an
    agenda, summary or coaching draft centres on. ``progress`` hears how many characters the
    model has written so far, never its text: nothing it wrote is shown before grounding."""
    spec = task_named(task)
    target = spec.request(subject=subject, team=team, org=org, question=question, focus=focus)
    return run(
        runtime, spec, caller, target, since=since, until=until, progress=progress, today=today,
        model=model,
    )  # fmt: skip


def run(
    runtime: Runtime,
    task: Task,
    caller: Caller | str | int,
    target: Target,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    progress: Progress | None = None,
    today: dt.date | None = None,
    model: ChatModel | None = None,
) -> TaskResult:
    """The three phases for a typed request (see the module docstring)."""
    started = time.perf_counter()
    if since and until and since > until:
        raise UserError("--since must not be after --until")
    asked = TaskRequest(task, caller, target, model or runtime.llm, since, until, today)
    request, key, hit = recall(runtime, asked)
    if hit is not None:
        return _with_latency(hit, started)
    # The caller as the cheap lookup loaded them: not read a second time.
    plan = prepare(runtime, replace(asked, caller=request.caller), fast=key)
    if plan.cached is not None:
        return _with_latency(plan.cached, started)
    outcome = compose(
        plan,
        asked.llm,
        progress,
        locate=locator(runtime, plan.caller, plan.brief.today),
        names=namer(runtime),
    )
    return store(runtime, plan, outcome, started)


def recall(runtime: Runtime, asked: TaskRequest) -> tuple[DraftRequest, str, TaskResult | None]:
    """The cheap lookup, before anything is gathered: the request as the cache sees it, its key
    as of the data version now, and the stored draft it finds if the caller may still read it.
    A few queries, whatever the size of the context."""
    settings = runtime.settings
    task, caller, target, llm = asked.task, asked.caller, asked.target, asked.llm
    since, until, today = asked.since, asked.until, asked.today
    with runtime.sessions() as session:
        # One read of the data version, before the org chart, names both the caller's place and
        # the key (each read sums every slot of the counter).
        version = data_version.read(session)
        who = (
            caller if isinstance(caller, Caller) else load_caller(session, caller, version=version)
        )
        request = DraftRequest(task, who, target, since, until, clock.today(settings, today))
        key = fast_key(session, request, llm, settings, version=version)
        hit = stored(session, key)
        if hit is None:
            return request, key, None
        # The check every read of a stored draft makes (a query per kind it cites), once per
        # key in a process: the key names the data version, so its answer holds while it does.
        if (hit.id, key) not in CHECKED:
            if not readable(session, who, hit, k=settings.anonymity_k):
                return request, key, None
            CHECKED.add((hit.id, key))
        audit_draft(session, who, hit, "draft.cache_hit")
        session.commit()
        return request, key, _result(hit, None, cached=True, started=time.perf_counter())


def prepare(runtime: Runtime, asked: TaskRequest, *, fast: str | None = None) -> Plan:
    """The database phase: access → gather → analyse → pack → cache key, in one session that
    is closed (its connection back in the pool) when this returns. ``fast`` is the request's
    cheap key (:func:`recall`), read before this; without it, it is read first here."""
    settings = runtime.settings
    task, caller, target, llm = asked.task, asked.caller, asked.target, asked.llm
    since, until, today = asked.since, asked.until, asked.today
    day = clock.today(settings, today)
    with runtime.sessions() as session:
        who = caller if isinstance(caller, Caller) else load_caller(session, caller)
        if fast is None:
            request = DraftRequest(task, who, target, since, until, day)
            fast = fast_key(session, request, llm, settings)
        subject = task.authorize(session, who, target, k=settings.anonymity_k)
        searches = task.retrieves(target)
        gathering = Gathering(
            session, who, subject, target, since, until, day,
            index=runtime.index if searches else None,
            lexical=runtime.lexical if searches else None,
        )  # fmt: skip
        got: Gathered = task.gather(gathering)
        # The feedback's readings, kept ones loaded and new ones kept, before anything reads them
        # (the baseline apart, as the drafter reads it: the same batches for the embedder). This
        # session has written nothing yet: keeping them commits it.
        for part in (got.items, got.baseline):
            reading_store.prime(session, part)
        found = find_evidence(gathering, got, link=task.links_evidence)
        items = got.items
        count_model = llm.model if llm.provider == "openai" else None
        offline_only = llm.provider == "offline" or (got.offline_when_empty and not items)
        # Packing to the token budget is for a model; the offline drafter reads everything.
        # Over the budget, the records relevant to what the person is working on go in, not
        # only the newest (assistant/tasks/anchors.py).
        anchored = not (task.takes_question or task.anonymous)
        packed = (
            None
            if offline_only
            else pack_by_anchors(
                focus_priority(task.priority, found.focus_citations),
                items, budget_for(settings, llm), count_model, day,
                anchors=anchor_reader(session, who, subject.id, day)
                if anchored and subject.id is not None else None,
                embedder=lambda: runtime.embedder,
            )
        )  # fmt: skip
        brief = _brief(session, task, who, subject, got, day, settings.anonymity_k, found)
        if packed is not None and task.facts is not None:
            # What the analysis stage reads in everything gathered, stated for the model.
            brief = replace(brief, facts=task.facts(items, list(packed.items), brief))
        # The offline drafter is not bound by a token budget: it reads everything gathered;
        # a model reads the packed records. The hash covers what the generator will read.
        source = items if packed is None else list(packed.items)
        context_hash = _sha(
            *(render_record(i) for i in (*source, *brief.baseline)),
            day.isoformat(),
            brief.period,
            brief.facts,
            str(brief.anonymity_k),
        )
        key = _sha(
            task.name,
            str(subject.id or subject.group_name),
            got.question,
            _evidence_hash(found),
            _scope_hash(who),
            context_hash,
            prompt_hash(task.template),
            llm.provider,
            llm.model,
            # The offline drafter's code and lexicons: a change there must not serve old drafts.
            drafter_hash() if offline_only else "",
            OUTPUT_VERSION,
        )
        label = task.prompt_label
        hit = session.scalars(
            select(Draft)
            .where(Draft.cache_key == key, Draft.degraded.is_(None))
            .order_by(Draft.id.desc())
        ).first()
        cached = None
        if hit is not None:
            # Found by content after the data version moved (a write elsewhere): the next
            # repeat finds it by the cheap key.
            hit.fast_key = fast
            audit_draft(session, who, hit, "draft.cache_hit")
            session.commit()
            cached = _result(hit, packed, cached=True, started=time.perf_counter())
        # A repeat needs no grounding: its stored draft was grounded when it was made.
        people = frozenset() if cached else people_named(session, items, brief)
        allowed = set() if task.anonymous else {brief.requester_name, brief.subject_name or ""}
        allowed |= {n.split()[0] for n in allowed if n}
    return Plan(
        task=task,
        caller=who,
        subject=subject,
        brief=brief,
        items=tuple(items),
        packed=packed,
        prompt=()
        if packed is None or cached
        else tuple(messages(task.template, task.values, brief, packed.text)),
        prompt_label=label,
        context_hash=context_hash,
        cache_key=key,
        fast_key=fast,
        people=people,
        allowed_names=frozenset(n for n in allowed if n),
        allowed_dates=frozenset(d.isoformat() for d in (brief.since, brief.until, day) if d),
        cached=cached,
    )


def store(runtime: Runtime, plan: Plan, outcome: Outcome, started: float) -> TaskResult:
    """The store phase: a new, short session writes the Draft and its audit event."""
    with runtime.sessions() as session:
        draft = Draft(
            task=plan.task.name,
            subject_id=plan.subject.id,
            subject_group=plan.subject.group_name,
            requester_id=plan.caller.id,
            provider=outcome.provider,
            model=outcome.model,
            prompt_version=plan.prompt_label,
            context_hash=plan.context_hash,
            cache_key=plan.cache_key,
            fast_key=plan.fast_key,
            output=outcome.output.model_dump(mode="json"),
            dropped=[f"{d.item} — {d.reason}" for d in outcome.dropped],
            degraded=outcome.degraded,
            tokens_in=outcome.usage.tokens_in,
            tokens_out=outcome.usage.tokens_out,
            latency_ms=int((time.perf_counter() - started) * 1000),
        )
        session.add(draft)
        session.flush()
        audit_draft(session, plan.caller, draft, "draft.generate")
        session.commit()
        result = _result(draft, plan.packed, cached=False, started=started)
    result.dropped = outcome.dropped
    return result


def _brief(
    session: Session,
    task: Task,
    caller: Caller,
    target: Subject,
    got: Gathered,
    today: dt.date,
    anonymity_k: int,
    found: Evidence,
) -> Brief:
    names: dict[int, str] = {}
    if not task.anonymous:  # HR themes never carry names, not even internally
        ids = {i.author_id for i in got.items if i.author_id is not None}
        if ids:
            rows = session.execute(select(Person.id, Person.name).where(Person.id.in_(ids)))
            names = {int(pid): str(name) for pid, name in rows}
    return Brief(
        task=task.name,
        today=today,
        requester_id=caller.id,
        requester_name=caller.name,
        subject_id=target.id,
        subject_name=target.name,
        group_name=target.group_name,
        group_size=len(target.group_ids),
        anonymity_k=anonymity_k,
        baseline=got.baseline,
        since=got.since,
        until=got.until,
        names=names,
        question=got.question,
        topic=got.topic,
        frame=got.frame,
        focus=found.focus,
        focus_citations=found.focus_citations,
        linked=found.linked,
    )


def _evidence_hash(found: Evidence) -> str:
    """The focus and what retrieval linked: a focused draft is never served for an unfocused
    request (nor the reverse), and a link the index found since is not hidden by the cache."""
    linked = [f"{k}={','.join(v)}" for k, v in sorted(found.linked.items())]
    return _sha(found.focus, ",".join(found.focus_citations), *linked)


def _scope_hash(caller: Caller) -> str:
    return _sha(str(caller.id), str(caller.is_hr), ",".join(map(str, sorted(caller.below))))


def _sha(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _with_latency(result: TaskResult, started: float) -> TaskResult:
    return result.model_copy(update={"latency_ms": int((time.perf_counter() - started) * 1000)})


def _result(draft: Draft, packed: Packed | None, *, cached: bool, started: float) -> TaskResult:
    dropped: list[DroppedItem] = []
    for line in draft.dropped or []:
        item, _, reason = line.partition(" — ")
        dropped.append(DroppedItem(item=item, reason=reason))
    latency = int((time.perf_counter() - started) * 1000)
    return TaskResult(
        draft_id=draft.id,
        task=draft.task,
        output=dict(draft.output),
        dropped=dropped,
        degraded=draft.degraded,
        provider=draft.provider,
        model=draft.model,
        prompt_version=draft.prompt_version,
        cached=cached,
        tokens_in=0 if cached else draft.tokens_in,
        tokens_out=0 if cached else draft.tokens_out,
        latency_ms=latency,
        context_tokens=packed.tokens if packed else 0,
        dropped_context=list(packed.dropped_citations) if packed else [],
    )


__all__ = [
    "Plan", "TaskResult", "generate", "prepare", "recall", "run", "store",
]  # fmt: skip
