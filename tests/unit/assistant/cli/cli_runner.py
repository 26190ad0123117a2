"""What the ``cli`` fixture of conftest.py returns: one in-process ``cadence`` run's outcome."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Ran:
    code: int
    out: str
    err: str


Cli = Callable[..., Ran]
# What tests/conftest.py's ``run_cadence`` returns (``cli`` wraps it): (exit code, stdout, stderr).
CadenceRun = Callable[..., tuple[int, str, str]]
