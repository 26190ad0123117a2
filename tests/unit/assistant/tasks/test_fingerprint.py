"""The draft cache keys on content: an edited prompt, lexicon or drafter is never served an old
draft, and an unchanged request is (assistant/tasks/fingerprint.py)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess
import sys
from collections.abc import Callable

import pytest

import prompts
from assistant.analysis import cues
from assistant.kinds import FeedbackKind
from assistant.offline import lexicon
from assistant.runtime import Runtime
from assistant.tasks import fingerprint
from assistant.tasks.pipeline import generate
from tests.orgs.tasks_org import TODAY, build_tasks_org

Run = Callable[[], bool]


@pytest.fixture
def run(runtime: Runtime) -> Run:
    """Drafts Maya's summary of Dana; says whether the cache answered. Called once already."""
    org = build_tasks_org(runtime)

    def again() -> bool:
        result = generate(
            runtime, "summary", org.email("maya"), subject=org.email("dana"), today=TODAY
        )
        return result.cached

    assert again() is False
    return again


def test_an_unchanged_request_is_served_from_the_cache(run: Run) -> None:
    assert run() is True
    assert run() is True


def test_an_edited_template_is_not_served_old_drafts(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run() is True
    original = prompts.load

    def edited(name: str) -> prompts.Prompt:
        prompt = original(name)
        if name != "summary":
            return prompt
        return prompt.model_copy(update={"body": prompt.body + "\nKeep it short.\n"})

    # The same front matter, version included: only the text changed.
    monkeypatch.setattr(prompts, "load", edited)
    assert run() is False
    assert run() is True  # and the edited template's drafts are cached in turn
    monkeypatch.undo()
    assert run() is True  # the original template's draft is still there


def test_an_edited_lexicon_entry_is_not_served_old_drafts(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run() is True
    general = lexicon.BY_KEY["general"]
    # The lexicons are hashed once per process: an edit in memory says so.
    monkeypatch.setitem(
        lexicon.BY_KEY, "general", dataclasses.replace(general, growth="agreeing on priorities")
    )
    fingerprint.lexicon_hash.cache_clear()
    assert run() is False
    monkeypatch.undo()
    fingerprint.lexicon_hash.cache_clear()
    assert run() is True
    monkeypatch.setattr(cues, "ASKS", [*cues.ASKS, *cues._cues("ask", -1.0, r"could you")])
    fingerprint.lexicon_hash.cache_clear()
    assert run() is False
    monkeypatch.undo()
    fingerprint.lexicon_hash.cache_clear()


def test_the_lexicon_hash_is_computed_once_per_process() -> None:
    fingerprint.lexicon_hash.cache_clear()
    first = fingerprint.lexicon_hash()
    assert fingerprint.lexicon_hash() is first
    assert fingerprint.lexicon_hash.cache_info().misses == 1


def test_changed_drafter_code_is_not_served_old_drafts(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run() is True
    monkeypatch.setattr(fingerprint, "code_hash", lambda: "another drafter")
    assert run() is False


def test_the_code_hash_is_the_same_in_every_process() -> None:
    """A cache that only hits within one process would never hit for the CLI."""
    code = "from assistant.tasks import fingerprint as f; print(f.drafter_hash())"
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout
        for _ in range(2)
    }
    assert len(outputs) == 1 and fingerprint.drafter_hash() + "\n" in outputs


def test_stable_text_holds_no_memory_addresses() -> None:
    assert "0x" not in fingerprint.stable(vars(cues))
    assert fingerprint.stable({"a": [1, 2.5, None]}) == "{'a':[1,2.5,None]}"


def test_stable_text_tells_dates_and_enum_members_apart() -> None:
    """A request's period and day are dates: the key must not see only their type."""
    days = {fingerprint.stable(dt.date(2026, 1, d)) for d in (1, 2)}
    assert len(days) == 2 and fingerprint.stable(dt.datetime(2026, 1, 1)) not in days
    assert fingerprint.stable(FeedbackKind.PRAISE) != fingerprint.stable(FeedbackKind.CONSTRUCTIVE)


def test_the_heads_weights_and_text_are_part_of_the_drafter() -> None:
    """Retrained weights change how claims are filed and read: kept readings (keyed on the
    analyser version) and cached drafts must not outlive them."""
    from assistant.analysis import polarity_head, theme_head

    hashed = {p.name for p in fingerprint._sources(theme_head.head_path().parent)}
    assert {theme_head.HEAD_FILE, theme_head.TRAINING_FILE} <= hashed
    assert {polarity_head.HEAD_FILE, polarity_head.TRAINING_FILE} <= hashed
