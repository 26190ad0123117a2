"""``cadence erase`` (GDPR Art. 17) and ``cadence retention purge``: assistant/erasure.py and
assistant/retention.py say what each removes; README "Erasure and retention" the policy."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.table import Table

from assistant.cli import app, err
from assistant.cli.common import out, runtime
from assistant.clock import parse_day
from assistant.errors import RuntimeFailure

if TYPE_CHECKING:
    from assistant.reclaim import ReclaimReport

retention_app = typer.Typer(help="Purge records older than CADENCE_RETENTION_DAYS.")
app.add_typer(retention_app, name="retention")


def _counts_table(title: str, counts: dict[str, int]) -> Table:
    table = Table("what", "count", title=title)
    for label, n in counts.items():
        if n:
            table.add_row(label, str(n))
    return table


def _reclaimed(report: ReclaimReport) -> str:
    return (
        f"index rebuilt with {report.vectors} vectors, {report.segments_removed} dropped "
        f"segment(s) shredded; {report.database} ({report.seconds:.1f}s)"
    )


@app.command()
def erase(
    person: Annotated[str, typer.Option("--person", help="Email of the person to erase.")],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
) -> None:
    """Erase a person (GDPR Art. 17): what is about them is deleted, what they wrote about others
    is kept without their name, drafts that mention them are deleted, and the deleted bytes are
    removed from the database and the index. Shows what it will do and asks first."""
    from assistant.erasure import erase_person, plan_erasure

    rt = runtime()
    with rt.sessions() as session:
        plan = plan_erasure(session, person)
    out.print(_counts_table(f"Erasing {plan.name} <{plan.email}>", plan.counts()))
    if plan.mentions:
        shown = ", ".join(plan.mentions[:12]) + (" …" if len(plan.mentions) > 12 else "")
        out.print(
            f"{len(plan.mentions)} record(s) about other people that stay mention them by name "
            f"and are not rewritten (review them by hand): {shown}",
            markup=False,
        )
    if not yes and not typer.confirm("Erase this person? This cannot be undone", default=False):
        err.print("cadence: nothing was erased", highlight=False)
        raise typer.Exit(1)
    try:
        report = erase_person(rt, plan.person_id)
    except RuntimeFailure as exc:
        _unfinished(exc)
    out.print(f"erased {plan.email} in {report.seconds:.1f}s; {_reclaimed(report.reclaim)}")


def _unfinished(exc: RuntimeFailure) -> NoReturn:
    """The deletes are committed (and queued for the index); removing the bytes failed."""
    err.print(
        f"cadence: the records are deleted, but clearing the index and storage failed: {exc}. "
        "Run `cadence reclaim` once the index is reachable.",
        highlight=False,
        markup=False,
        soft_wrap=True,
    )
    raise typer.Exit(1)


@app.command()
def reclaim() -> None:
    """Make deleted bytes go away: drain the index queue, rebuild the vector collection from its
    live vectors, VACUUM. `erase` and `retention purge` do this themselves; run it when they
    report that this last step failed."""
    from assistant.indexing import sync_now
    from assistant.reclaim import reclaim as reclaim_storage

    rt = runtime()
    try:
        sync_now(rt, strict=True)
        report = reclaim_storage(rt)
    except RuntimeFailure as exc:
        err.print(f"cadence: {exc}", highlight=False, markup=False, soft_wrap=True)
        raise typer.Exit(1) from None
    out.print(_reclaimed(report))


@retention_app.command("purge")
def purge(
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Count what would be purged, change nothing.")
    ] = False,
    today: Annotated[
        str | None, typer.Option("--today", help="Work as of this date (YYYY-MM-DD).")
    ] = None,
) -> None:
    """Purge records and drafts older than CADENCE_RETENTION_DAYS (and their index entries and
    bytes): feedback, goal updates and check-ins by date, goals by when they ended, drafts by when
    they were generated."""
    from assistant.retention import purge_expired

    rt = runtime()
    try:
        report = purge_expired(rt, dry_run=dry_run, today=parse_day(today) if today else None)
    except RuntimeFailure as exc:
        _unfinished(exc)
    plan = report.plan
    verb = "Would purge" if dry_run else "Purged"
    out.print(_counts_table(f"{verb} everything dated before {plan.cutoff}", plan.counts()))
    if report.reclaim is not None:
        out.print(_reclaimed(report.reclaim))
    elif not dry_run:
        out.print("nothing to purge")
