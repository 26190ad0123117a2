"""One person lookup by email: stored lower-case, found whatever case is typed, by the index, and
used by every place that names a person by email."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, text
from sqlalchemy.orm import Session

from assistant import auth
from assistant.access import load_caller
from assistant.bundle import Bundle
from assistant.cli.records import _person as cli_person
from assistant.erasure import plan_erasure
from assistant.import_audit import admin_operator
from assistant.importer import import_bundle
from assistant.models import Person
from assistant.people import person_by_email, person_id_by_email
from assistant.runtime import Runtime
from assistant.settings import Settings
from assistant.tasks.context import resolve_person

TYPED = "  KIM.Lee@Example.COM "


def _seed(runtime: Runtime) -> int:
    bundle = Bundle.model_validate(
        {
            "people": [
                {
                    "id": "kim",
                    "name": "Kim Lee",
                    "email": "Kim.Lee@Example.com",
                    "roles": ["employee", "admin"],
                }
            ]
        }
    )
    import_bundle(runtime.sessions, bundle, migration=True)
    with runtime.sessions() as session:
        person = session.query(Person).one()
        assert person.email == "kim.lee@example.com"  # stored as the lookup expects it
        return person.id


@pytest.fixture
def kim(runtime: Runtime) -> int:
    return _seed(runtime)


# Every place that turns an email someone typed into a person, and how to read its answer's id.
ENTRY_POINTS: dict[str, Callable[[Session, str], Any]] = {
    "person_by_email": lambda s, e: person_by_email(s, e).id,  # type: ignore[union-attr]
    "person_id_by_email": person_id_by_email,
    "access.load_caller": lambda s, e: load_caller(s, e).id,
    "tasks.context.resolve_person": resolve_person,
    "auth.create_token": lambda s, e: auth.create_token(s, e)[0].person_id,
    "import_audit.admin_operator": lambda s, e: admin_operator(s, e).person_id,
    "erasure.plan_erasure": lambda s, e: plan_erasure(s, e).person_id,
    "cli.records": lambda s, e: cli_person(s, e).id,
}


@pytest.mark.parametrize("where", ENTRY_POINTS)
def test_a_mixed_case_email_resolves_everywhere(runtime: Runtime, kim: int, where: str) -> None:
    with runtime.sessions() as session:
        assert ENTRY_POINTS[where](session, TYPED) == kim


def test_an_unknown_email_is_none(runtime: Runtime, kim: int) -> None:
    with runtime.sessions() as session:
        assert person_by_email(session, "kim.lee@example.org") is None
        assert person_id_by_email(session, "") is None


def test_the_lookup_uses_the_email_index(tmp_path: Path) -> None:
    # SQLite's EXPLAIN QUERY PLAN names the index; PostgreSQL would plan a one-row table as a scan.
    runtime = Runtime(Settings(data_dir=tmp_path / "data", environment="test"))
    _seed(runtime)
    seen: list[tuple[str, Any]] = []

    def capture(_conn: Any, _cursor: Any, statement: str, params: Any, *_: Any) -> None:
        seen.append((statement, params))

    event.listen(runtime.engine, "before_cursor_execute", capture)
    with runtime.sessions() as session:
        person_id_by_email(session, TYPED)
    event.remove(runtime.engine, "before_cursor_execute", capture)
    (statement, params) = seen[-1]
    with runtime.engine.connect() as conn:
        plan = " ".join(
            str(row[-1]) for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", params)
        )
    assert "USING INDEX" in plan or "USING COVERING INDEX" in plan, plan
    with runtime.engine.connect() as conn:  # what a lower(email) comparison would have cost
        slow = conn.execute(
            text("EXPLAIN QUERY PLAN SELECT id FROM people WHERE lower(email) = :e"), {"e": "x"}
        )
        assert "SCAN" in " ".join(str(row[-1]) for row in slow)
    runtime.close()


def test_no_other_module_compares_emails_itself() -> None:
    root = Path(__file__).resolve().parents[3]
    own = re.compile(r"Person\.email\s*==|lower\(\s*Person\.email")
    found = [
        f"{path.relative_to(root)}:{n}"
        for package in ("assistant", "api", "evals", "retrieval")
        for path in sorted((root / package).rglob("*.py"))
        if path.name != "people.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if own.search(line)
    ]
    assert found == []
