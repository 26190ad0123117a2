"""Retrieval commands: ``cadence index`` (sync, rebuild, check) and ``cadence search``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from assistant import clock
from assistant.cli import app
from assistant.cli.common import Today, out, runtime
from assistant.errors import NotFound, UserError
from assistant.kinds import RECORD_TYPES

RecordType = StrEnum("RecordType", {name: name for name in RECORD_TYPES})  # type: ignore[misc]


class SearchMode(StrEnum):
    hybrid = "hybrid"
    vector = "vector"
    lexical = "lexical"


@contextmanager
def _progress_bar(label: str) -> Iterator[Callable[[int, int], None]]:
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=out,
        transient=False,
    ) as bar:
        task = bar.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


def _date(value: str | None, flag: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UserError(f"{flag}: expected a date like 2026-10-01, got {value!r}") from None


@app.command("index")
def index_command(
    rebuild: Annotated[
        bool, typer.Option("--rebuild", help="Drop the index and re-render every record.")
    ] = False,
    check: Annotated[
        bool,
        typer.Option("--check", help="Compare the database with both index legs; exit 1 on drift."),
    ] = False,
) -> None:
    """Bring the search index up to date with the database (drains the outbox).

    Writes commit without waiting for the index; `cadence serve` and `cadence worker` drain it as
    they go. Run this after a bulk import or to catch up by hand; --check is the drift check."""
    from assistant.indexing import check_index, rebuild_index, sync_now

    if rebuild and check:
        raise UserError("--rebuild and --check are exclusive: rebuild, then check")
    rt = runtime()
    if check:
        with _progress_bar("Checking") as update:
            drift = check_index(rt, progress=update)
        _print_drift(drift)
        if not drift.ok:
            raise typer.Exit(1)
        return
    if rebuild:
        with _progress_bar("Rebuilding") as update:
            report = rebuild_index(rt, progress=update)
        out.print(f"Rebuilt: {report.upserted} documents from {report.records} records.")
        return
    with _progress_bar("Syncing") as update:
        report = sync_now(rt, strict=True, progress=update)
    if not report:
        out.print("Index is up to date.")
    else:
        out.print(
            f"Synced {report.outbox_rows} changes: {report.upserted} documents written, "
            f"{report.deleted} removed."
        )


def _print_drift(drift: object) -> None:
    from assistant.index_sync import Drift

    assert isinstance(drift, Drift)
    table = Table(title=f"Index check: {drift.documents} documents in the database")
    for col in ("leg", "missing", "extra", "stale", "examples"):
        table.add_column(col)
    for name, leg in (("vector", drift.vector), ("lexical", drift.lexical)):
        examples = sorted(leg.missing | leg.extra | leg.stale)[:5]
        table.add_row(
            name, str(len(leg.missing)), str(len(leg.extra)), str(len(leg.stale)),
            ", ".join(examples),
        )  # fmt: skip
    out.print(table)
    if drift.pending:
        out.print(f"{drift.pending} changes are waiting in the outbox (run `cadence index`).")
    out.print("No drift." if drift.ok else "Drift found: run `cadence index --rebuild`.")


@app.command("search")
def search_command(
    query: Annotated[str, typer.Argument(help="What to look for, in plain words.")],
    as_: Annotated[
        str, typer.Option("--as", help="Search as this person (email): their access applies.")
    ],
    about: Annotated[
        str | None, typer.Option("--about", help="Only records about this person (email).")
    ] = None,
    types: Annotated[
        list[RecordType] | None,
        typer.Option("--type", help="Only these record types (repeat the option)."),
    ] = None,
    since: Annotated[str | None, typer.Option(help="Only records on/after this date.")] = None,
    until: Annotated[str | None, typer.Option(help="Only records on/before this date.")] = None,
    k: Annotated[int, typer.Option("-k", min=1, max=100, help="How many hits.")] = 10,
    mode: Annotated[SearchMode, typer.Option(help="Which ranking to use.")] = SearchMode.hybrid,
    recency: Annotated[
        float | None,
        typer.Option(help="Favour recent records: half-life in days.", min=1.0),
    ] = None,
    today: Today = None,
) -> None:
    """Search the records a person may see; hits show citation ids and a snippet.

    Example: cadence search "ledger migration" --as maya@example.com --about dana@example.com"""

    from assistant.access import load_caller, scope_for, subject_scope
    from assistant.indexing import sync_now
    from assistant.people import names_for_search, person_id_by_email
    from assistant.records import fetch_context
    from retrieval.search import hybrid_search

    since_d, until_d = _date(since, "--since"), _date(until, "--until")
    rt = runtime(today)
    sync_now(rt)  # a write that failed to sync earlier is picked up before searching
    with rt.sessions() as session:
        caller = load_caller(session, as_)
        subject_id: int | None = None
        if about is not None:
            subject_id = person_id_by_email(session, about)
            if subject_id is None:
                raise NotFound(f"no person with email {about!r}")
        scope = subject_scope(caller, subject_id) if subject_id else scope_for(caller)
        hits = hybrid_search(
            query,
            scope,
            index=rt.index,
            lexical=rt.lexical,
            session=session,
            k=k,
            subject_id=subject_id,
            record_types=[t.value for t in types] if types else None,
            since=since_d,
            until=until_d,
            recency_half_life_days=recency,
            mode=mode.value,
            today=clock.today(rt.settings),
            people=names_for_search(session),
        )
        # The text comes from the database through the access policy, never from the index.
        items = fetch_context(
            session, caller, [h.citation for h in hits], today=clock.today(rt.settings)
        )
    text: dict[str, str] = {}
    for item in items:
        text.setdefault(item.citation, item.text)
    shown = [h for h in hits if h.citation in text]
    if not shown:
        out.print("No matching records you can see.")
        return
    table = Table(show_lines=False)
    for col in ("#", "id", "type", "score", "ranks v/l", "snippet"):
        table.add_column(col, overflow="fold")
    for rank, hit in enumerate(shown, 1):
        snippet = " ".join(text[hit.citation].split())
        ranks = f"{hit.vector_rank or '-'}/{hit.lexical_rank or '-'}"
        table.add_row(
            str(rank), hit.citation, hit.record_type, f"{hit.score:.4f}", ranks,
            snippet[:160] + ("…" if len(snippet) > 160 else ""),
        )  # fmt: skip
    out.print(table)
