"""The model phase of a request: the model (or the offline drafter), grounding and its one
repair, from a :class:`~assistant.tasks.plan.Plan` alone.

Nothing here is given a session, a session factory or the runtime: no pooled connection can be
held while a model writes (tests/unit/assistant/tasks/test_phases.py probes the pool meanwhile).
A citation outside the context (one a model made up) is looked up by the ``locate`` callable
the pipeline passes, on its own short session, after the model answered.

While the model writes, ``progress`` hears how many characters it has written, never the text:
what a model writes is unchecked until grounding has run over the whole answer (an uncited line,
an injected instruction), and only the grounded draft leaves this module.
"""

from __future__ import annotations

from collections.abc import Callable

from pydantic import BaseModel

from assistant.errors import ModelError
from assistant.grounding import Grounding, Problem, check, describe, drop, mark_visibility
from assistant.llm import ChatModel, Generation, Message, OfflineModel, Usage, parse_into
from assistant.tasks.budget import ANSWER_TOKENS
from assistant.tasks.plan import Locate, Plan
from assistant.tasks.prompting import reask_invalid, reask_ungrounded
from assistant.tasks.result import DroppedItem
from assistant.tasks.schemas import Answer, iter_items
from retrieval.tokens import count_tokens

MAX_OUTPUT_TOKENS = ANSWER_TOKENS  # what the record budget leaves room for

_EMPTY = "the answer has no items, though the records given hold what the task asks for"

Names = Callable[[str], frozenset[str]]
"""Full names of people in the organisation named by capitalised words of a text."""

Progress = Callable[[int], None]
"""Told the number of characters the model has written so far, as it writes."""


def compose(
    plan: Plan,
    llm: ChatModel,
    progress: Progress | None,
    *,
    locate: Locate,
    names: Names | None = None,
) -> Outcome:
    """The model phase: no database session is open here (``locate`` opens its own, briefly,
    for a citation outside the context, after the model has answered; ``names`` likewise finds
    the people a model's output names that the plan did not know of)."""
    outcome = _Run(
        OfflineModel() if plan.offline_only else llm,
        plan,
        progress,
        model_grounding=None if plan.packed is None else plan.grounding(plan.packed.items, locate),
        offline_grounding=plan.grounding(plan.items, locate),
        names=names,
    ).run()
    if "focus" in type(outcome.output).model_fields:
        # The focus is the caller's, never a model's echo of it.
        outcome.output = outcome.output.model_copy(update={"focus": plan.brief.focus})
    if isinstance(outcome.output, Answer):
        # The question is the asker's, not the model's echo of it; and an answer with no
        # item left after grounding is, honestly, nothing on record.
        outcome.output = outcome.output.model_copy(
            update={
                "question": plan.brief.question,
                "nothing_on_record": not outcome.output.answer,
            }
        )
    return outcome


class Outcome:
    def __init__(
        self,
        output: BaseModel,
        provider: str,
        model: str,
        usage: Usage,
        dropped: list[DroppedItem],
        degraded: str | None,
    ):
        self.output, self.provider, self.model = output, provider, model
        self.usage, self.dropped, self.degraded = usage, dropped, degraded


class _Run:
    """One generation with its bounded repair loop (at most two model calls)."""

    def __init__(
        self,
        llm: ChatModel,
        plan: Plan,
        progress: Progress | None,
        *,
        model_grounding: Grounding | None,
        offline_grounding: Grounding,
        names: Names | None = None,
    ):
        self.llm, self.plan, self.progress = llm, plan, progress
        self.names = names
        self.grounding = model_grounding
        self.offline_grounding = offline_grounding
        self.schema = plan.task.schema
        self.usage = Usage()
        self.dropped: list[DroppedItem] = []

    def run(self) -> Outcome:
        if self.llm.provider == "offline":
            return self.offline(None)
        try:
            return self._model()
        except (ModelError, TimeoutError, ConnectionError) as exc:
            return self.offline(f"the model failed: {exc}")

    def offline(self, degraded: str | None) -> Outcome:
        output = self.plan.task.drafter(list(self.plan.items), self.plan.brief)
        problems = check(output, self.offline_grounding)
        self.dropped += _dropped(problems)
        kept = mark_visibility(drop(output, problems), self.offline_grounding, strict=False)
        return Outcome(kept, "offline", "offline-drafter", self.usage, self.dropped, degraded)

    def _call(self, conversation: list[Message], *, streaming: bool) -> Generation:
        if streaming and self.progress is not None:
            chunks: list[str] = []
            written = 0
            for chunk in self.llm.stream(conversation, self.schema, max_tokens=MAX_OUTPUT_TOKENS):
                chunks.append(chunk)
                written += len(chunk)
                self.progress(written)
            raw = "".join(chunks)
            parsed, error = parse_into(self.schema, raw)
            prompt = "\n".join(m.content for m in conversation)
            usage = Usage(count_tokens(prompt), count_tokens(raw))
            gen = Generation(parsed=parsed, raw=raw, usage=usage, error=error)
        else:
            gen = self.llm.generate(conversation, self.schema, max_tokens=MAX_OUTPUT_TOKENS)
        self.usage += gen.usage
        return gen

    def _model(self) -> Outcome:
        assert self.grounding is not None
        base = list(self.plan.prompt)
        gen = self._call(base, streaming=True)
        repaired = False
        if gen.parsed is None or self._empty(gen.parsed):
            error = gen.error or _EMPTY
            retry = [*base, Message("assistant", gen.raw[:4000]), reask_invalid(error)]
            gen = self._call(retry, streaming=False)
            repaired = True
            if gen.parsed is None:
                return self.offline(f"the model returned invalid output twice: {gen.error}")
            if self._empty(gen.parsed):
                return self.offline(
                    "the model returned an empty answer twice, though records were given"
                )
        assert gen.parsed is not None
        self._learn_names(gen.raw)
        output, problems = gen.parsed, check(gen.parsed, self.grounding)
        if problems and not repaired:
            retry = [
                *base,
                Message("assistant", gen.raw[:4000]),
                reask_ungrounded(describe(problems)),
            ]
            again = self._call(retry, streaming=False)
            if again.parsed is not None:
                self._learn_names(again.raw)
                output, problems = again.parsed, check(again.parsed, self.grounding)
        self.dropped += _dropped(problems)
        kept = drop(output, problems)
        if problems and not any(True for _ in iter_items(kept)):
            return self.offline("nothing the model wrote passed the grounding check")
        kept = mark_visibility(kept, self.grounding, strict=True)
        return Outcome(kept, self.llm.provider, self.llm.model, self.usage, self.dropped, None)

    def _empty(self, output: BaseModel) -> bool:
        """An answer with no item of any substance while records were given is a failed answer,
        not a finding: drafting "nothing on record" from it would be false."""
        given = self.plan.packed is not None and bool(self.plan.packed.items)
        return given and not any(item.text.strip() for _, _, item in iter_items(output))

    def _learn_names(self, raw: str) -> None:
        """Grounding must know everyone the output names, not only the people the plan read:
        a name of someone in the organisation that no cited record holds is dropped."""
        if self.names is not None and self.grounding is not None:
            self.grounding.people |= self.names(raw)


def _dropped(problems: list[Problem]) -> list[DroppedItem]:
    by_item: dict[str, list[str]] = {}
    for p in problems:
        by_item.setdefault(f"{p.where}: {p.text[:160]}", []).append(p.reason)
    return [DroppedItem(item=k, reason="; ".join(v)) for k, v in by_item.items()]
