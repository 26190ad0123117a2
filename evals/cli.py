"""``cadence eval``: run the eval suite (evals/) against a provider and gate on the results.

A plugin of the ``cadence`` command: pyproject.toml names :func:`register` in the entry point
group ``cadence.commands`` and the CLI loads it at start-up (assistant/cli/plugins.py), so nothing
in the product imports ``evals``. Loading it must stay cheap (`cadence --help` loads it): the rest
of evals is imported inside the command.

``--update-baseline`` writes into the working tree (``./evals/baselines``, or ``--baseline-dir``),
never into the installed package: a non-editable install keeps its files in site-packages, where
a new baseline would be lost with the next install and never committed. The run still compares
against the baseline the package ships.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import tempfile
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from assistant import clock
from assistant.cli.common import out
from assistant.errors import UserError

# Where --update-baseline writes by default, relative to the current directory: the committed
# baselines of a source checkout.
WORKING_TREE_BASELINES = Path("evals") / "baselines"


def baseline_dir(given: Path | None) -> Path:
    """Where ``--update-baseline`` writes: ``given``, else ``./evals/baselines`` if this is a
    source checkout. Never the installed package's own folder, unless that is what the working
    tree is (an editable install run from its checkout)."""
    if given is not None:
        if not given.is_dir():
            raise UserError(f"--baseline-dir {given} is not a directory")
        return given
    if WORKING_TREE_BASELINES.is_dir():
        return WORKING_TREE_BASELINES
    raise UserError(
        f"--update-baseline writes to ./{WORKING_TREE_BASELINES.as_posix()}, which is not here: "
        "run it from a Cadence source checkout, or pass --baseline-dir"
    )


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def eval_command(
    provider: Annotated[
        str, typer.Option(help="offline (deterministic, CI) or openai (the configured model).")
    ] = "offline",
    suite: Annotated[
        str | None, typer.Option(help="A case file's name (agenda, themes, ...) or a tag.")
    ] = None,
    cases: Annotated[str, typer.Option(help="Glob of case files under evals/cases/.")] = "*.yaml",
    report: Annotated[
        Path, typer.Option(help="HTML report path; JSON results are written next to it.")
    ] = Path("artifacts/eval/report.html"),
    repeat: Annotated[
        int, typer.Option(min=1, max=20, help="Runs per case (mean and standard error).")
    ] = 1,
    data_dir: Annotated[
        Path | None,
        typer.Option(help="Where to build (or reuse) the demo organisation; default: a temp dir."),
    ] = None,
    update_baseline: Annotated[
        bool, typer.Option(help="Write this run's means as the provider's committed baseline.")
    ] = False,
    baseline_dir_: Annotated[
        Path | None,
        typer.Option(
            "--baseline-dir",
            help="Where --update-baseline writes; default ./evals/baselines of a source checkout.",
            show_default=False,
        ),
    ] = None,
    max_tokens: Annotated[
        int | None,
        typer.Option(
            min=32,
            help="Cap each model call at this many output tokens and ask for compact answers "
            "(two sections, one item each): for small local models.",
        ),
    ] = None,
    today: Annotated[
        str | None,
        typer.Option(
            "--today",
            help="Build the demo and draft as of this date (YYYY-MM-DD); default CADENCE_TODAY, "
            "else the fixed day the baseline was recorded for, so runs compare on any day.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Run eval cases over the demo organisation, print the metric table, write a report, and
    exit 1 when a metric is below its threshold or regresses against the baseline (a run of the
    whole suite only: the baseline holds the whole suite's means).

    With CADENCE_JUDGE_MODEL set, a judge model also grades faithfulness, helpfulness and tone
    (reported, never gating)."""
    from assistant.settings import get_settings
    from evals.cases import load_cases
    from evals.metrics.judge import CRITERIA, make_judge
    from evals.report import write_reports
    from evals.runner import EVAL_DAY, run_suite
    from evals.scoring import write_baseline

    if provider not in ("offline", "openai"):
        raise UserError(f"unknown provider {provider!r}; choose offline or openai")
    # Before the run: a run of minutes should not end in "nowhere to write".
    target = baseline_dir(baseline_dir_) / f"{provider}.json" if update_baseline else None
    selected = load_cases(cases, suite=suite)
    if not selected:
        raise UserError(f"no cases match --cases {cases!r} --suite {suite!r}")
    # The baseline holds the whole suite's means: a subset's means are no regression of them.
    whole = len(selected) == len(load_cases())
    settings = get_settings()
    day = clock.parse_day(today) if today is not None else settings.today or EVAL_DAY
    workdir = data_dir or default_workdir(day)
    judge = make_judge(settings)
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=out, transient=True,
    ) as bar:  # fmt: skip
        job = bar.add_task(f"eval {provider}", total=len(selected) * repeat)
        result, _ = run_suite(
            selected,
            provider=provider,
            data_dir=workdir,
            repeat=repeat,
            base_settings=settings,
            progress=lambda case_id: bar.update(job, advance=1, description=case_id),
            max_tokens=max_tokens,
            judge=judge,
            today=day,
            baseline=None if whole else {},
        )
    judged = f"; judge {judge.model}" if judge is not None else ""
    table = Table(
        title=f"cadence eval — {provider}, {len(selected)} cases × {repeat}, as of {day}{judged}"
    )
    for col in ("metric", "kind", "mean", "± se", "n", "threshold", "baseline", "pass"):
        table.add_column(col)
    for row in result.rows:
        if row.kind == "judge":  # reported, never gating
            verdict = f"reported ({row.errors} errors)" if row.errors else "reported"
            table.add_row(
                row.name, row.kind, _fmt(row.mean), _fmt(row.stderr), str(row.n), "–", "–",
                verdict,
            )  # fmt: skip
            continue
        verdict = "yes" if row.passed and not row.regressed else "[red]NO[/red]"
        if row.regressed:
            verdict += " (regressed)"
        table.add_row(
            row.name, row.kind, _fmt(row.mean), _fmt(row.stderr), str(row.n),
            _fmt(row.threshold), _fmt(row.baseline), verdict,
        )  # fmt: skip
    if judge is None:
        for name in CRITERIA:
            table.add_row(name, "judge", "not configured", "", "", "", "", "")
    out.print(table)
    html, data = write_reports(result, report)
    out.print(f"{result.seconds:.1f} s; report {html}, results {data}")
    if target is not None:
        write_baseline(result, target)
        out.print(f"baseline written to {target}")
    if not result.ok:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add ``cadence eval`` to the ``cadence`` app (the ``cadence.commands`` entry point)."""
    app.command("eval")(eval_command)


def default_workdir(day: dt.date) -> Path:
    """The demo's default home: one per checkout and day, so that evals run at once from two
    checkouts, or for two days, do not rebuild one database under each other (they did: the
    second run's rebuild failed the first's reads with "disk I/O error")."""
    checkout = hashlib.sha256(str(Path(__file__).resolve().parent).encode()).hexdigest()[:10]
    return Path(tempfile.gettempdir()) / f"cadence-eval-demo-{checkout}-{day.isoformat()}"
