"""One way to build a test organisation: a small fluent builder over the ORM.

    with build(runtime, today=TODAY) as b:
        b.team("eng", "Engineering").person("maya", team="eng").person("dana", manager="maya")
        b.goal("launch", "Launch the partner API", owner="dana", status="off_track")
        b.feedback("praise", "Great launch.", giver="maya", receiver="dana", on=-3)
    org = b.org  # org.people["dana"], org.ids["launch"], org.doc["launch"] == "G1"

People, teams and records are named by a key of the caller's choosing; later calls refer to them
by that key. Each row is flushed as it is added, so ids follow the order of the calls (tests that
compare ids or citations depend on it). A date is either a ``dt.date`` or a number of days from
``today`` (never the wall clock); a required date defaults to ``today``, an optional one (a goal's
creation and due dates, an action's due date) to none. Enum fields take their string value.
Rows go through the ORM, so the outbox flush hook queues every indexed record as a real write does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Self

from sqlalchemy.orm import Session

from assistant.db import transaction
from assistant.models import (
    ActionItem,
    ActionStatus,
    Base,
    CheckIn,
    CompanyValue,
    Cycle,
    Feedback,
    FeedbackKind,
    FeedbackVisibility,
    Goal,
    GoalLevel,
    GoalStatus,
    GoalUpdate,
    GoalVisibility,
    KeyResult,
    Person,
    Team,
)
from assistant.runtime import Runtime

When = dt.date | int | None


@dataclass
class Org:
    """What a build made, by key."""

    domain: str = "acme.test"
    people: dict[str, int] = field(default_factory=dict)  # person key -> Person.id
    teams: dict[str, int] = field(default_factory=dict)  # team key -> Team.id
    ids: dict[str, int] = field(default_factory=dict)  # record key -> row id
    # record key -> document id: its citation ("G3"), or "C2:private" for "<checkin>_private"
    doc: dict[str, str] = field(default_factory=dict)

    def email(self, key: str) -> str:
        return f"{key}@{self.domain}"

    def docs(self, *keys: str) -> set[str]:
        return {self.doc[k] for k in keys}


class OrgBuilder:
    def __init__(self, session: Session, *, today: dt.date, domain: str = "acme.test") -> None:
        self.session = session
        self.today = today
        self.org = Org(domain=domain)
        self._cycles: dict[str, int] = {}
        self._values: dict[str, CompanyValue] = {}

    def day(self, when: When) -> dt.date:
        if when is None:
            return self.today
        return when if isinstance(when, dt.date) else self.today + dt.timedelta(days=when)

    def _maybe(self, when: When) -> dt.date | None:
        return None if when is None else self.day(when)

    def _flush(self, row: Base) -> Any:
        self.session.add(row)
        self.session.flush()
        return row

    def _record(self, key: str, letter: str, row: Base) -> Any:
        assert key not in self.org.ids, f"duplicate record key {key!r}"
        self._flush(row)
        self.org.ids[key] = row.id  # type: ignore[attr-defined]
        self.org.doc[key] = f"{letter}{row.id}"  # type: ignore[attr-defined]
        return row

    def _person(self, key: str | None) -> int | None:
        return None if key is None else self.org.people[key]

    def team(self, key: str, name: str, *, parent: str | None = None) -> Self:
        row = Team(external_id=key, name=name, parent_id=self.org.teams.get(parent or ""))
        self.org.teams[key] = self._flush(row).id
        return self

    def cycle(self, key: str, name: str, start: When, end: When) -> Self:
        row = Cycle(external_id=key, name=name, start_date=self.day(start), end_date=self.day(end))
        self._cycles[key] = self._flush(row).id
        return self

    def value(self, key: str, name: str) -> Self:
        self._values[key] = self._flush(CompanyValue(external_id=key, name=name))
        return self

    def person(
        self,
        key: str,
        name: str | None = None,
        *,
        manager: str | None = None,
        team: str | None = None,
        roles: Iterable[str] = ("employee",),
    ) -> Self:
        row = Person(
            external_id=key,
            name=name or key.title(),
            email=self.org.email(key),
            team_id=self.org.teams.get(team or ""),
            manager_id=self._person(manager),
            roles=list(roles),
        )
        self.org.people[key] = self._flush(row).id
        return self

    def goal(
        self,
        key: str,
        title: str,
        *,
        owner: str | None = None,
        team: str | None = None,
        level: str | None = None,
        cycle: str | None = None,
        status: str = "not_started",
        progress: int = 0,
        visibility: str = "public",
        description: str = "",
        created: When = None,
        due: When = None,
    ) -> Self:
        """A person's goal (``owner``), a team's (``team``) or, with neither, the company's."""
        implied = "individual" if owner else "team" if team else "company"
        row = Goal(
            external_id=key,
            title=title,
            description=description,
            level=GoalLevel(level or implied),
            owner_person_id=self._person(owner),
            owner_team_id=self.org.teams[team] if team else None,
            cycle_id=self._cycles[cycle] if cycle else None,
            status=GoalStatus(status),
            progress=progress,
            visibility=GoalVisibility(visibility),
            created_on=self._maybe(created),
            due_date=self._maybe(due),
        )
        self._record(key, "G", row)
        return self

    def key_result(
        self,
        key: str,
        goal: str,
        title: str,
        *,
        unit: str = "",
        target: float = 100,
        current: float = 0,
    ) -> Self:
        row = KeyResult(
            external_id=key,
            goal_id=self.org.ids[goal],
            title=title,
            unit=unit,
            target_value=target,
            current_value=current,
        )
        self._record(key, "K", row)
        return self

    def update(
        self,
        key: str,
        goal: str,
        note: str,
        *,
        author: str,
        on: When = None,
        progress: int = 0,
        status: str = "on_track",
    ) -> Self:
        row = GoalUpdate(
            external_id=key,
            goal_id=self.org.ids[goal],
            author_id=self.org.people[author],
            date=self.day(on),
            progress=progress,
            status=GoalStatus(status),
            note=note,
        )
        self._record(key, "U", row)
        return self

    def feedback(
        self,
        key: str,
        text: str,
        *,
        giver: str,
        receiver: str,
        on: When = None,
        kind: str = "praise",
        visibility: str = "shared",
        values: Iterable[str] = (),
    ) -> Self:
        row = Feedback(
            external_id=key,
            giver_id=self.org.people[giver],
            receiver_id=self.org.people[receiver],
            date=self.day(on),
            kind=FeedbackKind(kind),
            visibility=FeedbackVisibility(visibility),
            text=text,
            values=[self._values[v] for v in values],
        )
        self._record(key, "F", row)
        return self

    def checkin(
        self,
        key: str,
        *,
        employee: str,
        manager: str,
        on: When = None,
        shared: str = "",
        private: str = "",
        mood: int | None = None,
    ) -> Self:
        """A 1:1; its private notes, if any, are also the document ``<key>_private``."""
        row = CheckIn(
            external_id=key,
            employee_id=self.org.people[employee],
            manager_id=self.org.people[manager],
            date=self.day(on),
            shared_notes=shared,
            private_notes=private,
            mood=mood,
        )
        self._record(key, "C", row)
        if private:
            self.org.ids[f"{key}_private"] = row.id
            self.org.doc[f"{key}_private"] = f"C{row.id}:private"
        return self

    def action(
        self,
        key: str,
        checkin: str,
        text: str,
        *,
        owner: str,
        due: When = None,
        status: str = "open",
    ) -> Self:
        row = ActionItem(
            external_id=key,
            checkin_id=self.org.ids[checkin],
            owner_id=self.org.people[owner],
            text=text,
            due_date=self._maybe(due),
            status=ActionStatus(status),
        )
        self._record(key, "A", row)
        return self


@contextmanager
def build(runtime: Runtime, *, today: dt.date, domain: str = "acme.test") -> Iterator[OrgBuilder]:
    """An :class:`OrgBuilder` in one transaction, committed when the block ends."""
    with transaction(runtime.sessions) as session:
        yield OrgBuilder(session, today=today, domain=domain)
