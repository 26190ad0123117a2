"""The org chart held in memory for load_caller (assistant/org_chart.py), on SQLite and
PostgreSQL: warm, it is not read again; a reorg or a deactivation is seen by the very next
request all the same; it stays one graph per engine and a bounded number of places."""

from __future__ import annotations

import gc
import threading
import weakref
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from assistant import org_chart
from assistant.access import load_caller
from assistant.db import transaction
from assistant.errors import NotFound
from assistant.models import Person
from assistant.runtime import Runtime
from assistant.settings import Settings
from tests.orgs.access_org import Org, build_org, move
from tests.sql_watch import statements_seen_by


@pytest.fixture
def org(runtime: Runtime) -> Org:
    return build_org(runtime)


@contextmanager
def chart_reads(engine: Engine) -> Iterator[list[str]]:
    """The statements that read the whole org chart while the block runs."""
    seen: list[str] = []

    def watch(_conn: object, _cursor: object, statement: str, *_rest: object) -> None:
        flat = " ".join(statement.split()).lower()
        whole = "select people.id, people.manager_id, people.team_id, people.name from people"
        if flat.startswith(whole) and " where " not in flat:
            seen.append(flat)

    with statements_seen_by(engine, watch):
        yield seen


def test_a_warm_chart_is_not_read_again(runtime: Runtime, org: Org) -> None:
    with runtime.sessions() as s:
        load_caller(s, org.email("mgr"))  # warms the chart (or finds it warm from the build)
    with chart_reads(runtime.engine) as reads, runtime.sessions() as s:
        for who in ("mgr", "skip", "ceo", "r1"):
            load_caller(s, org.email(who))
    assert reads == []


def test_a_reorg_rescopes_the_next_request_with_the_chart_warm(runtime: Runtime, org: Org) -> None:
    r1 = org.people["r1"]
    with runtime.sessions() as s:
        mgr, omgr = load_caller(s, org.email("mgr")), load_caller(s, org.email("omgr"))
    assert r1 in mgr.direct_reports and r1 not in omgr.below
    move(runtime, org, "r1", "omgr")
    with chart_reads(runtime.engine) as reads, runtime.sessions() as s:
        mgr, omgr = load_caller(s, org.email("mgr")), load_caller(s, org.email("omgr"))
        ceo = load_caller(s, org.email("ceo"))
    assert r1 not in mgr.below and r1 in omgr.direct_reports
    assert org.teams["eng"] in omgr.team_ids  # r1's team comes with them
    assert r1 in ceo.below
    assert len(reads) == 1  # the move moved the version: read once, then warm again


def test_a_reorg_in_the_same_uncommitted_session_is_seen(runtime: Runtime, org: Org) -> None:
    with runtime.sessions() as s:
        load_caller(s, org.email("omgr"))  # warm
        s.get_one(Person, org.people["r1"]).manager_id = org.people["omgr"]
        s.flush()  # written, not committed: the version has not moved yet
        assert org.people["r1"] in load_caller(s, org.email("omgr")).direct_reports
        s.rollback()
    with runtime.sessions() as s:
        assert org.people["r1"] not in load_caller(s, org.email("omgr")).below


def test_a_deactivated_caller_is_refused_with_the_chart_warm(runtime: Runtime, org: Org) -> None:
    with runtime.sessions() as s:
        load_caller(s, org.email("r2"))
        load_caller(s, org.email("r1"))
    with transaction(runtime.sessions) as s:
        s.get_one(Person, org.people["r2"]).active = False
    with runtime.sessions() as s:
        with pytest.raises(NotFound):
            load_caller(s, org.email("r2"))
        with pytest.raises(NotFound):
            load_caller(s, org.people["r2"])
        assert org.people["r2"] in load_caller(s, org.email("mgr")).below
    # The caller's own row is read on every request, whatever the version says: even a write
    # that does not move it (a session outside the installed factory) refuses at once.
    with Session(runtime.engine) as s:
        s.get_one(Person, org.people["r1"]).active = False
        s.commit()
    with runtime.sessions() as s, pytest.raises(NotFound):
        load_caller(s, org.email("r1"))


def test_concurrent_cold_requests_read_the_chart_once(runtime: Runtime, org: Org) -> None:
    move(runtime, org, "r2", "skip")  # a new version: the chart is cold
    errors: list[BaseException] = []
    belows: list[frozenset[int]] = []
    start = threading.Barrier(8)

    def ask() -> None:
        try:
            start.wait()
            with runtime.sessions() as s:
                belows.append(load_caller(s, org.email("skip")).below)
        except BaseException as exc:  # reported below, not lost in the thread
            errors.append(exc)

    with chart_reads(runtime.engine) as reads:
        threads = [threading.Thread(target=ask) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert errors == []
    assert len(belows) == 8 and all(org.people["r2"] in b for b in belows)
    assert len(reads) == 1


def test_the_chart_is_bounded(runtime: Runtime, org: Org, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(org_chart, "PLACES_PER_GRAPH", 2)
    with runtime.sessions() as s:
        for who in ("ceo", "skip", "mgr", "r1", "r2", "omgr"):
            load_caller(s, org.email(who))
    chart = org_chart._slots[runtime.engine].chart
    assert chart is not None and chart.places_held() == 2
    versions = set()
    for boss in ("omgr", "mgr", "omgr"):  # three reorgs: three versions, still one graph
        move(runtime, org, "r1", boss)
        with runtime.sessions() as s:
            load_caller(s, org.email("omgr"))
        slot = org_chart._slots[runtime.engine]
        assert slot.chart is not None
        versions.add(slot.chart.version)
    assert len(versions) == 3


def test_a_disposed_engine_takes_its_chart_with_it(tmp_path: Path) -> None:
    rt = Runtime(Settings(data_dir=tmp_path, database_url=f"sqlite:///{tmp_path}/c.db"))
    org = build_org(rt)
    with rt.sessions() as s:
        load_caller(s, org.email("ceo"))
    engine = weakref.ref(rt.engine)
    assert org_chart._slots[rt.engine].chart is not None
    gc.collect()  # other tests' engines go first, so the count below is this engine's alone
    held = org_chart.charts_held()
    rt.close()
    del rt, s
    gc.collect()
    assert engine() is None
    assert org_chart.charts_held() == held - 1


def test_names_a_word_starts_are_whole_first_words_case_and_all() -> None:
    chart = org_chart.OrgChart(
        1,
        [(1, None, None), (2, 1, None), (3, 1, None), (4, 1, None), (5, 1, None)],
        ["Ravi Shah", "Ravi", "Ravindra Rao", "ravi Low", "Mary-Jane Ode"],
    )
    assert chart.names_starting({"Ravi"}) == {"Ravi Shah", "Ravi"}
    assert chart.names_starting({"Mary-Jane", "Mary", "Shah"}) == {"Mary-Jane Ode"}
    assert chart.names_starting(set()) == set()


def test_what_is_derived_from_the_names_is_built_once_per_graph() -> None:
    chart = org_chart.OrgChart(1, [(1, None, None), (2, 1, None)], ["Ann Lee", "Bo Kim"])
    built: list[list[str]] = []

    def initials(names: Iterable[str]) -> frozenset[str]:
        built.append(sorted(names))
        return frozenset(n[0] for n in built[-1])

    assert chart.derived("initials", initials) == {"A", "B"}
    assert chart.derived("initials", initials) == {"A", "B"}
    assert built == [["Ann Lee", "Bo Kim"]]
