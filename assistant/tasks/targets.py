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
# The longest focus topic a draft takes (agenda, summary, coaching; the API's schema agrees).
MAX_FOCUS = 200

PersonRef = str | int  # an email or a person id, as the caller named them


@dataclass(frozen=True)
class Params:
    """The loose parameters the API, the CLI and ``generate()`` take for every task."""

    subject: PersonRef | None = None
    team: str | None = None
    org: bool = False
    question: str | None = None
    focus: str | None = None


def _focus(task: str, p: Params, *, takes: bool) -> str | None:
    """The focus topic, whitespace-normalised once; blank is no focus. Only the drafts that
    centre on a topic (agenda, summary, coaching) take one."""
    text = " ".join((p.focus or "").split())
    if not text:
        return None
    if not takes:
        raise UserError(f"{task} does not take a focus")
    if len(text) > MAX_FOCUS:
        raise UserError(f"a focus is at most {MAX_FOCUS} characters")
    return text


@dataclass(frozen=True)
class Target:
    """The base: whom a task is about, if anyone (resolved and checked by the access rule)."""

    kind: ClassVar[str] = "target"
    # Whether the draft can centre on a topic the caller names (``focus``).
    takes_focus: ClassVar[bool] = False
    subject: PersonRef | None = None
    focus: str | None = None

    @classmethod
    def build(cls, task: str, p: Params) -> Target:
        if p.question is not None:
            raise UserError("only the ask task takes a question")
        return cls(subject=p.subject, focus=_focus(task, p, takes=cls.takes_focus))


@dataclass(frozen=True)
class PersonTarget(Target):
    """A person below the caller in the reporting line (agenda, coaching)."""

    kind: ClassVar[str] = "a person"
    takes_focus: ClassVar[bool] = True

    @classmethod
    def build(cls, task: str, p: Params) -> Target:
        if p.subject is None:
            raise UserError(f"{task} needs the person it is about")
        return super().build(task, p)


@dataclass(frozen=True)
class SelfOrReportTarget(Target):
    """The caller (the default) or someone below them (summary)."""

    kind: ClassVar[str] = "yourself or a person"
    takes_focus: ClassVar[bool] = True


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
        _focus(task, p, takes=False)
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
        _focus(task, p, takes=False)
        return cls(subject=p.subject, question=text)
