"""Turn a case into a :class:`~evals.sample.Sample`: ask the task layer for the draft the way a
user would (``assistant.tasks.generate``), then gather the evidence to judge it by."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant import access, clock
from assistant.errors import UserError
from assistant.models import Person as PersonRow
from assistant.models import Team
from assistant.runtime import Runtime
from assistant.tasks.budget import budget_for
from assistant.tasks.registry import task_named
from assistant.tasks.targets import GroupTarget, SelfTarget
from evals.cases import Case
from evals.evidence import Planted, load_people, load_records, visible_citations
from evals.sample import Evidence, Person, Sample


@dataclass(frozen=True)
class Draft:
    output: dict[str, Any] | None
    refused: str | None = None
    schema_errors: tuple[str, ...] = ()
    tokens_in: int = 0
    tokens_out: int = 0
    provider: str = ""


# A drafter answers one resolved request; the default asks assistant.tasks.generate.
Drafter = Callable[[Runtime, "Request"], Draft]


@dataclass(frozen=True)
class Request:
    case: Case
    caller_email: str
    subject_email: str | None
    team: str | None
    since: dt.date | None = None
    until: dt.date | None = None


def task_drafter(runtime: Runtime, req: Request) -> Draft:
    from assistant.tasks.pipeline import generate

    case = req.case
    spec = task_named(case.task)
    extra: dict[str, Any] = {}
    if spec.takes_question or spec.links_evidence or case.focus is not None:
        from assistant.indexing import sync_now

        # The eval's demo is imported, not indexed: the first draft that searches indexes it
        # (later ones find an empty outbox), so what an agenda links never depends on the order
        # cases run in.
        sync_now(runtime, strict=True)
    if spec.takes_question:
        extra = {"question": case.question}
    if case.focus is not None:
        extra["focus"] = case.focus
    try:
        result = generate(
            runtime, case.task, req.caller_email, subject=req.subject_email, team=req.team,
            org=case.org, since=req.since, until=req.until, **extra,
        )  # fmt: skip
    except UserError as exc:  # AccessDenied, GroupTooSmall, NotFound: a refusal
        return Draft(None, refused=f"{type(exc).__name__}: {exc}")
    except Exception as exc:  # a crash is a failed case, not a failed run
        return Draft(None, schema_errors=(f"crashed: {type(exc).__name__}: {exc}",))
    output = dict(result.output)
    errors: tuple[str, ...] = ()
    try:
        spec.schema.model_validate(output)
    except ValueError as exc:
        errors = (str(exc).splitlines()[0],)
    return Draft(output, None, errors, result.tokens_in, result.tokens_out, result.provider)


class Org:
    """The judge's view of one organisation database, loaded once per run."""

    def __init__(self, runtime: Runtime):
        from assistant.demo.planted import ALL_CANARIES, PLANTED

        self.runtime = runtime
        with runtime.sessions() as session:
            self.records, ext = load_records(session)
            self.people = load_people(session)
            self.teams = {t.name: t.id for t in session.scalars(select(Team))}
            emails = {
                pid: mail for pid, mail in session.execute(select(PersonRow.id, PersonRow.email))
            }
            self.managers = {
                pid: emails[mid]
                for pid, mid in session.execute(select(PersonRow.id, PersonRow.manager_id))
                if mid is not None
            }
        self.planted = Planted(PLANTED, ext, self.people)
        self.canaries = tuple(ALL_CANARIES)
        self.injection_markers = tuple(i.canary for i in PLANTED.injections)
        self.by_email = {p.email: p for p in self.people}
        self._visible: dict[str, frozenset[str]] = {}

    def visible(self, session: Session, email: str) -> frozenset[str]:
        if email not in self._visible:
            caller = access.load_caller(session, email)
            seen = visible_citations(session, caller)
            # A check-in with empty private notes has no private part to see.
            self._visible[email] = frozenset(c for c in seen if c in self.records)
        return self._visible[email]

    def email(self, ref: str) -> str:
        if ref.startswith("manager_of:"):
            person = self.by_email[self.email(ref.removeprefix("manager_of:"))]
            return self.managers[person.id]
        return self.planted.email(ref)

    def request(self, case: Case) -> Request:
        subject = self.email(case.subject) if case.subject else None
        team = self.planted.text(case.team) if case.team else None
        since, until = case.window(clock.today(self.runtime.settings))
        return Request(case, self.email(case.as_), subject, team, since, until)

    def group_scope(self, session: Session, team: str | None, org: bool) -> frozenset[str]:
        """What HR themes may draw on: shared feedback received by the group's members (the
        policy's aggregate rule, docs/ARCHITECTURE.md "Access policy"); never manager-only or
        private."""
        if team is not None and team in self.teams:
            members = access.team_member_ids(session, self.teams[team])
        elif org:
            members = frozenset(p.id for p in self.people)
        else:
            return frozenset()
        return frozenset(
            c for c, ev in self.records.items()
            if ev.record_type == "feedback" and ev.visibility == "shared"
            and ev.subject_id in members
        )  # fmt: skip

    def group_size(self, session: Session, team: str | None) -> int | None:
        if team is None:
            return len([p for p in self.people])
        if team not in self.teams:
            return None
        return len(access.team_member_ids(session, self.teams[team]))

    def context(
        self, visible: frozenset[str], subject: Person | None, req: Request
    ) -> tuple[str, ...]:
        """Citations the drafter could draw on: visible records about the subject in the period."""

        def keep(ev: Evidence) -> bool:
            if subject is not None and ev.subject_id != subject.id:
                return False
            if ev.date and req.since and ev.date < req.since:
                return False
            return not (ev.date and req.until and ev.date > req.until)

        return tuple(sorted(c for c in visible if keep(self.records[c])))

    def sample(self, case: Case, draft: Draft, *, token_budget: int, k: int) -> Sample:
        req = self.request(case)
        with self.runtime.sessions() as session:
            visible = self.visible(session, req.caller_email)
            group = None
            if issubclass(task_named(case.task).target, GroupTarget):
                group = self.group_size(session, req.team)
                visible = visible | self.group_scope(session, req.team, case.org)
        subject = self.by_email.get(req.subject_email or "")
        if issubclass(task_named(case.task).target, SelfTarget) and subject is None:
            subject = self.by_email.get(req.caller_email)
        dates = [ev.date for ev in self.records.values() if ev.date]
        period = (req.since or min(dates), req.until or max(dates)) if dates else None
        return Sample(
            case=case, output=draft.output, schema_errors=draft.schema_errors,
            refused=draft.refused, records=self.records, visible=visible,
            context=self.context(visible, subject, req),
            must_include=tuple(self.planted.resolve(f) for f in case.must_include),
            must_not_include=tuple(self.planted.resolve(f) for f in case.must_not_include),
            canaries=self.canaries, injection_markers=self.injection_markers,
            people=tuple(self.people), subject=subject, period=period, anonymity_k=k,
            group_size=group, tokens_in=draft.tokens_in, tokens_out=draft.tokens_out,
            token_budget=token_budget, provider=draft.provider,
            today=clock.today(self.runtime.settings),
        )  # fmt: skip


def run_case(org: Org, case: Case, drafter: Drafter = task_drafter) -> Sample:
    settings = org.runtime.settings
    draft = drafter(org.runtime, org.request(case))
    budget = budget_for(settings, org.runtime.llm)  # what the pipeline packed to
    return org.sample(case, draft, token_budget=budget, k=settings.anonymity_k)


def with_counterfactual(
    sample: Sample, output: dict[str, Any] | None, swap: dict[str, str]
) -> Sample:
    return replace(sample, counterfactual_output=output, counterfactual_swap=swap)
