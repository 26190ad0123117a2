"""The HTML report: the metric table, then every case, failing outputs next to their evidence.

Everything that came from a record or a model is escaped: the report shows adversarial text
(injections, markdown images) and must not render it.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

from evals.metrics.judge import CRITERIA
from evals.scoring import CaseResult, MetricRow, Report

_STYLE = """
body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px}
.fail{background:#fde2e2}.pass{background:#e3f6e3}pre{white-space:pre-wrap;max-width:60em}
details{margin:.5em 0;border:1px solid #ddd;padding:.5em}.grid{display:flex;gap:1em}
.grid>div{flex:1;min-width:0}
"""


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def _case_html(case: CaseResult) -> str:
    cls = "fail" if case.failed else "pass"
    scores = "".join(
        f"<tr><td>{escape(name)}</td><td>{_fmt(value)}</td>"
        f"<td>{escape('; '.join(case.notes.get(name, [])))}</td></tr>"
        for name, value in case.scores.items()
        if value is not None
    )
    output = escape(json.dumps(case.output, indent=2, ensure_ascii=False))
    evidence = "".join(
        f"<p><b>{escape(cite)}</b> {escape(text)}</p>" for cite, text in case.evidence.items()
    )
    failed = escape(", ".join(case.failed)) or "none"
    refused = f"<p>refused: {escape(case.refused)}</p>" if case.refused else ""
    return (
        f"<details class='{cls}' {'open' if case.failed else ''}>"
        f"<summary>{escape(case.case_id)} ({escape(case.task)}, repeat {case.repeat}) — "
        f"failed: {failed}</summary>{refused}<table>{scores}</table>"
        f"<div class='grid'><div><h4>Output</h4><pre>{output}</pre></div>"
        f"<div><h4>Cited evidence</h4>{evidence}</div></div></details>"
    )


def _verdict(row: MetricRow) -> str:
    if row.kind == "judge":
        return f"reported ({row.errors} errors)" if row.errors else "reported"
    return ("yes" if row.passed else "NO") + (" (regressed)" if row.regressed else "")


def render_html(report: Report) -> str:
    rows = "".join(
        f"<tr class='{'pass' if r.passed and not r.regressed else 'fail'}'>"
        f"<td>{escape(r.name)}</td><td>{escape(r.kind)}</td><td>{_fmt(r.mean)}</td>"
        f"<td>{_fmt(r.stderr)}</td><td>{r.n}</td><td>{_fmt(r.threshold)}</td>"
        f"<td>{_fmt(r.baseline)}</td><td>{_verdict(r)}</td></tr>"
        for r in report.rows
    )
    if report.judge is None:  # say so, rather than leave the reader to wonder
        rows += "".join(
            f"<tr><td>{name}</td><td>judge</td><td colspan='6'>not configured</td></tr>"
            for name in CRITERIA
        )
    failing = sorted(report.cases, key=lambda c: (not c.failed, c.case_id))
    cases = "".join(_case_html(c) for c in failing)
    verdict = "PASS" if report.ok else "FAIL"
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>Cadence eval: {escape(report.provider)}</title><style>{_STYLE}</style></head>"
        f"<body><h1>Cadence eval — {escape(report.provider)}: {verdict}</h1>"
        f"<p>{len({c.case_id for c in report.cases})} cases × {report.repeat} repeat(s), "
        f"{report.seconds:.1f} s; judge: {escape(report.judge or 'not configured')}</p>"
        "<table><tr><th>metric</th><th>kind</th><th>mean</th>"
        "<th>stderr</th><th>n</th><th>threshold</th><th>baseline</th><th>pass</th></tr>"
        f"{rows}</table><h2>Cases</h2>{cases}</body></html>"
    )


def write_reports(report: Report, path: Path) -> tuple[Path, Path]:
    """``path`` names the HTML report; the JSON results go next to it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    html = path if path.suffix == ".html" else path.with_suffix(".html")
    data = html.with_suffix(".json")
    html.write_text(render_html(report), encoding="utf-8")
    data.write_text(json.dumps(report.to_json(), indent=1, default=str), encoding="utf-8")
    return html, data
