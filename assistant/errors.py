"""Cadence's error tree.

CadenceError
├── UserError                 the caller's mistake: clear message, CLI exit 2, HTTP 4xx
│   ├── ValidationFailed      input failed validation; carries every problem found
│   ├── NotFound              no such record (or not one the caller may see: never say which)
│   ├── AccessDenied          the policy forbids this request outright
│   └── GroupTooSmall         an aggregate over fewer than k people was asked for
├── ConfigError               the operator's settings cannot work: CLI one line, exit 2 (the
│                             person at the terminal is the operator); HTTP 500 with a generic
│                             body and the real message in the server log (the client cannot
│                             fix the server's settings, and they may name keys, URLs or paths)
└── RuntimeFailure            something outside the caller's control: retry, degrade, HTTP 503
    ├── ModelError            the model failed, timed out or kept returning invalid output
    └── IndexError_           the vector index is unreachable or inconsistent

Where each branch is turned into what a person sees: ``assistant/cli/__init__.py`` (``main``)
for the CLI, ``api/errors.py`` (``to_problem``) for HTTP.
"""

from __future__ import annotations

from dataclasses import dataclass


class CadenceError(Exception):
    """Base of every error Cadence raises on purpose."""


class UserError(CadenceError):
    """A mistake in what the user asked for or configured."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input record."""

    where: str  # file and line/index, e.g. "feedback[12]" or "people.csv:4"
    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.field}: {self.reason}"


class ValidationFailed(UserError):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) found; nothing was written")


class NotFound(UserError):
    pass


class AccessDenied(UserError):
    pass


class GroupTooSmall(UserError):
    pass


class ConfigError(CadenceError):
    """Settings that cannot work. Not a UserError: an API client did nothing wrong."""


class RuntimeFailure(CadenceError):
    """A failure the caller could not have avoided."""


class ModelError(RuntimeFailure):
    pass


class IndexError_(RuntimeFailure):
    """The index could not be brought up to date; ``synced`` outbox rows were before it failed
    (they stay synced: each batch commits on its own)."""

    def __init__(self, message: str, synced: int = 0):
        super().__init__(message)
        self.synced = synced
