"""Recall of the long history's planted facts at a fixed token budget, before and after anchored
packing (assistant/tasks/anchors.py).

For each task (agenda, summary, coaching) and budget, the request is prepared as the pipeline
prepares it for a model (a scripted model, so nothing is generated): gathered under the
manager's access, then packed. *Before* is the task's own packing of the same records
(:func:`assistant.tasks.context.pack_for`, what the pipeline did before anchors); *after* is what
the pipeline packs now. Two recalls each, over the task's planted facts (evals/longhistory/
build.py, :data:`PLANTED`):

- **context**: planted records among the packed ones — what a model could use at all;
- **draft**: planted records cited by the offline drafter given only the packed records — a
  stand-in for a model that reads that context (the drafter's own rules decide what it cites, so
  this is bounded by them: the last column, the offline drafter over everything gathered, shows
  that bound).
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel

from assistant.importer import import_bundle
from assistant.llm import ScriptedModel
from assistant.runtime import Runtime
from assistant.settings import Settings
from assistant.tasks.brief import Brief
from assistant.tasks.context import pack_for
from assistant.tasks.pipeline import prepare
from assistant.tasks.plan import TaskRequest
from assistant.tasks.registry import task_named
from assistant.tasks.schemas import iter_items
from evals.evidence import load_records
from evals.longhistory.build import MANAGER, REPORT, LongHistory, build
from retrieval.types import ContextItem

DAY = dt.date(2026, 11, 26)  # drafted as of this day, whatever the calendar says
BUDGETS = (3_000, 6_000)
TASKS = ("agenda", "summary", "coaching")


@dataclass(frozen=True)
class Row:
    task: str
    budget: int
    planted: int  # planted facts for this task
    gathered: int  # records gathered (all of them fit no budget here)
    before_context: int  # planted records packed, before
    after_context: int
    before_draft: int  # planted records the draft from the packed records cites, before
    after_draft: int
    unbounded_draft: int  # ... from everything gathered (the offline drafter's bound)
    before_tokens: int
    after_tokens: int
    missed: tuple[str, ...] = ()  # planted keys not in the packed context, after

    def share(self, n: int) -> float:
        return n / self.planted if self.planted else 0.0


def _cited(output: BaseModel) -> set[str]:
    return {c.split(":")[0] for _, _, item in iter_items(output) for c in item.citations}


def _draft(task: str, items: Sequence[ContextItem], brief: Brief, *, drafts: bool) -> set[str]:
    return _cited(task_named(task).drafter(list(items), brief)) if drafts else set()


def measure(
    history: LongHistory | None = None,
    *,
    budgets: Sequence[int] = BUDGETS,
    tasks: Sequence[str] = TASKS,
    data_dir: Path | None = None,
    drafts: bool = True,
) -> list[Row]:
    """One row per budget and task; with ``drafts`` False the draft columns are left at 0 (a
    quicker run that measures the context only)."""
    org = history or build(today=DAY)
    workdir = data_dir or Path(tempfile.mkdtemp(prefix="cadence-longhistory-"))
    base = Settings(data_dir=workdir, environment="test", llm_provider="offline", today=org.today)
    loader = Runtime(base)
    try:
        import_bundle(loader.sessions, org.bundle, migration=True)
        with loader.sessions() as session:
            _, ext = load_records(session)
    finally:
        loader.close()
    rows: list[Row] = []
    for budget in budgets:
        runtime = Runtime(base.model_copy(update={"context_token_budget": budget}))
        try:
            for task in tasks:
                rows.append(_row(runtime, org, ext, task, budget, drafts=drafts))
        finally:
            runtime.close()
    return rows


def _row(
    runtime: Runtime,
    org: LongHistory,
    ext: dict[str, str],
    task: str,
    budget: int,
    *,
    drafts: bool,
) -> Row:
    spec = task_named(task)
    keys = {ext[p.key]: p.key for p in org.planted if task in p.tasks}
    want = set(keys)
    asked = TaskRequest(
        spec, MANAGER, spec.request(subject=REPORT), ScriptedModel(), today=org.today
    )
    plan = prepare(runtime, asked)
    assert plan.packed is not None  # a model's request is packed
    items = list(plan.items)
    before = pack_for(spec.priority, items, budget, None, org.today)
    after = plan.packed
    return Row(
        task=task,
        budget=budget,
        planted=len(want),
        gathered=len(items),
        before_context=len(want & {i.citation for i in before.items}),
        after_context=len(want & {i.citation for i in after.items}),
        before_draft=len(want & _draft(task, before.items, plan.brief, drafts=drafts)),
        after_draft=len(want & _draft(task, after.items, plan.brief, drafts=drafts)),
        unbounded_draft=len(want & _draft(task, items, plan.brief, drafts=drafts)),
        before_tokens=before.tokens,
        after_tokens=after.tokens,
        missed=tuple(sorted(keys[c] for c in want - {i.citation for i in after.items})),
    )


def table(rows: Sequence[Row]) -> str:
    head = (
        "| task | budget | planted | gathered | context before | context after "
        "| draft before | draft after | draft, all records |"
    )
    lines = [head, "|" + "---|" * 9]
    for r in rows:
        lines.append(
            f"| {r.task} | {r.budget:,} | {r.planted} | {r.gathered} "
            f"| {r.before_context}/{r.planted} ({r.share(r.before_context):.2f}) "
            f"| {r.after_context}/{r.planted} ({r.share(r.after_context):.2f}) "
            f"| {r.before_draft}/{r.planted} ({r.share(r.before_draft):.2f}) "
            f"| {r.after_draft}/{r.planted} ({r.share(r.after_draft):.2f}) "
            f"| {r.unbounded_draft}/{r.planted} |"
        )
    lines.append("")
    lines += [f"- {r.task} at {r.budget:,}: missed after: {', '.join(r.missed) or 'none'}"
              for r in rows]  # fmt: skip
    return "\n".join(lines)
