"""The cheap draft key: a repeat is served without gathering anything, and every change a draft is
made from — a write, a reorg, a visibility change, an erasure, a new day — makes it miss
(assistant/tasks/draft_key.py, assistant/data_version.py). The prompt and drafter changes are in
test_fingerprint.py, through the same pipeline."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from assistant import data_version
from assistant.access import load_caller
from assistant.db import transaction
from assistant.erasure import erase_person
from assistant.errors import NotFound
from assistant.llm import OfflineModel
from assistant.models import AuditEvent, DataVersion, Draft, Feedback, FeedbackKind, Person
from assistant.runtime import Runtime
from assistant.tasks import pipeline
from assistant.tasks.draft_key import DraftRequest, fast_key
from assistant.tasks.registry import task_named
from assistant.tasks.result import TaskResult
from assistant.tasks.targets import PersonTarget, Target
from assistant.write_policy import CLI_OPERATOR
from assistant.writes import edit_feedback, give_feedback
from tests.builder import Org
from tests.orgs.tasks_org import TODAY, build_tasks_org


@pytest.fixture
def org(runtime: Runtime) -> Org:
    org = build_tasks_org(runtime)
    with transaction(runtime.sessions) as session:  # a director above Maya: sees Dana too
        director = Person(external_id="p-dir", name="Dee Park", email="dee@acme.test")
        session.add(director)
        session.flush()
        session.get_one(Person, org.people["maya"]).manager_id = director.id
        org.people["dee"] = director.id
    return org


@pytest.fixture
def gathered(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The requests that went past the cheap lookup (and gathered their context)."""
    seen: list[str] = []
    real = pipeline.prepare

    def counting(*args: object, **kwargs: object) -> object:
        seen.append(str(args[1]))
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "prepare", counting)
    yield seen


def _agenda(runtime: Runtime, org: Org, who: str = "maya", today: dt.date = TODAY) -> TaskResult:
    return pipeline.generate(
        runtime, "agenda", org.email(who), subject=org.email("dana"), today=today,
        model=OfflineModel(),
    )  # fmt: skip


def _about_dana() -> Target:
    return task_named("agenda").request(subject="dana@acme.test")


def _key(runtime: Runtime, org: Org, who: str = "maya") -> str:
    """The cheap key of ``who``'s agenda about Dana, as of now."""
    with runtime.sessions() as session:
        caller = load_caller(session, org.email(who))
        request = DraftRequest(task_named("agenda"), caller, _about_dana(), None, None, TODAY)
        return fast_key(session, request, OfflineModel(), runtime.settings)


def _version(runtime: Runtime) -> int:
    with runtime.sessions() as session:
        return data_version.read(session)


def test_a_repeat_is_served_without_gathering(
    runtime: Runtime, org: Org, gathered: list[str]
) -> None:
    first = _agenda(runtime, org)
    assert not first.cached and len(gathered) == 1
    again = _agenda(runtime, org)
    assert again.cached and again.draft_id == first.draft_id and again.output == first.output
    assert len(gathered) == 1  # no context was read for it
    with runtime.sessions() as session:
        hits = session.scalars(select(AuditEvent).where(AuditEvent.action == "draft.cache_hit"))
        assert [e.draft_id for e in hits] == [first.draft_id]


def test_a_repeat_reads_the_data_version_once(
    runtime: Runtime, org: Org, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The caller's org chart and the cheap key are both as of the data version: one read serves
    # both (each read sums every slot of the counter).
    first = _agenda(runtime, org)
    reads: list[int] = []
    real = data_version.read

    def counting(session: Session) -> int:
        reads.append(real(session))
        return reads[-1]

    monkeypatch.setattr(data_version, "read", counting)
    again = _agenda(runtime, org)
    assert again.cached and again.draft_id == first.draft_id
    assert len(reads) == 1


def test_a_write_elsewhere_misses_the_cheap_key_and_finds_the_draft_by_content(
    runtime: Runtime, org: Org, gathered: list[str]
) -> None:
    first = _agenda(runtime, org)
    with transaction(runtime.sessions) as session:
        give_feedback(
            session, CLI_OPERATOR, giver_id=org.people["luis"], receiver_id=org.people["ari"],
            kind=FeedbackKind.PRAISE, text="Great demo.", today=TODAY, external_id="fb-x",
        )  # fmt: skip
    again = _agenda(runtime, org)
    assert len(gathered) == 2  # the data version moved: gathered again …
    assert again.cached and again.draft_id == first.draft_id  # … and Dana's context is the same
    assert _agenda(runtime, org).cached and len(gathered) == 2  # the cheap key finds it now


def test_a_write_to_the_context_makes_a_new_draft(runtime: Runtime, org: Org) -> None:
    first = _agenda(runtime, org)
    with transaction(runtime.sessions) as session:
        give_feedback(
            session, CLI_OPERATOR, giver_id=org.people["luis"], receiver_id=org.people["dana"],
            kind=FeedbackKind.CONSTRUCTIVE, text="The status update slipped again.",
            today=TODAY, external_id="fb-y",
        )  # fmt: skip
    again = _agenda(runtime, org)
    assert not again.cached and again.draft_id != first.draft_id


def test_a_reorg_is_never_served_the_old_draft(runtime: Runtime, org: Org) -> None:
    _agenda(runtime, org)
    before = _key(runtime, org, "dee")
    with transaction(runtime.sessions) as session:  # Dana moves to Hana: Maya no longer sees her
        session.get_one(Person, org.people["dana"]).manager_id = org.people["hana"]
    with pytest.raises(NotFound):
        _agenda(runtime, org)
    assert _key(runtime, org, "dee") != before  # and every key over the moved line moved


def test_a_visibility_change_is_not_served_the_old_draft(runtime: Runtime, org: Org) -> None:
    first = pipeline.generate(
        runtime, "summary", org.email("maya"), subject=org.email("dana"), today=TODAY
    )
    note = org.doc["manager_only"]
    assert f"'{note}'" in str(first.output)  # Maya's summary cites the manager-only note …
    with transaction(runtime.sessions) as session:
        zara = load_caller(session, org.email("zara"))
        edit_feedback(session, zara, org.ids["manager_only"], {"visibility": "private"})
    again = pipeline.generate(
        runtime, "summary", org.email("maya"), subject=org.email("dana"), today=TODAY
    )
    assert not again.cached and f"'{note}'" not in str(again.output)  # … until it is private


def test_an_erasure_is_not_served_the_old_draft(runtime: Runtime, org: Org) -> None:
    first = _agenda(runtime, org)
    assert "Marco" in str(first.output)  # Marco's praise of Dana is on the agenda
    before = _key(runtime, org)
    erase_person(runtime, org.email("marco"))  # his feedback stays, no longer his
    assert _key(runtime, org) != before
    again = _agenda(runtime, org)
    assert not again.cached and "Marco" not in str(again.output)


def test_a_deleted_record_is_not_served_the_old_draft(runtime: Runtime, org: Org) -> None:
    first = _agenda(runtime, org)
    gone = org.doc["t4"]
    assert f"'{gone}'" in str(first.output)
    before = _key(runtime, org)
    with transaction(runtime.sessions) as session:
        session.delete(session.get_one(Feedback, org.ids["t4"]))
    assert _key(runtime, org) != before
    again = _agenda(runtime, org)
    assert not again.cached and f"'{gone}'" not in str(again.output)


def test_a_new_day_is_a_new_draft(runtime: Runtime, org: Org) -> None:
    first = _agenda(runtime, org)
    assert _agenda(runtime, org).cached
    later = _agenda(runtime, org, today=TODAY + dt.timedelta(days=1))
    assert not later.cached and later.draft_id != first.draft_id


def test_two_requesters_never_share_a_draft(runtime: Runtime, org: Org) -> None:
    mine = _agenda(runtime, org, "maya")
    theirs = _agenda(runtime, org, "dee")
    assert not theirs.cached and theirs.draft_id != mine.draft_id
    # Even a stored draft that some bug filed under Dee's key is not shown to Dee: every hit is
    # re-checked against who may read it.
    key = _key(runtime, org, "dee")
    with runtime.sessions() as session:
        session.execute(update(Draft).where(Draft.id == theirs.draft_id).values(fast_key=None))
        session.execute(update(Draft).where(Draft.id == mine.draft_id).values(fast_key=key))
        session.commit()
    served = _agenda(runtime, org, "dee")
    assert served.draft_id != mine.draft_id


def test_reads_and_drafts_do_not_move_the_version_and_writes_do(runtime: Runtime, org: Org) -> None:
    before = _version(runtime)
    _agenda(runtime, org)
    _agenda(runtime, org)  # a draft stored, a hit audited: bookkeeping only
    assert _version(runtime) == before
    with runtime.sessions() as session:  # a bulk statement counts as much as an ORM flush
        session.execute(update(Feedback).where(Feedback.id == -1).values(text="x"))
        session.commit()
    assert _version(runtime) == before + 1
    with runtime.sessions() as session:  # a write rolled back moves nothing
        session.get_one(Person, org.people["ari"]).title = "Lead"
        session.flush()
        session.rollback()
        session.execute(select(Person.id)).all()
        session.commit()
    assert _version(runtime) == before + 1


def test_the_counter_has_every_slot(runtime: Runtime) -> None:
    with runtime.sessions() as session:
        slots = session.scalars(select(DataVersion.slot).order_by(DataVersion.slot)).all()
        assert list(slots) == list(range(data_version.SLOTS))
        assert session.scalar(select(func.count()).select_from(DataVersion)) == data_version.SLOTS


def test_a_new_request_field_is_in_the_key(runtime: Runtime, org: Org) -> None:
    """The key hashes the typed request whole: a field another change adds flows in."""

    @dataclasses.dataclass(frozen=True)
    class Focused(PersonTarget):
        focus: str = ""

    with runtime.sessions() as session:
        maya = load_caller(session, org.email("maya"))
        keys = {
            fast_key(
                session,
                DraftRequest(task_named("agenda"), maya, target, None, None, TODAY),
                OfflineModel(),
                runtime.settings,
            )
            for target in (
                Focused(subject="dana@acme.test", focus="hiring"),
                Focused(subject="dana@acme.test", focus="delivery"),
            )
        }
    assert len(keys) == 2


def test_the_period_asked_for_is_in_the_key(runtime: Runtime, org: Org) -> None:
    with runtime.sessions() as session:
        maya = load_caller(session, org.email("maya"))
        agenda = task_named("agenda")
        periods = [(None, None), (dt.date(2026, 9, 1), None), (dt.date(2026, 9, 2), None)]
        periods.append((dt.date(2026, 9, 1), dt.date(2026, 11, 1)))
        keys = {
            fast_key(
                session,
                DraftRequest(agenda, maya, _about_dana(), since, until, TODAY),
                OfflineModel(),
                runtime.settings,
            )
            for since, until in periods
        }
    assert len(keys) == len(periods)
