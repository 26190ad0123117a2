"""``cadence eval`` (evals/cli.py, a plugin of the CLI) end to end on a small suite: the table
(judged metrics said "not configured" when no judge is set), the reports, the baseline written to
the working tree and never into the package, and user mistakes as one-line errors with exit 2."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from assistant.errors import UserError
from evals.cli import baseline_dir
from evals.scoring import BASELINES

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def cadence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_cadence: Run) -> Run:
    monkeypatch.setenv("CADENCE_DATA_DIR", str(tmp_path / "data"))
    return run_cadence


def _package_baselines() -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in BASELINES.iterdir()}


def test_a_small_suite_prints_the_table_and_writes_reports(
    cadence: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, demo_dir: Path
) -> None:
    # Run from a checkout-shaped working tree elsewhere: the baseline goes there.
    work = tmp_path / "checkout"
    (work / "evals" / "baselines").mkdir(parents=True)
    monkeypatch.chdir(work)
    shipped = _package_baselines()
    report = tmp_path / "out" / "r.html"
    code, out, err = cadence(
        "eval", "--suite", "safety_smoke", "--data-dir", str(demo_dir),
        "--report", str(report), "--update-baseline",
    )  # fmt: skip
    assert code == 0, out + err
    written = json.loads((work / "evals" / "baselines" / "offline.json").read_text())
    assert written["provider"] == "offline" and written["metrics"]["leakage"] == 1.0
    assert _package_baselines() == shipped  # the installed package is never written
    lines = {line.split("│")[1].strip(): line for line in out.splitlines() if line.count("│") > 3}
    assert "yes" in lines["leakage"] and "1.000" in lines["leakage"]
    for criterion in ("faithfulness", "helpfulness", "tone"):
        assert "not configured" in lines[criterion]
    body = json.loads(report.with_suffix(".json").read_text())
    assert body["ok"] is True and body["judge"] is None
    assert {c["case_id"] for c in body["cases"]} >= {"themes.below-k", "summary.peer-refused"}


def test_a_provider_without_an_endpoint_is_a_user_error(cadence: Run, tmp_path: Path) -> None:
    code, out, err = cadence(
        "eval", "--provider", "openai", "--suite", "safety_smoke",
        "--data-dir", str(tmp_path / "demo"),
    )  # fmt: skip
    assert code == 2
    assert "OPENAI_BASE_URL" in err and "Traceback" not in err + out


def test_a_judge_model_without_an_endpoint_is_a_user_error(
    cadence: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CADENCE_JUDGE_MODEL", "grader")
    code, _, err = cadence("eval", "--suite", "safety_smoke")
    assert code == 2 and "CADENCE_JUDGE_BASE_URL" in err


def test_unknown_suite_is_a_user_error(cadence: Run) -> None:
    code, _, err = cadence("eval", "--suite", "no-such-suite")
    assert code == 2 and "no cases match" in err


def test_update_baseline_outside_a_checkout_refuses_before_running(
    cadence: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # no ./evals/baselines here
    shipped = _package_baselines()
    code, out, err = cadence(
        "eval", "--suite", "safety_smoke", "--update-baseline", "--data-dir", str(tmp_path / "d")
    )
    assert code == 2
    assert "--baseline-dir" in err and "source checkout" in err and "Traceback" not in err + out
    assert not (tmp_path / "d").exists()  # refused before building anything
    assert _package_baselines() == shipped


def test_baseline_dir_prefers_the_one_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert baseline_dir(tmp_path) == tmp_path
    with pytest.raises(UserError, match="is not a directory"):
        baseline_dir(tmp_path / "missing")
    with pytest.raises(UserError, match="pass --baseline-dir"):
        baseline_dir(None)
    (tmp_path / "evals" / "baselines").mkdir(parents=True)
    assert baseline_dir(None).resolve() == tmp_path / "evals" / "baselines"
    # Even run from inside the installed package's folder, the default is relative to the cwd.
    monkeypatch.chdir(BASELINES)
    with pytest.raises(UserError):
        baseline_dir(None)


def test_a_subset_is_not_compared_with_the_whole_suites_baseline(
    cadence: Run, tmp_path: Path, demo_dir: Path
) -> None:
    code, out, err = cadence("eval", "--suite", "safety_smoke", "--data-dir", str(demo_dir))
    assert code == 0, out + err
    lines = {line.split("│")[1].strip(): line for line in out.splitlines() if line.count("│") > 3}
    # The baseline column is empty: the subset's means are not the whole suite's.
    assert lines["leakage"].split("│")[7].strip() == "–"


def test_the_default_demo_dir_is_one_per_day_and_checkout() -> None:
    # Two evals at once for two days shared one directory and rebuilt its database under each
    # other ("disk I/O error"); the directory is now named for the day and the checkout.
    import datetime as dt

    from evals.cli import default_workdir

    first = default_workdir(dt.date(2026, 11, 26))
    assert first == default_workdir(dt.date(2026, 11, 26))
    assert first != default_workdir(dt.date(2026, 12, 31))
    assert first.name.startswith("cadence-eval-demo-") and first.name.endswith("2026-11-26")
