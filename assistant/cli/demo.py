"""``cadence demo``: generate the demo organisation and import it into the data directory."""

from __future__ import annotations

import datetime as dt
import time
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from assistant import clock
from assistant.cli import app, err
from assistant.cli.common import Today, out, runtime
from assistant.errors import UserError

if TYPE_CHECKING:
    from assistant.bundle import Bundle
    from assistant.importer import ImportReport
    from assistant.runtime import Runtime


def _bar() -> Progress:
    return Progress(
        TextColumn("{task.description:<14}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    )


# A person makes about 100 documents, and indexing measured 200-525 documents a second on 2
# shared cores (benchmarks/scale/results/2026-11-30-1k-2k.json): 3-8 minutes at this cap, and
# most of an hour or more for a 10,000-person demo; those are benchmark runs that index on purpose.
AUTO_INDEX_MAX_PEOPLE = 1_000


def _show_agenda(rt: Runtime) -> None:
    # The main job ends here: the planted pair's 1:1 agenda, drafted offline, every item cited.
    from assistant.cli.tasks import print_planted_agenda
    from assistant.demo import PLANTED

    print_planted_agenda(rt, PLANTED.manager, PLANTED.report)


def demo_exists(rt: Runtime) -> bool:
    from assistant.demo import PLANTED
    from assistant.people import person_id_by_email

    with rt.sessions() as session:
        return person_id_by_email(session, PLANTED.ceo) is not None


def _generate(people: int, seed: int, today: dt.date) -> Bundle:
    from assistant.demo.generate import STEPS, generate

    with _bar() as bar:
        task = bar.add_task("generating", total=len(STEPS))

        def progress(step: str, done: int, total: int) -> None:
            bar.update(task, description=step, completed=done, total=total)

        return generate(people=people, seed=seed, today=today, progress=progress)


def _import(rt: Runtime, bundle: Bundle) -> ImportReport:
    from assistant.bundle import SECTIONS
    from assistant.importer import import_bundle

    with _bar() as bar:
        tasks = {
            s: bar.add_task(s, total=max(len(getattr(bundle, s)), 1), start=False) for s in SECTIONS
        }

        def progress(section: str, done: int, total: int) -> None:
            if section in tasks:
                bar.start_task(tasks[section])
                bar.update(tasks[section], completed=done, total=max(total, 1))

        return import_bundle(rt.sessions, bundle, progress=progress, migration=True)


def _index(rt: Runtime) -> int:
    # Index right away so `cadence search` works straight after the demo, and the agenda links
    # each goal at risk to the other records about it (without an index it is drafted unlinked).
    from assistant.indexing import sync_now

    with _bar() as bar:
        task = bar.add_task("indexing", total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        return sync_now(rt, strict=True, progress=progress).records


def _summary(bundle: Bundle, report: ImportReport) -> Table:
    from assistant.bundle import SECTIONS

    table = Table(
        "section", "in demo", "created", "updated", "unchanged", title="Demo organisation"
    )
    for section in SECTIONS:
        c = report.sections.get(section)
        table.add_row(
            section,
            f"{len(getattr(bundle, section)):,}",
            *((f"{c.created:,}", f"{c.updated:,}", f"{c.unchanged:,}") if c else ("-", "-", "-")),
        )
    return table


@app.command()
def demo(
    people: Annotated[
        int,
        typer.Option("--people", help="How many people (a few dozen at least; it says if not)."),
    ] = 60,
    seed: Annotated[int, typer.Option("--seed", help="Random seed: same seed, same demo.")] = 42,
    force: Annotated[
        bool, typer.Option("--force", help="Import again even if the demo is already there.")
    ] = False,
    index: Annotated[
        bool | None,
        typer.Option(
            "--index/--no-index",
            help=f"Build the search index too (default: yes up to {AUTO_INDEX_MAX_PEOPLE:,} "
            "people; larger demos are for benchmarks, index them with `cadence index`).",
        ),
    ] = None,
    today: Today = None,
) -> None:
    """Build a realistic demo organisation in the data directory and import it.

    About 60 people in 7 teams under a CEO, two quarters of goals with key results and updates,
    ~1,500 feedback items and biweekly 1:1s with action items, all dated relative to today (or
    --today). Facts planted for tests and evals are listed in assistant/demo/PLANTED.md. Running
    it again does nothing unless --force is given (a forced re-import merges by id: unchanged
    records stay).
    """
    from assistant.demo import PLANTED
    from assistant.demo.org import MIN_PEOPLE

    if people < MIN_PEOPLE:
        raise UserError(f"--people must be at least {MIN_PEOPLE} (got {people})")
    rt = runtime(today)
    if demo_exists(rt) and not force:
        out.print(
            f"The demo organisation already exists in {rt.settings.data_dir} "
            f"({PLANTED.ceo} is there). Nothing changed; use --force to import it again."
        )
        _show_agenda(rt)
        return
    started = time.perf_counter()
    bundle = _generate(people, seed, clock.today(rt.settings))
    generated = time.perf_counter() - started
    report = _import(rt, bundle)
    out.print(_summary(bundle, report))
    timings = f"Generated in {generated:.1f}s, imported in {report.seconds:.1f}s"
    if index if index is not None else people <= AUTO_INDEX_MAX_PEOPLE:
        indexed_at = time.perf_counter()
        records = _index(rt)
        timings += f", indexed {records:,} records in {time.perf_counter() - indexed_at:.1f}s"
    else:
        timings += " (not indexed yet: run `cadence index` before searching)"
    out.print(f"{timings}, into {rt.settings.data_dir}.")
    out.print(
        f"Planted 1:1 pair: manager {PLANTED.manager}, report {PLANTED.report} "
        "(see assistant/demo/PLANTED.md for every planted fact)."
    )
    out.print(
        "Try next:\n"
        f"  cadence search 'status update' --as {PLANTED.manager} --about {PLANTED.report}\n"
        f"  cadence agenda --as {PLANTED.manager} --with {PLANTED.report}"
    )
    _show_agenda(rt)
