"""schemathesis over the app's own OpenAPI schema, in process: every operation, with a token of
each role (employee, manager, HR, admin), never answers 5xx.

Requests are generated from the schema (valid and, where schemathesis mutates them, invalid
inputs); the organisation is api_org.py's. Erasure runs as a dry run: a random id erasing the
people whose tokens the test uses would end the test's own access, not find a bug.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.app import create_app
from api.deps import get_index_sync
from api.limits import MemoryRateLimiter
from assistant.runtime import Runtime
from assistant.settings import Settings
from tests.orgs.api_org import Org, seed_org

# Who asks, by role: Dana (employee), Maya (manager of five), Hana (HR), Ada (admin).
ROLES = {"employee": "dana", "manager": "maya", "hr": "hana", "admin": "ada"}
EXAMPLES_PER_OPERATION = 12


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, Org]]:
    tmp: Path = tmp_path_factory.mktemp("schema")
    runtime = Runtime(
        Settings(
            data_dir=tmp / "data",
            database_url=f"sqlite:///{tmp / 'cadence.db'}",
            environment="test",
            today=dt.date(2026, 2, 16),
        )
    )
    org = seed_org(runtime)
    application = create_app(
        runtime,
        rate_limiter=MemoryRateLimiter(1_000_000),
        auth_limiter=MemoryRateLimiter(1_000_000),
    )
    application.dependency_overrides[get_index_sync] = lambda: lambda: None
    yield application, org
    runtime.close()


def _fuzz(operation: Any, headers: dict[str, str], failures: list[str]) -> Any:
    """A hypothesis test of one operation: requests drawn from its schema, failures noted."""

    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        case = data.draw(operation.as_strategy())
        # Random ids almost never name a real record; half the time, aim at the org's own rows
        # so reads, edits and drafts get past the lookup.
        if data.draw(st.booleans(), label="real ids"):
            real = st.integers(1, 15)
            for key in case.path_parameters or {}:
                case.path_parameters[key] = data.draw(real)
            if isinstance(case.body, dict):
                for key, value in case.body.items():
                    if key.endswith("_id") and isinstance(value, int):
                        case.body[key] = data.draw(real)
        if case.method.upper() == "DELETE":
            case.query = {**(case.query or {}), "dry_run": "true"}
        response = case.call(headers=headers)
        if response.status_code >= 500:
            failures.append(
                f"{case.method} {case.formatted_path} query={case.query} "
                f"body={str(case.body)[:300]!r} -> {response.status_code}"
            )

    return run


@pytest.mark.parametrize("role", list(ROLES))
# schemathesis's strategies touch the global `random` module; hypothesis warns about it, and
# the warning (an error under our filterwarnings) fired on some draws and not on their replay,
# so hypothesis reported the whole test as flaky. It is the library's, not a server error.
@pytest.mark.filterwarnings(
    "ignore:Do not use the `random` module inside strategies"
    ":hypothesis.errors.HypothesisDeprecationWarning"
)
def test_no_operation_answers_a_server_error(app: tuple[Any, Org], role: str) -> None:
    application, org = app
    schema = schemathesis.openapi.from_asgi(
        "/openapi.json", application, headers={"Host": "localhost"}
    )
    headers = {**org.headers(ROLES[role]), "Host": "localhost"}
    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        operations += 1
        _fuzz(result.ok(), headers, failures)()
    assert operations >= 20  # the whole schema was loaded, not an empty one
    assert not failures, "\n".join(failures)
