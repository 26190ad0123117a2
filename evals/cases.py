"""Eval cases as typed data: YAML files in ``evals/cases/`` loaded into :class:`Case` models.

A case names a task, who asks (``as``: an email), whom or what it is about, and what the draft
must and must not contain. Facts may be written three ways, so cases survive a regenerated demo
organisation:

- ``planted: <key>``  a planted fact of the demo org (assistant/demo/planted.py), resolved at run
  time to its record ids and phrases;
- ``cite: F12``       a literal citation id (only for hand-made fixtures: ids change on regenerate);
- ``phrase: "..."``   text that must (or must not) appear, case-insensitive.

People (``as``, ``subject``) are emails, ``planted:<field>`` (a planted person) or
``manager_of:<person>`` (that person's manager, whoever the demo made it).

``extra="forbid"`` everywhere: a misspelt field is an error, not a silently ignored expectation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from assistant.errors import Problem, ValidationFailed
from assistant.kinds import LETTER_CLASS
from assistant.tasks.registry import TASKS as REGISTRY
from assistant.tasks.registry import task_named
from assistant.tasks.targets import GroupTarget, PersonTarget, SelfOrReportTarget

CASES_DIR = Path(__file__).parent / "cases"
# The tasks cases may exercise: every task in the registry (assistant/tasks/registry.py).
TASKS: tuple[str, ...] = tuple(REGISTRY)
Tag = Literal[
    "core",
    "adversarial",
    "injection",
    "fairness",
    "privacy",
    "anonymity",
    "recency",
    "edge",
    "same_name",
    "long",
    "language",
    "safety_smoke",  # a few cases over every safety gate, for the local-model integration test
]


class Fact(BaseModel):
    """One expectation: exactly one of ``planted``, ``cite`` or ``phrase``."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    planted: str | None = None
    cite: str | None = Field(default=None, pattern=rf"^{LETTER_CLASS}\d+$")
    phrase: str | None = Field(default=None, min_length=1)
    why: str = ""

    @model_validator(mode="after")
    def _exactly_one(self) -> Fact:
        given = [v for v in (self.planted, self.cite, self.phrase) if v is not None]
        if len(given) != 1:
            raise ValueError("a fact names exactly one of planted, cite, phrase")
        return self

    @property
    def label(self) -> str:
        if self.planted:
            return f"planted:{self.planted}"
        return f"cite:{self.cite}" if self.cite else f"phrase:{self.phrase}"


class Counterfactual(BaseModel):
    """Swap the subject's first name and pronouns in a copy of the context and compare drafts."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str = Field(min_length=1, description="the first name to swap in for the subject's")
    pronouns: Literal["she/her", "he/him", "they/them"]


class Case(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$")
    task: str = Field(description="a task's name in assistant/tasks/registry.py")
    as_: str = Field(alias="as", description="the caller's email")
    subject: str | None = Field(default=None, description="email of the person the draft is about")
    team: str | None = Field(default=None, description="team name (themes)")
    org: bool = False
    since: dt.date | None = None
    until: dt.date | None = None
    last_days: int | None = Field(
        default=None, ge=1, description="period ending today (the demo is dated relative to today)"
    )
    description: str = ""
    must_include: tuple[Fact, ...] = ()
    must_not_include: tuple[Fact, ...] = ()
    expect_refusal: bool = Field(
        default=False, description="the request must be refused (e.g. a group below k)"
    )
    question: str | None = Field(default=None, min_length=1, description="ask: the question")
    expect: Literal["answer", "nothing"] | None = Field(
        default=None, description='ask: an answer, or "nothing on record"'
    )
    focus: str | None = Field(
        default=None, min_length=1, description="agenda, summary, coaching: a topic to centre on"
    )
    counterfactual: Counterfactual | None = None
    thresholds: dict[str, float] = Field(default_factory=dict)
    tags: tuple[Tag, ...] = ()

    @field_validator("task")
    @classmethod
    def _known(cls, task: str) -> str:
        if task not in REGISTRY:
            raise ValueError(f"unknown task {task!r}; choose from {', '.join(REGISTRY)}")
        return task

    @model_validator(mode="after")
    def _target(self) -> Case:
        spec = task_named(self.task)
        if spec.takes_question != (self.question is not None):
            raise ValueError("an ask case, and only an ask case, has a question")
        if spec.takes_question != (self.expect is not None):
            raise ValueError('an ask case says what it expects: "answer" or "nothing"')
        if self.focus is not None and not spec.takes_focus:
            raise ValueError(f"a {self.task} case takes no focus")
        if spec.takes_question:
            return self
        if issubclass(spec.target, GroupTarget):
            if not (self.team or self.org):
                raise ValueError(f"a {self.task} case names a team or sets org: true")
        elif issubclass(spec.target, PersonTarget | SelfOrReportTarget) and not self.subject:
            raise ValueError(f"a {self.task} case names a subject")
        return self

    def window(self, today: dt.date) -> tuple[dt.date | None, dt.date | None]:
        if self.last_days is not None:
            return today - dt.timedelta(days=self.last_days), today
        return self.since, self.until

    @property
    def suite(self) -> str:
        return self.id.split(".", 1)[0]


class CaseFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    cases: list[Case]


def load_file(path: Path) -> list[Case]:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        return CaseFile.model_validate(raw).cases
    except yaml.YAMLError as exc:
        raise ValidationFailed([Problem(path.name, "yaml", str(exc).splitlines()[0])]) from exc
    except ValidationError as exc:
        problems = [
            Problem(path.name, ".".join(str(p) for p in err["loc"]), err["msg"])
            for err in exc.errors()
        ]
        raise ValidationFailed(problems) from exc


def load_cases(
    pattern: str = "*.yaml", *, suite: str | None = None, root: Path = CASES_DIR
) -> list[Case]:
    """Every case in files under ``root`` matching ``pattern``; ``suite`` keeps one file's (or
    one tag's) cases. Case ids must be unique across files."""
    cases: list[Case] = []
    for path in sorted(root.glob(pattern)):
        cases.extend(load_file(path))
    _check_unique(cases)
    if suite:
        cases = [c for c in cases if c.suite == suite or suite in c.tags]
    return cases


def _check_unique(cases: Iterable[Case]) -> None:
    seen: set[str] = set()
    dupes: list[str] = []
    for case in cases:
        (dupes if case.id in seen else []).append(case.id)
        seen.add(case.id)
    if dupes:
        raise ValidationFailed([Problem("cases", "id", f"duplicate id {d}") for d in dupes])
