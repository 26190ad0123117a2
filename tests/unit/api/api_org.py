"""A small organisation and tokens for its people, for the API tests (imported by conftest).

Engineering: Maya manages Dana, Eli, Fay, Gus and Ivy (six people: above the anonymity threshold).
Sales: Omar and Pat (two people: below it). Ada (admin) runs the company; Hana is HR.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select

from assistant import auth
from assistant.bundle import Bundle
from assistant.db import transaction
from assistant.importer import import_bundle
from assistant.models import Base, Person
from assistant.runtime import Runtime

D = dt.date(2026, 1, 15)


def org_bundle() -> Bundle:
    eng = ["maya", "dana", "eli", "fay", "gus", "ivy"]
    people = [
        {
            "id": "ada",
            "name": "Ada Admin",
            "email": "ada@example.com",
            "roles": ["employee", "admin"],
        },
        {
            "id": "hana",
            "name": "Hana HR",
            "email": "hana@example.com",
            "manager": "ada",
            "roles": ["employee", "hr"],
        },
        {
            "id": "omar",
            "name": "Omar Sales",
            "email": "omar@example.com",
            "team": "sales",
            "manager": "ada",
        },
        {
            "id": "pat",
            "name": "Pat Sales",
            "email": "pat@example.com",
            "team": "sales",
            "manager": "omar",
        },
    ]
    for name in eng:
        people.append(
            {
                "id": name,
                "name": f"{name.title()} Eng",
                "email": f"{name}@example.com",
                "team": "eng",
                "manager": "ada" if name == "maya" else "maya",
            }
        )
    return Bundle.model_validate(
        {
            "teams": [{"id": "eng", "name": "Engineering"}, {"id": "sales", "name": "Sales"}],
            "people": people,
            "values": [{"id": "own", "name": "Ownership"}, {"id": "craft", "name": "Craft"}],
            "cycles": [
                {
                    "id": "q1",
                    "name": "2026-Q1",
                    "start_date": "2026-01-01",
                    "end_date": "2026-03-31",
                }
            ],
            "goals": [
                {
                    "id": "g-dana",
                    "title": "Ship the billing migration",
                    "level": "individual",
                    "owner_person": "dana",
                    "cycle": "q1",
                    "status": "at_risk",
                    "progress": 40,
                },
                {
                    "id": "g-dana-priv",
                    "title": "Prepare for the staff promotion",
                    "level": "individual",
                    "owner_person": "dana",
                    "visibility": "private",
                },
                {
                    "id": "g-omar-priv",
                    "title": "Close the Acme renewal",
                    "level": "individual",
                    "owner_person": "omar",
                    "visibility": "private",
                },
            ],
            "key_results": [
                {
                    "id": "kr-1",
                    "goal": "g-dana",
                    "title": "Accounts migrated",
                    "unit": "%",
                    "target_value": 100,
                    "current_value": 40,
                }
            ],
            "goal_updates": [
                {
                    "id": "u-1",
                    "goal": "g-dana",
                    "author": "dana",
                    "date": "2026-01-10",
                    "progress": 40,
                    "status": "at_risk",
                    "note": "Blocked on the ledger API",
                }
            ],
            "feedback": [
                {
                    "id": "f-shared",
                    "giver": "eli",
                    "receiver": "dana",
                    "date": "2026-01-05",
                    "kind": "praise",
                    "visibility": "shared",
                    "text": "Great incident write-up.",
                    "values": ["own"],
                },
                {
                    "id": "f-mgr",
                    "giver": "eli",
                    "receiver": "dana",
                    "date": "2026-01-06",
                    "kind": "constructive",
                    "visibility": "manager_only",
                    "text": "Reviews arrive late.",
                },
                {
                    "id": "f-priv",
                    "giver": "eli",
                    "receiver": "dana",
                    "date": "2026-01-07",
                    "kind": "suggestion",
                    "visibility": "private",
                    "text": "Note to self about Dana.",
                },
                {
                    "id": "f-omar",
                    "giver": "ada",
                    "receiver": "omar",
                    "date": "2026-01-08",
                    "kind": "praise",
                    "visibility": "shared",
                    "text": "Strong quarter close.",
                },
            ],
            "checkins": [
                {
                    "id": "c-1",
                    "employee": "dana",
                    "manager": "maya",
                    "date": "2026-01-12",
                    "shared_notes": "Talked about the migration.",
                    "private_notes": "Dana seems stretched.",
                    "mood": 3,
                }
            ],
            "action_items": [
                {
                    "id": "a-1",
                    "checkin": "c-1",
                    "owner": "dana",
                    "text": "Write the rollback plan",
                    "due_date": "2026-01-20",
                }
            ],
        }
    )


@dataclass
class Org:
    runtime: Runtime
    ids: dict[str, int]
    tokens: dict[str, str]
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
    import_bundle(runtime.sessions, org_bundle(), migration=True)
    tokens: dict[str, str] = {}
    with transaction(runtime.sessions) as session:
        ids = {p.external_id: p.id for p in session.scalars(select(Person))}
        for ext in ids:
            tokens[ext] = auth.create_token(session, f"{ext}@example.com", "test")[1]
    return Org(runtime, ids, tokens)
