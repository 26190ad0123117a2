"""The assistant commands end to end in-process: formats, citations shown, one-line errors."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.runtime import Runtime
from assistant.settings import Settings, get_settings
from tests.orgs.tasks_org import TODAY, TasksOrg, build_tasks_org


@dataclass
class Ran:
    code: int
    out: str
    err: str


@pytest.fixture
def org(tmp_path: Path) -> TasksOrg:
    rt = Runtime(Settings(data_dir=tmp_path / "data", environment="test"))
    built = build_tasks_org(rt)
    rt.close()
    return built


@pytest.fixture
def cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Iterator[Callable[..., Ran]]:
    monkeypatch.setenv("CADENCE_DATA_DIR", str(tmp_path / "data"))
    # The organisation is dated around TODAY: what is overdue or current follows it, not the
    # calendar (run on 2027-03-31, an unpinned agenda lost its open action items).
    monkeypatch.setenv("CADENCE_TODAY", TODAY.isoformat())
    monkeypatch.setenv("COLUMNS", "200")
    get_settings.cache_clear()

    def run(*args: str) -> Ran:
        monkeypatch.setattr(sys, "argv", ["cadence", *args])
        with pytest.raises(SystemExit) as exited:
            main()
        got = capsys.readouterr()
        return Ran(int(exited.value.code or 0), got.out, got.err)

    yield run
    get_settings.cache_clear()


def test_agenda_in_three_formats(cli: Callable[..., Ran], org: TasksOrg) -> None:
    maya, dana = org.email("maya"), org.email("dana")
    text = cli("agenda", "--as", maya, "--with", dana)
    assert text.code == 0, text.err
    assert text.out.startswith("1:1 agenda") and "Goals at risk" in text.out
    assert f"[{org.doc['off_track']}" in text.out  # citations are shown
    md = cli("agenda", "--as", maya, "--with", dana, "--format", "markdown")
    # The one open action item is the top three's (overdue from the last 1:1), so its own
    # section is empty and not printed.
    assert md.out.startswith("# 1:1 agenda") and "## Top three to cover" in md.out
    assert "## Goals at risk" in md.out and f"`{org.doc['off_track']}" in md.out
    data = json.loads(cli("agenda", "--as", maya, "--with", dana, "-f", "json").out)
    assert data["task"] == "agenda" and data["cached"] is True and data["provider"] == "offline"


def test_the_other_four_commands(cli: Callable[..., Ran], org: TasksOrg) -> None:
    maya, dana, hana = org.email("maya"), org.email("dana"), org.email("hana")
    summary = cli("summary", "--as", maya, "--about", dana, "--since", "2026-08-01")
    assert summary.code == 0 and "Growth areas" in summary.out
    coach = cli("coach", "--as", maya, "--about", dana)
    assert coach.code == 0 and "Opener:" in coach.out and "Why:" in coach.out
    reflect = cli("reflect", "--as", dana)
    assert reflect.code == 0 and "Self-reflection draft" in reflect.out
    themes = cli("themes", "--as", hana, "--team", "Payments")
    assert themes.code == 0 and themes.out.startswith("Feedback themes")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["agenda", "--as", "dana@acme.test", "--with", "maya@acme.test"], "no person"),
        (["themes", "--as", "hana@acme.test"], "exactly one of --team NAME or --org"),
        (["themes", "--as", "maya@acme.test", "--org"], "themes are for HR"),
        (
            ["summary", "--as", "maya@acme.test", "--about", "dana@acme.test", "--since", "May"],
            "--since must be a date",
        ),
        (["agenda", "--as", "nobody@acme.test", "--with", "dana@acme.test"], "no active person"),
    ],
)
def test_mistakes_are_one_line_errors(
    cli: Callable[..., Ran], org: TasksOrg, args: list[str], message: str
) -> None:
    ran = cli(*args)
    assert ran.code == 2 and message in ran.err and "Traceback" not in ran.err
    assert len(ran.err.strip().splitlines()) == 1


def test_ask_answers_with_citations_or_says_nothing_on_record(
    cli: Callable[..., Ran], org: TasksOrg
) -> None:
    maya, dana = org.email("maya"), org.email("dana")
    day = ("--today", "2026-11-20")
    got = cli("ask", "--as", maya, "--about", dana, "What feedback about status updates?", *day)
    assert got.code == 0, got.err
    assert got.out.startswith("Answer") and "Q: What feedback about status updates?" in got.out
    assert f"[{org.doc['t1']}]" in got.out and f"[{org.doc['t4']}]" in got.out
    none = cli("ask", "--as", dana, "Anything on Kubernetes?", *day, "-f", "json")
    data = json.loads(none.out)
    assert data["task"] == "ask" and data["output"]["nothing_on_record"] is True
    assert (
        cli("ask", "--as", dana, "Anything on Kubernetes?", *day).out.count(
            "Nothing on record about that."
        )
        == 1
    )
    stranger = cli("ask", "--as", dana, "--about", org.email("ari"), "Anything?", *day)
    assert stranger.code == 2 and "no person" in stranger.err
    empty = cli("ask", "--as", dana, "  ", *day)
    assert empty.code == 2 and "ask needs a question" in empty.err


def test_focus_leads_agenda_summary_and_coaching(cli: Callable[..., Ran], org: TasksOrg) -> None:
    maya, dana = org.email("maya"), org.email("dana")
    theme = org.docs("t1", "t2", "t3", "t4")
    for command, whom in (("agenda", "--with"), ("summary", "--about"), ("coach", "--about")):
        got = cli(command, "--as", maya, whom, dana, "--focus", "status updates")
        assert got.code == 0, got.err
        lead = got.out.split("\n\n")[1]  # the first section, under the title
        assert lead.startswith("On “status updates”"), got.out
        assert {c for c in theme if f"[{c}]" in lead} == theme, lead
    none = cli("agenda", "--as", maya, "--with", dana, "--focus", "kubernetes", "-f", "json")
    data = json.loads(none.out)["output"]
    assert data["focus"] == "kubernetes" and data["on_focus"] == []
    wrong = cli("reflect", "--as", dana, "--focus", "status updates")
    assert wrong.code == 2 and "No such option" in wrong.err
