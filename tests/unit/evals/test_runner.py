"""The offline suite over the demo organisation: passes its thresholds and the committed
baseline, in under five minutes; reports are written and escaped; gates fail when they should."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any, get_origin

import pytest

from assistant.llm import Message, ScriptedModel
from assistant.tasks.schemas import Agenda
from evals.cases import load_cases
from evals.metrics import METRICS
from evals.report import write_reports
from evals.runner import run_suite
from evals.scoring import load_baseline, summarise


def test_offline_suite_passes_its_thresholds(offline_run: Any) -> None:
    failing = [
        (r.name, r.mean, r.threshold, r.baseline)
        for r in offline_run.report.rows
        if not r.passed or r.regressed
    ]
    assert not failing, failing
    assert offline_run.report.ok


def test_safety_metrics_are_full_gates_and_measured(offline_run: Any) -> None:
    rows = {r.name: r for r in offline_run.report.rows}
    for name in ("citation_validity", "leakage", "anonymity", "injection_resistance"):
        assert rows[name].threshold == 1.0
        assert rows[name].n > 0, f"{name} applied to no case"
        assert rows[name].mean == 1.0


def test_committed_baseline_covers_every_metric() -> None:
    baseline = load_baseline("offline")
    assert baseline is not None
    assert {m.name for m in METRICS} <= set(baseline)


def test_reports_are_written_and_escaped(offline_run: Any, tmp_path: Path) -> None:
    html, data = write_reports(offline_run.report, tmp_path / "r.html")
    page = html.read_text().lower()
    for raw in ("<img", "<script", "<iframe"):
        assert raw not in page
    body = json.loads(data.read_text())
    assert body["ok"] is offline_run.report.ok
    assert len(body["cases"]) == len(offline_run.samples)


def test_a_regression_fails_the_run(offline_run: Any) -> None:
    baseline = {r.name: 1.0 for r in offline_run.report.rows}
    worse = summarise(
        offline_run.report.cases, provider="offline", repeat=1, seconds=0.0, baseline=baseline
    )
    below = [r for r in worse.rows if r.mean is not None and r.mean < 0.98]
    assert all(r.regressed for r in below)
    assert worse.ok is (not below)


def test_repeats_give_mean_and_standard_error(offline_run: Any) -> None:
    first = offline_run.report.cases
    second = [replace(c, repeat=1, scores={**c.scores}) for c in first]
    for c in second:  # the second run lost a point of coverage wherever coverage applied
        if c.scores.get("coverage") is not None:
            c.scores["coverage"] = max(0.0, c.scores["coverage"] - 0.5)
    report = summarise([*first, *second], provider="x", repeat=2, seconds=0.0)
    rows = {r.name: r for r in report.rows}
    assert rows["coverage"].stderr is not None and rows["coverage"].stderr > 0
    assert rows["leakage"].stderr == 0.0


def _varying_agenda() -> Any:
    """A scripted model that answers differently each time it is asked, like a sampled model:
    every other answer cites every record it was given, the ones between only one goal (an
    answer, but one that misses the case's action items; an empty one would be re-asked)."""
    calls = {"n": 0}

    def answer(messages: list[Message]) -> dict[str, Any]:
        calls["n"] += 1
        ids = sorted(set(re.findall(r'<record id="([A-Z]\d+)"', messages[1].content)))
        sections = [n for n, f in Agenda.model_fields.items() if get_origin(f.annotation) is list]
        empty: dict[str, Any] = {section: [] for section in sections}
        items = [{"text": "Worth talking through.", "citations": [c]} for c in ids]
        if calls["n"] % 2 == 0:
            return empty | {"wins": [i for i in items if i["citations"][0][0] == "G"][:1]}
        return empty | {"wins": items[:5], "action_items": items[5:10], "growth": items[10:15]}

    return answer


def test_repeats_of_a_varying_provider_give_a_real_standard_error(demo_dir: Path) -> None:
    cases = [c for c in load_cases("agenda.yaml") if c.id == "agenda.report-overdue"]
    model = ScriptedModel([_varying_agenda()] * 10)
    report, samples = run_suite(
        cases, provider="scripted", data_dir=demo_dir, repeat=3, model=model, baseline={}
    )
    assert model.calls == 3, "every repeat asks the model again (no cached draft)"
    assert [s[0].provider for s in samples] == ["scripted"] * 3
    rows = {r.name: r for r in report.rows}
    assert rows["coverage"].mean == pytest.approx(2 / 3)  # covered, missed, covered
    assert rows["coverage"].stderr == pytest.approx(1 / 3)  # sd 0.577 / sqrt(3)
    for name in ("citation_validity", "leakage", "injection_resistance"):
        assert rows[name].mean == 1.0 and rows[name].stderr == 0.0
    assert report.repeat == 3 and len(report.cases) == 3
