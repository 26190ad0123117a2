"""The tasks, one :class:`Task` object each, registered once.

A task is everything the pipeline (assistant/tasks/pipeline.py), the API, the CLI, the web UI
and the evals need to know about it: its name and aliases, what it takes (its target type), who
may ask (its access rule), what it reads (its gather step), how its records rank when packed to
a token budget, its prompt template, its offline drafter, its output schema and the sections it
displays. Nothing else compares task names: everything looks a task up here
(:func:`task_named`) or walks :data:`TASKS`.

Adding a task ("retro", say) touches: its output model and sections (schemas.py), its template
(prompts/retro.md) and the template's inputs (a ``retro_values`` in prompting.py), its offline
drafter (assistant/offline/retro.py), and one entry below — reusing a target, an access rule, a
gather step and a priority from targets.py and context.py, or adding one there for a new kind of
request. A CLI command (assistant/cli/tasks.py: its options are its own) and eval cases
(evals/cases/retro.yaml) if it has them; if ``POST /v1/drafts/{task}`` serves it, its name in
``schemas.TaskName`` (the route's OpenAPI enum; a test holds the two together). The pipeline, the
renderers, the web UI's draft page, stored-draft access and the evals' harness and metrics read
the entry; the draft cache keys on the new template and drafter code by content.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from pydantic import BaseModel
from sqlalchemy.orm import Session

from assistant.access import Caller
from assistant.errors import UserError
from assistant.offline.agenda import draft_agenda
from assistant.offline.answer import draft_answer
from assistant.offline.coaching import draft_coaching
from assistant.offline.reflection import draft_reflection
from assistant.offline.summary import draft_summary
from assistant.offline.themes import draft_themes, themes_facts
from assistant.tasks import prompting, schemas
from assistant.tasks.ask import gather_question
from assistant.tasks.brief import Brief
from assistant.tasks.context import (
    AccessRule,
    Gather,
    PriorityFor,
    Subject,
    agenda_priority,
    authorize,
    gather_about,
    gather_feedback_about,
    gather_group,
    group_rule,
    question_rule,
    report_rule,
    self_or_report_rule,
    self_rule,
    spread_priority,
)
from assistant.tasks.targets import (
    GroupTarget,
    Params,
    PersonRef,
    PersonTarget,
    QuestionTarget,
    SelfOrReportTarget,
    SelfTarget,
    Target,
)
from retrieval.types import ContextItem

Drafter = Callable[[list[ContextItem], Brief], BaseModel]
# What the analysis stage reads in everything gathered, as text for a model's prompt, citing
# only the records the model is given (all items, packed items, brief).
Facts = Callable[[list[ContextItem], list[ContextItem], Brief], str]
Sections = tuple[tuple[str, str], ...]


def _no_label() -> str:
    return ""


@dataclass(frozen=True)
class Task:
    name: str
    aliases: tuple[str, ...]
    title: str  # the heading of a printed draft (CLI, demo)
    page_title: str  # the heading of a draft's page in the web UI
    description: str  # what the output is, for whom (the LLM judge's brief, docs)
    target: type[Target]  # what it takes: a person, yourself, a group, a question
    access: AccessRule  # who may ask, checked before anything is read
    gather: Gather  # what it reads, through the access-checked records layer
    priority: PriorityFor  # the order its records are packed to a token budget in
    template: str  # its prompt template, prompts/<template>.md
    values: prompting.Values  # the template's inputs from the brief and packed records
    drafter: Drafter  # the offline drafter (the default provider and every fallback)
    schema: type[BaseModel]  # its structured output
    sections: Sections  # display order and headings (CLI, API, web UI)
    anonymous: bool = False  # an aggregate: no names anywhere, not even internally
    label_extra: Callable[[], str] = _no_label  # more versioned inputs for the prompt label
    facts: Facts | None = None  # the analysis stated for a model (brief.facts), if it has one
    # Link each goal and theme to the records about it by meaning (assistant/tasks/evidence.py).
    links_evidence: bool = False

    def request(
        self,
        *,
        subject: PersonRef | None = None,
        team: str | None = None,
        org: bool = False,
        question: str | None = None,
        focus: str | None = None,
    ) -> Target:
        """The typed request from loose parameters, checked up front (UserError)."""
        params = Params(subject=subject, team=team, org=org, question=question, focus=focus)
        return self.target.build(self.name, params)

    def authorize(self, session: Session, caller: Caller, target: Target, *, k: int) -> Subject:
        """Apply the access rule (NotFound / AccessDenied / GroupTooSmall, before any read)."""
        return authorize(session, self.access, caller, target, k=k)

    @property
    def takes_question(self) -> bool:
        return issubclass(self.target, QuestionTarget)

    @property
    def takes_focus(self) -> bool:
        return self.target.takes_focus

    def retrieves(self, target: Target) -> bool:
        """Whether this request reads the search index (ask; a focus; linked evidence)."""
        return self.takes_question or self.links_evidence or bool(target.focus)

    @property
    def prompt_label(self) -> str:
        """What a Draft records, e.g. ``agenda@1+system@1``."""
        return prompting.prompt_label(self.template, self.label_extra())


_ALL = (
    Task(
        name="agenda",
        aliases=("prep",),
        title="1:1 agenda",
        page_title="Agenda",
        description="a 1:1 agenda for a manager about one report",
        target=PersonTarget,
        access=report_rule,
        gather=gather_about,
        priority=agenda_priority,
        template="agenda",
        values=prompting.agenda_values,
        drafter=draft_agenda,
        schema=schemas.Agenda,
        sections=schemas.AGENDA_SECTIONS,
        links_evidence=True,
    ),
    Task(
        name="summary",
        aliases=(),
        title="Feedback summary",
        page_title="Summary",
        description="a summary of one person's feedback over a period, for their manager",
        target=SelfOrReportTarget,
        access=self_or_report_rule,
        gather=gather_feedback_about,
        priority=spread_priority,
        template="summary",
        values=prompting.summary_values,
        drafter=draft_summary,
        schema=schemas.Summary,
        sections=schemas.SUMMARY_SECTIONS,
    ),
    Task(
        name="coaching",
        aliases=("coach",),
        title="Coaching suggestions",
        page_title="Coaching",
        description="coaching suggestions for a manager about one report",
        target=PersonTarget,
        access=report_rule,
        gather=gather_about,
        priority=agenda_priority,
        template="coaching",
        values=prompting.coaching_values,
        drafter=draft_coaching,
        schema=schemas.Coaching,
        sections=schemas.COACHING_SECTIONS,
        label_extra=prompting.playbook_label,
    ),
    Task(
        name="reflection",
        aliases=("reflect",),
        title="Self-reflection draft",
        page_title="My self-reflection (draft)",
        description="a first-person self-reflection draft for an employee",
        target=SelfTarget,
        access=self_rule,
        gather=gather_about,
        priority=agenda_priority,
        template="reflection",
        values=prompting.reflection_values,
        drafter=draft_reflection,
        schema=schemas.Reflection,
        sections=schemas.REFLECTION_SECTIONS,
    ),
    Task(
        name="themes",
        aliases=(),
        title="Feedback themes",
        page_title="Themes",
        description="anonymous feedback themes over a group, for HR",
        target=GroupTarget,
        access=group_rule,
        gather=gather_group,
        priority=spread_priority,
        template="themes",
        values=prompting.themes_values,
        drafter=draft_themes,
        schema=schemas.Themes,
        sections=schemas.THEMES_SECTIONS,
        anonymous=True,
        facts=themes_facts,
    ),
    Task(
        name="ask",
        aliases=(),
        title="Answer",
        page_title="Answer",
        description="an answer to a free-text question from the records the asker may see",
        target=QuestionTarget,
        access=question_rule,
        gather=gather_question,
        priority=agenda_priority,
        template="ask",
        values=prompting.ask_values,
        drafter=draft_answer,
        schema=schemas.Answer,
        sections=schemas.ANSWER_SECTIONS,
    ),
)

# Every task by name, in display order. A dict behind a read-only view: a test may swap one
# entry (monkeypatch.setitem(registry._BY_NAME, ...)); code reads TASKS.
_BY_NAME: dict[str, Task] = {t.name: t for t in _ALL}
TASKS: Mapping[str, Task] = MappingProxyType(_BY_NAME)
_ALIASES: dict[str, str] = {alias: t.name for t in _ALL for alias in t.aliases}


def task_named(name: str) -> Task:
    """The task called ``name`` or one of its aliases ("coach", "reflect", "prep")."""
    found = TASKS.get(_ALIASES.get(name, name))
    if found is None:
        raise UserError(f"unknown task {name!r}; choose from {', '.join(TASKS)}")
    return found


def drafted_by_route() -> tuple[str, ...]:
    """The tasks ``POST /v1/drafts/{task}`` serves: all but those that take a question, which
    have their own route (api/routes/ask.py) with the question in the body."""
    return tuple(name for name, t in TASKS.items() if not t.takes_question)


def draft_offline(items: list[ContextItem], brief: Brief) -> BaseModel:
    """The offline drafter's output for ``brief.task`` built from ``items``."""
    return task_named(brief.task).drafter(items, brief)


__all__ = ["TASKS", "Task", "draft_offline", "drafted_by_route", "task_named"]
