"""A small organisation and tokens for its people, for the API tests (imported by their conftest).

Engineering: Maya manages Dana, Eli, Fay, Gus and Ivy (six people: above the anonymity threshold).
Sales: Omar and Pat (two people: below it). Ada (admin) runs the company; Hana is HR.
Records are found again by external id (:meth:`Org.record_id`), the way a client would know them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select

from assistant import auth
from assistant.db import transaction
from assistant.models import Base
from assistant.runtime import Runtime
from tests.builder import build

D = dt.date


@dataclass
class Org:
    runtime: Runtime
    ids: dict[str, int]  # person key -> Person.id
    tokens: dict[str, str]  # person key -> API token
    synced: list[int] = field(default_factory=list)

    def headers(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"}

    def record_id(self, model: type[Base], external_id: str) -> int:
        with self.runtime.sessions() as session:
            return int(
                session.scalars(
                    select(model.id).where(model.external_id == external_id)  # type: ignore[attr-defined]
                ).one()
            )


def seed_org(runtime: Runtime) -> Org:
    # Dates are days from 15 January 2026, inside the cycle the API tests' server works in.
    with build(runtime, today=D(2026, 1, 15), domain="example.com") as b:
        b.team("eng", "Engineering").team("sales", "Sales")
        b.person("ada", "Ada Admin", roles=["employee", "admin"])
        b.person("hana", "Hana HR", manager="ada", roles=["employee", "hr"])
        b.person("omar", "Omar Sales", team="sales", manager="ada")
        b.person("pat", "Pat Sales", team="sales", manager="omar")
        for key in ("maya", "dana", "eli", "fay", "gus", "ivy"):
            boss = "ada" if key == "maya" else "maya"
            b.person(key, f"{key.title()} Eng", team="eng", manager=boss)
        # fmt: off
        b.value("own", "Ownership").value("craft", "Craft")
        b.cycle("q1", "2026-Q1", D(2026, 1, 1), D(2026, 3, 31))
        b.goal("g-dana", "Ship the billing migration", owner="dana", cycle="q1",
               status="at_risk", progress=40)
        b.goal("g-dana-priv", "Prepare for the staff promotion", owner="dana",
               visibility="private")
        b.goal("g-omar-priv", "Close the Acme renewal", owner="omar", visibility="private")
        b.key_result("kr-1", "g-dana", "Accounts migrated", unit="%", current=40)
        b.update("u-1", "g-dana", "Blocked on the ledger API", author="dana", on=-5,
                 progress=40, status="at_risk")
        b.feedback("f-shared", "Great incident write-up.", giver="eli", receiver="dana",
                   on=-10, values=["own"])
        b.feedback("f-mgr", "Reviews arrive late.", giver="eli", receiver="dana", on=-9,
                   kind="constructive", visibility="manager_only")
        b.feedback("f-priv", "Note to self about Dana.", giver="eli", receiver="dana", on=-8,
                   kind="suggestion", visibility="private")
        b.feedback("f-omar", "Strong quarter close.", giver="ada", receiver="omar", on=-7)
        b.checkin("c-1", employee="dana", manager="maya", on=-3, mood=3,
                  shared="Talked about the migration.", private="Dana seems stretched.")
        b.action("a-1", "c-1", "Write the rollback plan", owner="dana", due=5)
        # fmt: on
    people = b.org.people
    with transaction(runtime.sessions) as session:
        tokens = {key: auth.create_token(session, b.org.email(key), "test")[1] for key in people}
    return Org(runtime, people, tokens)
