"""Run eval cases against a provider over the demo organisation and judge the drafts.

``cadence eval`` (evals/cli.py) is the front door; tests call :func:`run_suite`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from sqlalchemy import delete

from assistant.llm import ChatModel
from assistant.models import AuditEvent
from assistant.models import Draft as DraftRow
from assistant.runtime import Runtime
from assistant.settings import Settings
from evals.cases import Case
from evals.compact import CompactModel
from evals.harness import Drafter, Org, run_case, task_drafter
from evals.metrics import METRICS
from evals.metrics.judge import judge_metrics
from evals.sample import Sample
from evals.scoring import CaseResult, Report, load_baseline, score_sample, summarise
from evals.swap import counterfactual_runtime

DEMO_PEOPLE = 60
DEMO_SEED = 42
# The eval organisation is built, and every case drafted, as of this day, so a run gives the same
# figures whatever the calendar says (the committed baseline was recorded as of it).
# `cadence eval --today` evaluates as of another day; tests/unit/evals/test_any_date.py requires
# every gate to hold on days spread over a year.
EVAL_DAY = dt.date(2026, 11, 26)
Progress = Callable[[str], None]


def prepare_demo(
    data_dir: Path,
    *,
    people: int = DEMO_PEOPLE,
    seed: int = DEMO_SEED,
    today: dt.date = EVAL_DAY,
) -> Path:
    """Build the demo organisation into ``data_dir`` (a SQLite file) as of ``today``, or reuse
    the one built there earlier with the same parameters."""
    from assistant.demo.generate import generate
    from assistant.importer import import_bundle

    marker = data_dir / "eval-demo.json"
    params = {"people": people, "seed": seed, "today": today.isoformat(), "code": _demo_code()}
    db = data_dir / "cadence.db"
    if db.exists() and marker.exists() and json.loads(marker.read_text()) == params:
        return data_dir
    data_dir.mkdir(parents=True, exist_ok=True)
    db.unlink(missing_ok=True)
    rt = Runtime(Settings(data_dir=data_dir, environment="test"))
    try:
        import_bundle(rt.sessions, generate(people, seed, today=today), migration=True)
    finally:
        rt.close()
    marker.write_text(json.dumps(params))
    return data_dir


def _demo_code() -> str:
    """A hash of the demo generator's source: a changed generator means a rebuilt demo."""
    import assistant.demo

    digest = hashlib.sha256()
    for path in sorted(Path(assistant.demo.__path__[0]).glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _forget_drafts(runtime: Runtime) -> None:
    """Drop cached drafts from earlier runs: an eval judges the drafter as it is now, not a
    cached answer from older code (the cache key does not see code changes)."""
    with runtime.sessions() as session, session.begin():
        session.execute(delete(AuditEvent))
        session.execute(delete(DraftRow))


def settings_for(
    data_dir: Path, provider: str, base: Settings | None = None, *, today: dt.date = EVAL_DAY
) -> Settings:
    fields = (base.model_dump() if base else {}) | {
        "data_dir": data_dir,
        "database_url": None,
        "environment": "test",
        "today": today,
    }
    if provider != "scripted":
        fields["llm_provider"] = provider
    return Settings.model_validate(fields)


def collect_samples(
    runtime: Runtime,
    cases: list[Case],
    *,
    drafter: Drafter = task_drafter,
    workdir: Path | None = None,
    progress: Progress | None = None,
    org: Org | None = None,
) -> list[Sample]:
    """One sample per case; fairness cases also draft over a swapped copy of the organisation.
    ``org`` is the judge's view of ``runtime``'s organisation when already loaded."""
    org = org if org is not None else Org(runtime)
    samples = []
    for case in cases:
        sample = run_case(org, case, drafter)
        if case.counterfactual is not None and sample.subject is not None:
            sample = _with_counterfactual(org, case, sample, drafter, workdir)
        samples.append(sample)
        if progress:
            progress(case.id)
    return with_peers(samples)


def with_peers(samples: list[Sample]) -> list[Sample]:
    """Each sample with the same task's drafts for other subjects (the first case per subject),
    for the template metric: what is the same across different people is template."""
    first: dict[tuple[str, int], Sample] = {}
    for s in samples:
        if s.subject is not None and s.output is not None and s.refused is None:
            first.setdefault((s.case.task, s.subject.id), s)
    out = []
    for s in samples:
        peers = tuple(
            p.output
            for (task, pid), p in first.items()
            if p.output is not None and task == s.case.task
            and (s.subject is None or pid != s.subject.id)
        )  # fmt: skip
        out.append(replace(s, peers=peers))
    return out


def _with_counterfactual(
    org: Org, case: Case, sample: Sample, drafter: Drafter, workdir: Path | None
) -> Sample:
    assert case.counterfactual is not None and sample.subject is not None
    root = workdir or Path(tempfile.mkdtemp(prefix="cadence-cf-"))
    rt, mapping = counterfactual_runtime(
        org.runtime, sample.subject.email, case.counterfactual, root
    )
    rt.llm = org.runtime.llm  # the same (possibly wrapped or scripted) model on both sides
    try:
        draft = drafter(rt, org.request(case))
    finally:
        rt.close()
    return replace(sample, counterfactual_output=draft.output, counterfactual_swap=mapping)


def run_suite(
    cases: list[Case],
    *,
    provider: str = "offline",
    data_dir: Path,
    repeat: int = 1,
    drafter: Drafter = task_drafter,
    base_settings: Settings | None = None,
    thresholds: dict[str, float] | None = None,
    baseline: dict[str, float] | None = None,
    progress: Progress | None = None,
    model: ChatModel | None = None,
    max_tokens: int | None = None,
    judge: ChatModel | None = None,
    today: dt.date = EVAL_DAY,
) -> tuple[Report, list[list[Sample]]]:
    """Build (or reuse) the demo in ``data_dir``, run every case ``repeat`` times, judge.

    ``model`` replaces the provider the settings configure (a ScriptedModel in tests);
    ``max_tokens`` wraps the model in :class:`~evals.compact.CompactModel` (short answers for
    tiny local models); ``judge`` adds the model-judged metrics, which report and never gate.
    """
    started = time.perf_counter()
    prepare_demo(data_dir, today=today)
    runtime = Runtime(settings_for(data_dir, provider, base_settings, today=today))
    metrics = METRICS + (judge_metrics(judge) if judge is not None else ())
    results: list[CaseResult] = []
    all_samples = []
    try:
        # Resolve the model now: a misconfigured provider is the user's error, reported once,
        # not a "refusal" in every case.
        llm = model or runtime.llm
        if max_tokens is not None and llm.provider != "offline":
            llm = CompactModel(llm, max_tokens=max_tokens)
        runtime.llm = llm
        # Loaded once: repeats change drafts, never the records the judge reads.
        org = Org(runtime)
        for r in range(repeat):
            # Every repeat drafts afresh: a cached draft would make a non-deterministic
            # provider look perfectly stable.
            _forget_drafts(runtime)
            samples = collect_samples(
                runtime, cases, drafter=drafter, workdir=data_dir / "cf", progress=progress,
                org=org,
            )  # fmt: skip
            all_samples.append(samples)
            results.extend(score_sample(s, r, metrics) for s in samples)
    finally:
        runtime.close()
    report = summarise(
        results,
        provider=provider,
        repeat=repeat,
        seconds=time.perf_counter() - started,
        baseline=baseline if baseline is not None else load_baseline(provider),
        thresholds=thresholds,
        metrics=metrics,
        judge=judge.model if judge is not None else None,
    )
    return report, all_samples
