"""The one way in for every task: access → context → pack → generate → ground → store.

``generate(runtime, "agenda", caller, subject="dana@example.com")`` returns a
:class:`TaskResult`. A repeated request whose context, prompt and model are unchanged returns the
stored Draft without calling the model. Failures of the model never reach the user: after a
timeout, an outage or invalid output twice, the offline drafter answers and ``degraded`` says why.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Literal

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant import clock, offline
from assistant.access import Caller, load_caller
from assistant.audit import audit_draft
from assistant.errors import ModelError, UserError
from assistant.grounding import Grounding, Problem, check, describe, drop, mark_visibility
from assistant.llm import ChatModel, Generation, Message, OfflineModel, Usage, parse_into
from assistant.models import INDEXED, Draft, Person
from assistant.records import fetch_context, parse_citation
from assistant.runtime import Runtime
from assistant.tasks.ask import MAX_QUESTION, Retrieved, retrieve
from assistant.tasks.brief import Brief
from assistant.tasks.context import Subject, authorize, gather, pack_for
from assistant.tasks.prompting import messages, prompt_version, reask_invalid, reask_ungrounded
from assistant.tasks.result import DroppedItem, TaskResult
from assistant.tasks.schemas import SCHEMAS, Answer, iter_items
from retrieval.packing import Packed, render_record
from retrieval.tokens import count_tokens
from retrieval.types import ContextItem

MAX_OUTPUT_TOKENS = 1024
# What a stored output carries besides the model's answer; drafts stored before a change here
# are not served again (v2: every item's visibility).
_OUTPUT_VERSION = "output@2"
ALIASES = {"coach": "coaching", "reflect": "reflection", "prep": "agenda"}


def generate(
    runtime: Runtime,
    task: str,
    caller: Caller | str | int,
    *,
    subject: str | int | None = None,
    team: str | None = None,
    org: bool = False,
    since: dt.date | None = None,
    until: dt.date | None = None,
    stream: Callable[[str], None] | None = None,
    today: dt.date | None = None,
    model: ChatModel | None = None,
    question: str | None = None,
) -> TaskResult:
    """Run ``task`` for ``caller``. Raises only UserError subclasses (access, not found, group
    too small, bad input); model failures come back as a degraded result. ``question`` is the
    ask task's (and only its) free-text question."""
    started = time.perf_counter()
    task = ALIASES.get(task, task)
    if task not in SCHEMAS:
        raise UserError(f"unknown task {task!r}; choose from {', '.join(SCHEMAS)}")
    if since and until and since > until:
        raise UserError("--since must not be after --until")
    question = _check_question(task, question)
    llm = model or runtime.llm
    settings = runtime.settings
    day = clock.today(settings, today)
    with runtime.sessions() as session:
        who = caller if isinstance(caller, Caller) else load_caller(session, caller)
        target = authorize(
            session, task, who, subject=subject, team=team, org=org, k=settings.anonymity_k
        )
        asked: Retrieved | None = None
        if task == "ask":
            asked = retrieve(
                session,
                who,
                question,
                subject_id=target.id,
                index=runtime.index,
                lexical=runtime.lexical,
                today=day,
            )
            items, since, until = asked.items, asked.frame.since, asked.frame.until
        else:
            items = gather(session, task, who, target, since=since, until=until, today=day)
        count_model = llm.model if llm.provider == "openai" else None
        # Nothing relevant to a question: the honest answer needs no model (and gives a model
        # no chance to answer from general knowledge).
        offline_only = llm.provider == "offline" or (asked is not None and not items)
        # Packing to the token budget is for a model; the offline drafter reads everything.
        packed = (
            None
            if offline_only
            else pack_for(task, items, settings.context_token_budget, count_model, day)
        )
        brief = _brief(session, task, who, target, items, since, until, day)
        if asked is not None:
            brief = replace(
                brief, question=question, topic=asked.topic.terms, frame=asked.frame.phrase
            )
        version = prompt_version(task)
        # The offline drafter is not bound by a token budget: it reads everything gathered;
        # a model reads the packed records. The hash covers what the generator will read.
        source = items if packed is None else list(packed.items)
        context_hash = _sha(*(render_record(i) for i in source), day.isoformat(), brief.period)
        key = _sha(
            task,
            str(target.id or target.group_name),
            question,
            _scope_hash(who),
            context_hash,
            version,
            llm.provider,
            llm.model,
            # The offline drafter's rules version: a code change there must not serve old drafts.
            offline.DRAFTER_VERSION if offline_only else "",
            _OUTPUT_VERSION,
        )
        hit = session.scalars(
            select(Draft)
            .where(Draft.cache_key == key, Draft.degraded.is_(None))
            .order_by(Draft.id.desc())
        ).first()
        if hit is not None:
            audit_draft(session, who, hit, "draft.cache_hit")
            session.commit()
            return _result(hit, packed, cached=True, started=started)

        # Release the connection before generating: a model call can take many seconds and must
        # not hold a pooled connection meanwhile (the session reconnects when next used).
        session.commit()
        anonymous = task == "themes"
        outcome = _Run(
            OfflineModel() if offline_only else llm,
            brief,
            packed,
            stream,
            model_grounding=None
            if packed is None
            else _grounding(session, who, brief, list(packed.items), anonymous=anonymous),
            offline_items=items,
            offline_grounding=_grounding(session, who, brief, items, anonymous=anonymous),
        ).run()
        if isinstance(outcome.output, Answer):
            # The question is the asker's, not the model's echo of it; and an answer with no
            # item left after grounding is, honestly, nothing on record.
            outcome.output = outcome.output.model_copy(
                update={"question": question, "nothing_on_record": not outcome.output.answer}
            )
        draft = Draft(
            task=task,
            subject_id=target.id,
            subject_group=target.group_name,
            requester_id=who.id,
            provider=outcome.provider,
            model=outcome.model,
            prompt_version=version,
            context_hash=context_hash,
            cache_key=key,
            output=outcome.output.model_dump(mode="json"),
            dropped=[f"{d.item} — {d.reason}" for d in outcome.dropped],
            degraded=outcome.degraded,
            tokens_in=outcome.usage.tokens_in,
            tokens_out=outcome.usage.tokens_out,
            latency_ms=int((time.perf_counter() - started) * 1000),
        )
        session.add(draft)
        session.flush()
        audit_draft(session, who, draft, "draft.generate")
        session.commit()
        result = _result(draft, packed, cached=False, started=started)
        result.dropped = outcome.dropped
        return result


def _check_question(task: str, question: str | None) -> str:
    text = " ".join((question or "").split())
    if task != "ask":
        if question is not None:
            raise UserError("only the ask task takes a question")
        return ""
    if not text:
        raise UserError("ask needs a question")
    if len(text) > MAX_QUESTION:
        raise UserError(f"a question is at most {MAX_QUESTION} characters")
    return text


class _Outcome:
    def __init__(
        self,
        output: BaseModel,
        provider: str,
        model: str,
        usage: Usage,
        dropped: list[DroppedItem],
        degraded: str | None,
    ):
        self.output, self.provider, self.model = output, provider, model
        self.usage, self.dropped, self.degraded = usage, dropped, degraded


class _Run:
    """One generation with its bounded repair loop (at most two model calls)."""

    def __init__(
        self,
        llm: ChatModel,
        brief: Brief,
        packed: Packed | None,
        stream: Callable[[str], None] | None,
        *,
        model_grounding: Grounding | None,
        offline_items: list[ContextItem],
        offline_grounding: Grounding,
    ):
        self.llm, self.brief, self.packed, self.stream = llm, brief, packed, stream
        self.grounding = model_grounding
        self.offline_items, self.offline_grounding = offline_items, offline_grounding
        self.schema = SCHEMAS[brief.task]
        self.usage = Usage()
        self.dropped: list[DroppedItem] = []

    def run(self) -> _Outcome:
        if self.llm.provider == "offline":
            return self.offline(None)
        try:
            return self._model()
        except (ModelError, TimeoutError, ConnectionError) as exc:
            return self.offline(f"the model failed: {exc}")

    def offline(self, degraded: str | None) -> _Outcome:
        output = offline.draft(self.offline_items, self.brief)
        problems = check(output, self.offline_grounding)
        self.dropped += _dropped(problems)
        kept = mark_visibility(drop(output, problems), self.offline_grounding, strict=False)
        return _Outcome(kept, "offline", "offline-drafter", self.usage, self.dropped, degraded)

    def _call(self, conversation: list[Message], *, streaming: bool) -> Generation:
        if streaming and self.stream is not None:
            chunks: list[str] = []
            for chunk in self.llm.stream(conversation, self.schema, max_tokens=MAX_OUTPUT_TOKENS):
                chunks.append(chunk)
                self.stream(chunk)
            raw = "".join(chunks)
            parsed, error = parse_into(self.schema, raw)
            prompt = "\n".join(m.content for m in conversation)
            usage = Usage(count_tokens(prompt), count_tokens(raw))
            gen = Generation(parsed=parsed, raw=raw, usage=usage, error=error)
        else:
            gen = self.llm.generate(conversation, self.schema, max_tokens=MAX_OUTPUT_TOKENS)
        self.usage += gen.usage
        return gen

    def _model(self) -> _Outcome:
        assert self.packed is not None and self.grounding is not None
        base = messages(self.brief, self.packed.text)
        gen = self._call(base, streaming=True)
        repaired = False
        if gen.parsed is None:
            retry = [*base, Message("assistant", gen.raw[:4000]), reask_invalid(gen.error or "")]
            gen = self._call(retry, streaming=False)
            repaired = True
            if gen.parsed is None:
                return self.offline(f"the model returned invalid output twice: {gen.error}")
        assert gen.parsed is not None
        output, problems = gen.parsed, check(gen.parsed, self.grounding)
        if problems and not repaired:
            retry = [
                *base,
                Message("assistant", gen.raw[:4000]),
                reask_ungrounded(describe(problems)),
            ]
            again = self._call(retry, streaming=False)
            if again.parsed is not None:
                output, problems = again.parsed, check(again.parsed, self.grounding)
        self.dropped += _dropped(problems)
        kept = drop(output, problems)
        if problems and not any(True for _ in iter_items(kept)):
            return self.offline("nothing the model wrote passed the grounding check")
        kept = mark_visibility(kept, self.grounding, strict=True)
        return _Outcome(kept, self.llm.provider, self.llm.model, self.usage, self.dropped, None)


def _dropped(problems: list[Problem]) -> list[DroppedItem]:
    by_item: dict[str, list[str]] = {}
    for p in problems:
        by_item.setdefault(f"{p.where}: {p.text[:160]}", []).append(p.reason)
    return [DroppedItem(item=k, reason="; ".join(v)) for k, v in by_item.items()]


def _brief(
    session: Session,
    task: str,
    caller: Caller,
    target: Subject,
    items: list[ContextItem],
    since: dt.date | None,
    until: dt.date | None,
    today: dt.date,
) -> Brief:
    names: dict[int, str] = {}
    if task != "themes":  # HR themes never carry names, not even internally
        ids = {i.author_id for i in items if i.author_id is not None}
        if ids:
            rows = session.execute(select(Person.id, Person.name).where(Person.id.in_(ids)))
            names = {int(pid): str(name) for pid, name in rows}
    return Brief(
        task=task,
        today=today,
        requester_id=caller.id,
        requester_name=caller.name,
        subject_id=target.id,
        subject_name=target.name,
        group_name=target.group_name,
        group_size=len(target.group_ids),
        since=since,
        until=until,
        names=names,
    )


def _grounding(
    session: Session,
    caller: Caller,
    brief: Brief,
    items: list[ContextItem],
    *,
    anonymous: bool,
) -> Grounding:
    today = brief.today
    # One answer per citation for this generation: a model that cites the same ids in every
    # item (or guesses many) would otherwise cost two queries per mention, re-ask included.
    found: dict[str, Literal["missing", "hidden", "visible"]] = {}

    def locate(citation: str) -> Literal["missing", "hidden", "visible"]:
        if citation not in found:
            parsed = parse_citation(citation)
            if parsed is None or session.get(INDEXED[parsed[0]], parsed[1]) is None:
                found[citation] = "missing"
            elif fetch_context(session, caller, [citation], today=today):
                found[citation] = "visible"
            else:
                found[citation] = "hidden"
        return found[citation]

    people = set(session.scalars(select(Person.name)))
    allowed_names = set() if anonymous else {brief.requester_name, *(brief.subject_name or "",)}
    allowed_names |= {n.split()[0] for n in allowed_names if n}
    dates = {d.isoformat() for d in (brief.since, brief.until, brief.today) if d}
    return Grounding(
        context=items,
        allowed_names={n for n in allowed_names if n},
        allowed_dates=dates,
        people=people,
        locate=locate,
        anonymous=anonymous,
    )


def _scope_hash(caller: Caller) -> str:
    return _sha(str(caller.id), str(caller.is_hr), ",".join(map(str, sorted(caller.below))))


def _sha(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


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


def context_items(result: TaskResult) -> list[str]:
    """Every citation in a result, in order of first appearance (for displays)."""
    seen: dict[str, None] = {}
    for value in result.output.values():
        if isinstance(value, list):
            for item in value:
                if isinstance(item, dict):
                    for cid in item.get("citations", []):
                        seen.setdefault(cid, None)
    return list(seen)


__all__ = ["TaskResult", "context_items", "generate"]
