"""benchmarks/scale: its arguments, how a parent hands a configuration to its child, and the table
it prints. The measurements themselves are timings, run by hand (deploy/README.md's sizing
table), never here."""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path
from typing import Any

import pytest

from benchmarks.scale.__main__ import _argv, main, parser
from benchmarks.scale.measure import closest_subtree, spread
from benchmarks.scale.report import ROWS, mode_list, people_list, table


def test_sizes_and_modes_are_comma_separated_lists() -> None:
    args = parser().parse_args(["--people", "1000,2000", "--modes", "server", "--out", "f.json"])
    assert args.people == [1000, 2000]
    assert args.modes == ["server"]
    assert args.out == Path("f.json")
    defaults = parser().parse_args([])
    assert defaults.people == [1000, 2000] and defaults.modes == ["embedded", "server"]


@pytest.mark.parametrize("value", ["1000,lots", "", "1000,20"])
def test_bad_sizes_are_refused(value: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError):
        people_list(value)


def test_unknown_modes_are_refused_by_name(capsys: pytest.CaptureFixture[str]) -> None:
    assert mode_list(" embedded , server") == ["embedded", "server"]
    with pytest.raises(SystemExit):
        parser().parse_args(["--modes", "embedded,cluster"])
    assert "modes are embedded, server" in capsys.readouterr().err


def test_a_child_gets_its_configuration_and_every_option() -> None:
    args = parser().parse_args(
        ["--people", "2000", "--queries", "7", "--runs", "3", "--writes", "4",
         "--skip", "index,themes", "--pg-url", "postgresql+psycopg://u@h/x_db",
         "--workdir", "/tmp/w"]
    )  # fmt: skip
    argv = _argv(args, "server", 2000, Path("/tmp/r.json"))
    assert argv[1:3] == ["-m", "benchmarks.scale"]
    child = parser().parse_args(argv[3:])
    assert (child.one, child.result) == ("server:2000", Path("/tmp/r.json"))
    assert (child.queries, child.runs, child.writes) == (7, 3, 4)
    assert child.skip == ["index", "themes"] and child.pg_url == "postgresql+psycopg://u@h/x_db"
    assert child.workdir == Path("/tmp/w")


def test_the_director_is_the_manager_whose_line_is_nearest_the_target() -> None:
    # 1 -> 2 -> (3, 4 -> 5, 6); 1 -> 7
    children = {1: [2, 7], 2: [3, 4], 4: [5, 6]}
    assert closest_subtree(children, 4) == (2, 4)
    assert closest_subtree(children, 2) == (2, 4)  # 4 manages no manager: not a director
    assert closest_subtree(children, 100) == (1, 6)


def test_the_director_is_a_department_head_when_squads_are_all_below_them() -> None:
    # The demo's 10,000-person shape: a CEO over heads of ~2,000, each over squads of ten. By
    # difference a squad lead (490 from 500) beat the head (1,500 from it); by ratio it is 50x
    # too small against 4x too large.
    children: dict[int, list[int]] = {0: [1, 2]}
    squad_leads = iter(range(10, 10_000))
    for head in (1, 2):
        children[head] = [next(squad_leads) for _ in range(190)]
        for lead in children[head]:
            children[lead] = [100_000 + lead * 10 + i for i in range(10)]
    person, below = closest_subtree(children, 500)
    assert person in (1, 2) and below == 190 * 11


def test_spread_reports_median_and_95th_percentile() -> None:
    got = spread([float(v) for v in range(1, 101)])
    assert (got["p50"], got["p95"], got["max"], got["n"]) == (50.5, 95.0, 100.0, 100)


def _result(mode: str, people: int, **figures: Any) -> dict[str, Any]:
    return {"mode": mode, "people": people, **figures}


def test_the_table_has_a_column_per_configuration_and_a_dash_for_what_was_not_measured() -> None:
    full = _result(
        "embedded", 1000, records=97_000, documents=101_234, index_s=123.4,
        index_docs_per_s=820, write_searchable_ms={"p50": 45.2, "max": 60.0, "poll_s": 0},
        callers={"director": {"email": "d@x", "scope": 412}},
        search_ms={"director": {"p50": 310.4, "p95": 1210.0}},
        agenda_ms={"manager": {"p50": 95.0, "p95": 130.0}},
        load_caller_ms={"p50": 4.04, "p95": 9.96},
        themes={"ms": 61_000, "again_ms": 4_200, "people": 1000, "group": "organisation"},
        rss_mb={"benchmark": 900, "chroma server": 700}, load=[6.12, 7.0],
    )  # fmt: skip
    partial = _result(
        "server", 1000, write_searchable_ms={"p50": 1100, "max": 2100, "poll_s": 2.0},
        themes={"ms": 59_000, "people": 1000, "group": "organisation"},  # an older file's
    )  # fmt: skip
    lines = table([full, partial]).splitlines()
    assert lines[0] == "| what | embedded 1,000 | server 1,000 |"
    assert lines[1] == "| --- | --- | --- |"
    assert len(lines) == 2 + len(ROWS)
    rows = {line.split(" | ")[0].lstrip("| "): line.split(" | ")[1:] for line in lines[2:]}
    assert rows["documents"] == ["101,234", "- |"]
    assert rows["full index build, docs/s"] == ["820", "- |"]
    assert rows["write → searchable, ms p50 / max"] == [
        "45 / 60 (notified)",
        "1,100 / 2,100 (poll 2 s) |",
    ]
    director = rows["search as director, ms p50 / p95 (people below them)"]
    assert director == ["310 / 1,210 (412 below)", "- |"]
    assert rows["agenda, manager, ms p50 / p95"][0] == "95 / 130"
    assert rows["load_caller (every request), ms p50 / p95"] == ["4.0 / 10.0", "- |"]
    assert rows["HR themes, first run / again with readings kept"] == [
        "61.0 s / 4.2 s (1,000 people)",
        "59.0 s (1,000 people) |",
    ]
    assert rows["peak RSS, chroma server, MB"] == ["700", "- |"]
    assert rows["load average (1 min), start → end"][0] == "6.1 → 7.0"


def test_the_commands_the_docs_give_parse() -> None:
    root = Path(__file__).resolve().parents[3]
    commands = [
        found
        for doc in ("README.md", "deploy/README.md")
        for found in re.findall(r"python -m benchmarks\.scale ([^`#\n]*)", (root / doc).read_text())
    ]
    assert len(commands) >= 2
    for command in commands:
        args = parser().parse_args(command.split())
        assert args.people and args.modes


def test_saved_runs_print_as_one_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    first.write_text(json.dumps({"results": [_result("embedded", 1000, documents=5)]}))
    second.write_text(json.dumps({"results": [_result("server", 10000, documents=7)]}))
    assert main(["--from-json", str(first), str(second)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "| what | embedded 1,000 | server 10,000 |"
    assert "| documents | 5 | 7 |" in lines
