"""What a task is asked about, as typed request objects checked before anything is read.

Each task takes one kind of target (assistant/tasks/registry.py): a person below the caller
(agenda, coaching), the caller or a report (summary), the caller alone (reflection), a group
(themes) or a question (ask). :meth:`Target.build` turns the loose parameters of the API, the CLI
and :func:`assistant.tasks.pipeline.generate` into one of these, or raises a UserError naming
what is missing — up front, not half-way through the request.

Parameters a target does not take (a team for an agenda) are ignored, as they always were: the
API's draft body carries ``team`` and ``org`` for every task.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from assistant.errors import UserError

# The longest question the ask task takes (the API's schema says the same).
MAX_QUESTION = 500

PersonRef = str | int  # an email or a person id, as the caller named them


@dataclass(frozen=True)
class Params:
    """The loose parameters the API, the CLI and ``generate()`` take for every task."""

    subject: PersonRef | None = None
    team: str | None = None
    org: bool = False
    question: str | None = None


@dataclass(frozen=True)
class Target:
    """The base: whom a task is about, if anyone (resolved and checked by the access rule)."""

    kind: ClassVar[str] = "target"
    subject: PersonRef | None = None

    @classmethod
    def build(cls, task: str, p: Params) -> Target:
        if p.question is not None:
            raise UserError("only the ask task takes a question")
        return cls(subject=p.subject)


@dataclass(frozen=True)
class PersonTarget(Target):
    """A person below the caller in the reporting line (agenda, coaching)."""

    kind: ClassVar[str] = "a person"

    @classmethod
    def build(cls, task: str, p: Params) -> Target:
        if p.subject is None:
            raise UserError(f"{task} needs the person it is about")
        return super().build(task, p)


@dataclass(frozen=True)
class SelfOrReportTarget(Target):
    """The caller (the default) or someone below them (summary)."""

    kind: ClassVar[str] = "yourself or a person"


@dataclass(frozen=True)
class SelfTarget(Target):
    """The caller alone (reflection); naming anyone else is refused by the access rule."""

    kind: ClassVar[str] = "yourself"


@dataclass(frozen=True)
class GroupTarget(Target):
    """A team, or the whole organisation (HR themes): exactly one."""

    kind: ClassVar[str] = "a group"
    team: str | None = None
    org: bool = False

    @classmethod
    def build(cls, task: str, p: Params) -> Target:
        if p.question is not None:
            raise UserError("only the ask task takes a question")
        if p.org == (p.team is not None):
            raise UserError(f"{task} need exactly one of a team or the whole organisation")
        return cls(subject=p.subject, team=p.team, org=p.org)


@dataclass(frozen=True)
class QuestionTarget(Target):
    """A free-text question over what the caller may see, optionally about the caller or a
    report (ask). The question is whitespace-normalised here, once."""

    kind: ClassVar[str] = "a question"
    question: str = ""

    @classmethod
    def build(cls, task: str, p: Params) -> Target:
        text = " ".join((p.question or "").split())
        if not text:
            raise UserError(f"{task} needs a question")
        if len(text) > MAX_QUESTION:
            raise UserError(f"a question is at most {MAX_QUESTION} characters")
        return cls(subject=p.subject, question=text)
