"""``cadence eval`` end to end on a small suite: the table (judged metrics said "not configured"
when no judge is set), the reports, and user mistakes as one-line errors with exit code 2."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def cadence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_cadence: Run) -> Run:
    monkeypatch.setenv("CADENCE_DATA_DIR", str(tmp_path / "data"))
    return run_cadence


def test_a_small_suite_prints_the_table_and_writes_reports(cadence: Run, tmp_path: Path) -> None:
    report = tmp_path / "out" / "r.html"
    code, out, err = cadence(
        "eval", "--suite", "safety_smoke", "--data-dir", str(tmp_path / "demo"),
        "--report", str(report),
    )  # fmt: skip
    assert code == 0, out + err
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
