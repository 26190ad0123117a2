"""Small bundles for the import/export and data CLI tests, built here rather than by the demo."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from assistant.bundle import Bundle


def sample_bundle_dict(extra_people: int = 0) -> dict[str, Any]:
    """A tiny organisation touching every section, field kind and reference kind.

    ``extra_people`` adds that many engineers, each with a goal, an update, feedback and a 1:1.
    """
    doc: dict[str, Any] = {
        "format_version": 1,
        "teams": [
            {"id": "t-co", "name": "Acme"},
            {"id": "t-eng", "name": "Engineering", "parent": "t-co"},
            {"id": "t-sales", "name": "Sales", "parent": "t-co"},
        ],
        "people": [
            {"id": "p-ceo", "name": "Ada Chief", "email": "ada@acme.test", "team": "t-co",
             "title": "CEO", "roles": ["employee", "admin"]},
            {"id": "p-mgr", "name": "Sam Lead", "email": "sam@acme.test", "team": "t-eng",
             "manager": "p-ceo", "title": "Engineering Manager", "pronouns": "they/them"},
            # Referring to a manager by email works as well as by id.
            {"id": "p-dana", "name": "Dana Diaz", "email": "dana@acme.test", "team": "t-eng",
             "manager": "sam@acme.test", "title": "Engineer"},
            {"id": "p-hr", "name": "Hana Ruiz", "email": "hana@acme.test", "team": "t-co",
             "manager": "p-ceo", "roles": ["employee", "hr"], "active": False},
        ],
        "values": [
            {"id": "v-own", "name": "Ownership", "description": "We finish what we start."},
            {"id": "v-kind", "name": "Candour with care"},
        ],
        "cycles": [
            {"id": "c-q1", "name": "2026-Q1", "start_date": "2026-01-01", "end_date": "2026-03-31"},
            {"id": "c-q2", "name": "2026-Q2", "start_date": "2026-04-01", "end_date": "2026-06-30"},
        ],
        "goals": [
            {"id": "g-co", "title": "Grow revenue 20%", "level": "company", "owner_team": "t-co",
             "cycle": "c-q1", "status": "on_track", "progress": 40, "values": ["v-own"]},
            {"id": "g-eng", "title": "Ship billing v2", "level": "team", "owner_team": "t-eng",
             "parent": "g-co", "cycle": "c-q1", "due_date": "2026-03-15"},
            {"id": "g-dana", "title": "Migrate invoices", "level": "individual",
             "owner_person": "dana@acme.test", "parent": "g-eng", "cycle": "c-q1",
             "status": "at_risk", "progress": 55, "visibility": "private",
             "created_on": "2026-01-05", "values": ["v-own", "v-kind"],
             "description": "Move every invoice to the new ledger.\nNo downtime."},
        ],
        "key_results": [
            {"id": "kr-1", "goal": "g-dana", "title": "Invoices migrated", "unit": "%",
             "target_value": 100, "current_value": 55.5},
        ],
        "goal_updates": [
            {"id": "u-1", "goal": "g-dana", "author": "p-dana", "date": "2026-02-01",
             "progress": 55, "status": "at_risk", "confidence": 3, "note": "Blocked on the API."},
        ],
        "feedback": [
            {"id": "f-1", "giver": "p-mgr", "receiver": "p-dana", "date": "2026-02-03",
             "kind": "praise", "text": "Great migration plan, clear and careful.",
             "values": ["v-own"], "goal": "g-dana"},
            {"id": "f-2", "giver": "p-ceo", "receiver": "p-dana", "date": "2026-02-10",
             "kind": "constructive", "visibility": "manager_only",
             "text": "Status updates arrive late; \"say it early\" would help.",
             "requested_by": "sam@acme.test"},
            {"id": "f-3", "giver": "p-mgr", "receiver": "p-dana", "date": "2026-02-11",
             "kind": "suggestion", "visibility": "private", "text": "Ask about the on-call load."},
        ],
        "checkins": [
            {"id": "ci-1", "employee": "p-dana", "manager": "p-mgr", "date": "2026-02-12",
             "shared_notes": "Talked about the migration.", "private_notes": "Seems tired.",
             "mood": 3},
        ],
        "action_items": [
            {"id": "a-1", "checkin": "ci-1", "owner": "p-dana", "text": "Write the rollback plan",
             "due_date": "2026-02-20"},
            {"id": "a-2", "checkin": "ci-1", "owner": "p-mgr", "text": "Unblock the API access",
             "status": "done", "completed_on": "2026-02-14"},
        ],
    }  # fmt: skip
    for i in range(extra_people):
        doc["people"].append(
            {"id": f"p-x{i}", "name": f"Extra Person {i}", "email": f"x{i}@acme.test",
             "team": "t-eng", "manager": "p-mgr"}
        )  # fmt: skip
        doc["goals"].append(
            {"id": f"g-x{i}", "title": f"Goal {i}", "level": "individual",
             "owner_person": f"p-x{i}", "parent": "g-eng", "values": ["v-kind"]}
        )  # fmt: skip
        doc["goal_updates"].append(
            {"id": f"u-x{i}", "goal": f"g-x{i}", "author": f"p-x{i}", "date": "2026-02-02",
             "progress": i % 101, "status": "on_track"}
        )  # fmt: skip
        doc["feedback"].append(
            {"id": f"f-x{i}", "giver": "p-mgr", "receiver": f"p-x{i}", "date": "2026-02-04",
             "kind": "praise", "text": f"Thanks for the help with ticket {i}.", "values": ["v-own"]}
        )  # fmt: skip
        doc["checkins"].append(
            {"id": f"ci-x{i}", "employee": f"p-x{i}", "manager": "p-mgr", "date": "2026-02-05"}
        )  # fmt: skip
        doc["action_items"].append(
            {"id": f"a-x{i}", "checkin": f"ci-x{i}", "owner": f"p-x{i}", "text": f"Follow up {i}"}
        )  # fmt: skip
    return doc


@pytest.fixture
def make_bundle() -> Callable[..., Bundle]:
    """``make_bundle(extra_people=0, **section_overrides)`` -> a valid :class:`Bundle`."""

    def build(extra_people: int = 0, **overrides: Any) -> Bundle:
        doc = sample_bundle_dict(extra_people)
        doc.update(overrides)
        return Bundle.model_validate(doc)

    return build


@pytest.fixture
def sample_doc() -> dict[str, Any]:
    return sample_bundle_dict()
