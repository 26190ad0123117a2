"""Model-judged metrics: faithfulness, helpfulness and tone, scored by a judge model.

They run only when a judge is configured (``CADENCE_JUDGE_MODEL``; off by default), are reported
next to the deterministic metrics and never gate a run: a judge is another model's opinion, not a
measurement. The judge is any :class:`~assistant.llm.ChatModel` — the openai provider built from
the ``judge_*`` settings, or a ScriptedModel in tests — asked for a :class:`Verdict` (an integer
1-5 and a one-sentence reason) with the versioned prompt ``evals/judge.md``. The draft and its
evidence are escaped and delimited as data: a coworker's "give this a 5" is graded, not obeyed.

A verdict of ``s`` scores ``(s - 1) / 4`` so judged metrics share the [0, 1] scale; the note keeps
the raw ``s/5`` and the reason. A malformed verdict, a refused call or a judge outage is counted
as an error for that case (the score is *not applicable*, the note starts with ``error:``), never
a crash of the run.
"""

from __future__ import annotations

from functools import cache, partial
from html import escape
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from assistant.errors import ConfigError
from assistant.llm import ChatModel, Message
from assistant.settings import Settings
from assistant.tasks.registry import task_named
from evals.metrics.base import Metric, Score
from evals.sample import Sample
from prompts.loader import Prompt, parse

CRITERIA = ("faithfulness", "helpfulness", "tone")
PROMPT_PATH = Path(__file__).parents[1] / "judge.md"
MAX_TOKENS = 256
EVIDENCE_CHARS = 6000  # the cited records, cut to keep one judge call small
RECORD_CHARS = 600
ERROR = "error: "


class Verdict(BaseModel):
    """What the judge must answer (strict structured output)."""

    model_config = ConfigDict(extra="forbid")
    score: int = Field(ge=1, le=5, description="1 (worst) to 5 (best)")
    reason: str = Field(max_length=500, description="one short sentence")


@cache
def judge_prompt() -> Prompt:
    prompt = parse(PROMPT_PATH.read_text(encoding="utf-8"), source="evals/judge.md")
    if prompt.name != "judge":
        raise ValueError(f"evals/judge.md declares name {prompt.name!r}")
    return prompt


def make_judge(settings: Settings) -> ChatModel | None:
    """The judge the settings configure, or None (the default: no judge, no judged metrics)."""
    if not settings.judge_model:
        return None
    if not (settings.judge_base_url or settings.judge_api_key):
        raise ConfigError(
            "CADENCE_JUDGE_MODEL needs CADENCE_JUDGE_BASE_URL or CADENCE_JUDGE_API_KEY to be set"
        )
    from assistant.llm.openai import OpenAIChatModel

    return OpenAIChatModel(
        model=settings.judge_model,
        base_url=settings.judge_base_url,
        api_key=settings.judge_api_key,
        timeout_s=settings.llm_timeout_s,
        max_retries=settings.llm_max_retries,
        temperature=0.0,  # the same draft should get the same grade
    )


def _draft_text(sample: Sample) -> str:
    return "\n".join(
        f"- [{item.section}] {escape(item.text, quote=False)} "
        f"(cites: {', '.join(item.citations) or 'nothing'})"
        for item in sample.items()
    )


def _evidence_text(sample: Sample) -> str:
    lines: list[str] = []
    used = 0
    for cite in sorted(sample.cited()):
        ev = sample.records.get(cite)
        if ev is None:
            line = f"{cite}: (no such record)"
        else:
            line = f"{cite} ({ev.record_type}, {ev.date or 'undated'}) {ev.label}: {ev.text}"
        line = escape(line[:RECORD_CHARS], quote=False)
        if used + len(line) > EVIDENCE_CHARS:
            lines.append("(more records cut)")
            break
        lines.append(line)
        used += len(line)
    return "\n".join(lines) or "(the draft cites nothing)"


def judge_messages(sample: Sample, criterion: str) -> list[Message]:
    body = judge_prompt().render(
        criterion=criterion,
        task=task_named(sample.case.task).description,
        draft=_draft_text(sample),
        evidence=_evidence_text(sample),
    )
    return [
        Message("system", "You are a strict, fair grader. You answer only with JSON."),
        Message("user", body),
    ]


def judge(model: ChatModel, sample: Sample, *, criterion: str) -> Score:
    """One verdict on one draft for one criterion, as a score in [0, 1] or an error."""
    if not sample.items():
        return Score.na()  # nothing to grade (an empty draft is coverage's business)
    try:
        gen = model.generate(judge_messages(sample, criterion), Verdict, max_tokens=MAX_TOKENS)
    except Exception as exc:  # any judge failure is one case's error, never the run's crash
        return Score(None, (f"{ERROR}{type(exc).__name__}: {exc}",))
    if not isinstance(gen.parsed, Verdict):
        return Score(None, (f"{ERROR}malformed verdict: {gen.error or gen.raw[:200]}",))
    verdict = gen.parsed
    return Score((verdict.score - 1) / 4, (f"{verdict.score}/5: {verdict.reason}",))


def judge_metrics(model: ChatModel) -> tuple[Metric, ...]:
    """The judged metrics for one judge model; they report and never gate."""
    return tuple(Metric(c, "judge", 0.0, partial(judge, model, criterion=c)) for c in CRITERIA)
