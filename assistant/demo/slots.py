"""Placeholder filling: each record gets its own project, service, customer, numbers...

A :class:`Slots` is a dict that invents a value the first time a placeholder is asked for, so a
sentence pays only for the placeholders it uses and a record's sentences agree with each other
(the same {project} throughout one piece of feedback).
"""

from __future__ import annotations

import random
from collections.abc import Callable

from assistant.demo import vocab

_PICKERS: dict[str, Callable[[random.Random], str]] = {
    "project": lambda r: r.choice(vocab.PROJECTS),
    "service": lambda r: r.choice(vocab.SERVICES),
    "customer": lambda r: r.choice(vocab.CUSTOMERS),
    "meeting": lambda r: r.choice(vocab.MEETINGS),
    "weekday": lambda r: r.choice(vocab.WEEKDAYS),
    "n": lambda r: str(r.randint(2, 9)),
    "pct": lambda r: str(r.choice((8, 12, 15, 18, 20, 22, 25, 30, 35, 40, 45, 60))),
    "hours": lambda r: str(r.randint(3, 16)),
}

# Pronoun forms keyed by the pronouns field; "you" is the second person used in shared feedback.
PRONOUNS: dict[str, tuple[str, str, str]] = {  # subject, object, possessive
    "she/her": ("she", "her", "her"),
    "he/him": ("he", "him", "his"),
    "they/them": ("they", "them", "their"),
    "you": ("you", "you", "your"),
}


class Slots(dict[str, str]):
    def __init__(self, rng: random.Random, fixed: dict[str, str]):
        super().__init__(fixed)
        self._rng = rng

    def __missing__(self, key: str) -> str:
        value = _PICKERS[key](self._rng)
        self[key] = value
        return value


def fill(template: str, slots: Slots) -> str:
    # Bank values such as "the SSO rollout" land after templates' own "the".
    return template.format_map(slots).replace("the the ", "the ").replace("The the ", "The ")


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]
