"""One behaviour: the fragments feedback about it is built from (the grammar contract is in
assistant/demo/behaviours/__init__.py)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Behaviour:
    label: str  # the plainest name for it
    did: tuple[str, ...]
    detail: tuple[str, ...]
    missed: tuple[str, ...]
    ask: tuple[str, ...]
    names: tuple[str, ...] = ()  # other ways a review names it

    @property
    def all_names(self) -> tuple[str, ...]:
        return (self.label, *self.names)
