"""The assistant's commands: agenda, summary, coach, reflect, themes.

Every command acts as the person named by ``--as`` (the access policy applies exactly as in the
API) and prints the draft with the record ids each item cites.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Annotated

import typer

from assistant.cli import app
from assistant.cli.common import OutputFormat, Today, out, runtime
from assistant.errors import UserError

if TYPE_CHECKING:
    from assistant.runtime import Runtime
    from assistant.tasks import TaskResult

As = Annotated[str, typer.Option("--as", help="Your email: whose access the draft uses.")]
Format = Annotated[
    OutputFormat, typer.Option("--format", "-f", help="text (with citations), markdown or json.")
]
Since = Annotated[str | None, typer.Option(help="Only records on or after this date (YYYY-MM-DD).")]
Until = Annotated[
    str | None, typer.Option(help="Only records on or before this date (YYYY-MM-DD).")
]
Focus = Annotated[
    str | None,
    typer.Option(
        help='A topic the draft centres on, e.g. "the retries rollout": the records about it '
        "lead, or the draft says nothing on record is about it."
    ),
]


def _date(value: str | None, flag: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UserError(f"{flag} must be a date like 2026-10-01, not {value!r}") from None


def _run(
    task: str,
    caller: str,
    fmt: OutputFormat,
    today: str | None,
    rt: Runtime | None = None,
    **kwargs: object,
) -> None:
    from assistant.tasks.pipeline import generate

    rt = rt or runtime(today)
    provider = rt.llm.provider
    if provider == "offline":
        result = generate(rt, task, caller, **kwargs)  # type: ignore[arg-type]
    else:
        with out.status(f"Drafting with {rt.llm.model}…") as status:

            def on_progress(chars: int) -> None:
                status.update(f"Drafting with {rt.llm.model}… {chars} characters")

            result = generate(rt, task, caller, progress=on_progress, **kwargs)  # type: ignore[arg-type]
    _print(result, fmt)
    rt.close()


def _print(result: TaskResult, fmt: OutputFormat) -> None:
    from assistant.tasks.render import to_markdown, to_text

    if fmt is OutputFormat.json:
        out.print(json.dumps(result.model_dump(mode="json"), indent=2), markup=False)
    elif fmt is OutputFormat.markdown:
        out.print(to_markdown(result), markup=False)
    else:
        out.print(to_text(result), markup=False)


@app.command()
def agenda(
    caller: As,
    report: Annotated[str, typer.Option("--with", help="The report's email.")],
    focus: Focus = None,
    fmt: Format = OutputFormat.text,
    today: Today = None,
) -> None:
    """Prepare a 1:1 agenda with one of your reports: wins, goals at risk (with the other records
    about each), open action items, feedback to discuss, growth topics and questions, every item
    cited."""
    _run("agenda", caller, fmt, today, _synced(today), subject=report, focus=focus)


@app.command()
def summary(
    caller: As,
    about: Annotated[str, typer.Option(help="Whose feedback: yourself or one of your reports.")],
    since: Since = None,
    until: Until = None,
    focus: Focus = None,
    fmt: Format = OutputFormat.text,
    today: Today = None,
) -> None:
    """Summarise feedback into strengths and growth areas, with counts and evidence."""
    _run(
        "summary",
        caller,
        fmt,
        today,
        _synced(today) if focus else None,
        subject=about,
        since=_date(since, "--since"),
        until=_date(until, "--until"),
        focus=focus,
    )


@app.command()
def coach(
    caller: As,
    about: Annotated[str, typer.Option(help="The report you want to coach.")],
    focus: Focus = None,
    fmt: Format = OutputFormat.text,
    today: Today = None,
) -> None:
    """Three to five coaching suggestions for a report, each with evidence, why and an opener."""
    _run(
        "coaching",
        caller,
        fmt,
        today,
        _synced(today) if focus else None,
        subject=about,
        focus=focus,
    )


@app.command()
def reflect(
    caller: As,
    since: Since = None,
    until: Until = None,
    fmt: Format = OutputFormat.text,
    today: Today = None,
) -> None:
    """Draft your own self-reflection in the first person, from what you may see."""
    _run(
        "reflection",
        caller,
        fmt,
        today,
        since=_date(since, "--since"),
        until=_date(until, "--until"),
    )


@app.command()
def themes(
    caller: As,
    team: Annotated[str | None, typer.Option(help="A team's name.")] = None,
    org: Annotated[bool, typer.Option("--org", help="The whole organisation.")] = False,
    since: Since = None,
    until: Until = None,
    fmt: Format = OutputFormat.text,
    today: Today = None,
) -> None:
    """HR only: anonymous feedback themes over a team or the organisation (groups of at least k
    people), with counts, sentiment and trend."""
    if org == (team is not None):
        raise UserError("give exactly one of --team NAME or --org")
    _run(
        "themes",
        caller,
        fmt,
        today,
        team=team,
        org=org,
        since=_date(since, "--since"),
        until=_date(until, "--until"),
    )


def _synced(today: str | None) -> Runtime:
    """The runtime, with the search index caught up: a draft that reads it (a focus, an agenda's
    linked evidence) sees a write whose sync failed earlier."""
    from assistant.indexing import sync_now

    rt = runtime(today)
    sync_now(rt)
    return rt


def print_planted_agenda(rt: Runtime, manager: str, report: str) -> None:
    """The end of ``cadence demo``: the planted pair's 1:1 agenda, drafted offline, with
    citations (whatever model is configured: the demo must work on a fresh machine)."""
    from assistant.llm import OfflineModel
    from assistant.tasks.pipeline import generate
    from assistant.tasks.render import to_text

    result = generate(rt, "agenda", manager, subject=report, model=OfflineModel())
    out.print("")
    out.print(to_text(result, heading=f"1:1 agenda: {manager} with {report}"), markup=False)


@app.command()
def ask(
    caller: As,
    question: Annotated[str, typer.Argument(help="Your question, in plain words.")],
    about: Annotated[
        str | None, typer.Option(help="Only records about this person: yourself or a report.")
    ] = None,
    fmt: Format = OutputFormat.text,
    today: Today = None,
) -> None:
    """Answer a question from the records you may see, every sentence cited, or say that nothing
    on record answers it. A time phrase in the question ("since September", "last quarter",
    "my last two 1:1s") narrows the records.

    Example: cadence ask --as maya.chen@example.com --about dana.okafor@example.com
    'what has Dana done on the retries rollout since September?'"""
    _run("ask", caller, fmt, today, _synced(today), subject=about, question=question)
