"""Data commands: ``import``, ``export`` and ``schema``. Listing and adding records: records.py."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from assistant.cli import app, err
from assistant.cli.common import out, runtime
from assistant.errors import ValidationFailed

if TYPE_CHECKING:
    from assistant.importer import ImportReport


@app.command()
def schema() -> None:
    """Print the JSON Schema of the import/export bundle."""
    from assistant.bundle import Bundle

    out.print(json.dumps(Bundle.model_json_schema(), indent=2), markup=False)


def _print_problems(exc: ValidationFailed) -> None:
    for problem in exc.problems:
        err.print(f"[red]error[/red] {escape(str(problem))}", highlight=False, soft_wrap=True)
    err.print(f"cadence: {exc}", highlight=False, markup=False, soft_wrap=True)


def _report_table(report: ImportReport) -> Table:
    title = "Dry run: nothing was written" if report.dry_run else "Imported"
    table = Table("section", "created", "updated", "unchanged", title=title)
    for section, c in report.sections.items():
        table.add_row(section, str(c.created), str(c.updated), str(c.unchanged))
    return table


@app.command("import")
def import_(
    path: Annotated[
        Path, typer.Argument(help="A bundle .json file, or a directory of <section>.csv files.")
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check and count everything, write nothing.")
    ] = False,
    as_: Annotated[
        str | None,
        typer.Option(
            "--as",
            help="Your email (an active admin): the audit log names you, and feedback you "
            "give needs no --migration. Without it the operator is recorded as 'cli'.",
        ),
    ] = None,
    migration: Annotated[
        bool,
        typer.Option(
            "--migration",
            help="Allow feedback given by other people (a restore or a move from another "
            "system); each giver is written to the audit log.",
        ),
    ] = False,
) -> None:
    """Import a bundle (merge by id: new records are created, changed ones updated, none deleted).

    Everything is checked first; on any problem every problem is printed, one per line, and
    nothing is written (exit code 2). See assistant/BUNDLE.md for the format.
    """
    from assistant.bundle import SECTIONS
    from assistant.bundle_files import read_bundle
    from assistant.import_audit import CLI, admin_operator
    from assistant.importer import import_bundle

    rt = runtime()
    try:
        operator = CLI
        if as_ is not None:
            with rt.sessions() as session:
                operator = admin_operator(session, as_)
        loaded = read_bundle(path)
        with Progress(
            TextColumn("{task.description:<14}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err,
            transient=True,
        ) as bar:
            tasks = {
                s: bar.add_task(s, total=max(len(getattr(loaded.bundle, s)), 1), start=False)
                for s in SECTIONS
            }

            def progress(section: str, done: int, total: int) -> None:
                if section in tasks:
                    bar.start_task(tasks[section])
                    bar.update(tasks[section], completed=done, total=max(total, 1))

            report = import_bundle(
                rt.sessions,
                loaded.bundle,
                dry_run=dry_run,
                progress=progress,
                source=loaded,
                operator=operator,
                migration=migration,
            )
    except ValidationFailed as exc:
        _print_problems(exc)
        raise typer.Exit(2) from None
    out.print(_report_table(report))
    verb = "would queue" if dry_run else "queued"
    out.print(
        f"{report.writes} record(s) written, {verb} {report.outbox_rows} for the index, "
        f"in {report.seconds:.1f}s",
        markup=False,
    )
    if report.cleaned:
        out.print(
            f"{report.cleaned} record(s) had invisible characters (zero-width, bidi controls, "
            "Unicode tags) removed from their text",
            markup=False,
        )
    if report.audited:
        verb = "would write" if dry_run else "wrote"
        out.print(f"{verb} {report.audited} audit log event(s)", markup=False)


@app.command()
def export(
    path: Annotated[
        Path, typer.Argument(help="A .json file, or a directory to fill with one CSV per section.")
    ],
) -> None:
    """Export every record as a bundle (the format `cadence import` reads)."""
    from assistant.bundle import SECTIONS
    from assistant.exporter import export_bundle, write_bundle

    bundle = export_bundle(runtime().sessions)
    kind = write_bundle(bundle, path)
    counts = ", ".join(f"{len(getattr(bundle, s))} {s}" for s in SECTIONS)
    out.print(f"wrote {kind} to {path}: {counts}", markup=False)
