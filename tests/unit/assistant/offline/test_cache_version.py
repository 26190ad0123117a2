"""The draft cache keys offline drafts on the drafter's version: changed rules, fresh drafts."""

from __future__ import annotations

import pytest

from assistant import offline
from assistant.runtime import Runtime
from assistant.tasks import generate
from tests.orgs.tasks_org import TODAY, build_tasks_org


def test_a_new_drafter_version_does_not_serve_old_drafts(
    runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    org = build_tasks_org(runtime)

    def run() -> bool:
        result = generate(
            runtime, "summary", org.email("maya"), subject=org.email("dana"), today=TODAY
        )
        return result.cached

    assert run() is False
    assert run() is True  # same rules, same context: the cache answers
    monkeypatch.setattr(offline, "DRAFTER_VERSION", offline.DRAFTER_VERSION + "-next")
    assert run() is False
