"""Evidence linked to what an agenda discusses: under each goal at risk and each recurring theme,
the other records about it by meaning — within the caller's scope, shared records only in the
draft, one batched embedding of the queries, and an agenda that survives an index that is down."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from assistant.access import load_caller
from assistant.errors import IndexError_
from assistant.indexing import sync_now
from assistant.runtime import Runtime
from assistant.tasks import TaskResult, evidence
from assistant.tasks.context import Gathering, Subject, gather_about
from assistant.tasks.evidence import PrimedEmbedder, anchors_of, find_evidence
from assistant.tasks.pipeline import generate
from assistant.tasks.registry import task_named
from retrieval.embedders import Embedder, HashingEmbedder
from retrieval.vectors import Vectors
from tests.orgs.evidence_org import CANARY, TODAY, build_evidence_org
from tests.orgs.tasks_org import TasksOrg


@pytest.fixture
def org(runtime: Runtime) -> TasksOrg:
    built = build_evidence_org(runtime)
    sync_now(runtime, strict=True)
    return built


def _agenda(runtime: Runtime, org: TasksOrg) -> TaskResult:
    return generate(runtime, "agenda", org.email("maya"), subject=org.email("dana"), today=TODAY)


def _item(result: TaskResult, section: str, cites: str) -> dict[str, object]:
    """The line citing ``cites`` in ``section``, or in the top three it was moved to."""
    lines = [*result.output["top_three"], *result.output[section]]
    return next(i for i in lines if cites in i["citations"])


def test_a_goal_at_risk_names_the_peers_who_mentioned_it(runtime: Runtime, org: TasksOrg) -> None:
    goal = _item(_agenda(runtime, org), "goals_at_risk", org.doc["retries"])
    cites = list(goal["citations"])  # type: ignore[call-overload]
    assert cites[:2] == [org.doc["retries"], org.doc["update"]]
    assert set(cites[2:]) == org.docs("peer1", "peer2")
    text = str(goal["text"])
    assert "Also on record about it: feedback from " in text
    assert "Hannah Brooks (2026-11-02)" in text and "Zara Ahmed (2026-11-08)" in text
    # Zara's manager-only note is about the retries too, but linking it would make the goal's
    # item manager-only and drop it from the copy shared with Dana.
    assert goal["visibility"] == "shared" and CANARY not in text


def test_a_recurring_theme_links_the_1on1_that_took_it_up(runtime: Runtime, org: TasksOrg) -> None:
    theme = _item(_agenda(runtime, org), "feedback_to_discuss", org.doc["theme1"])
    assert theme["citations"][-1] == org.doc["checkin"]
    assert str(theme["text"]).endswith("Also on record about it: the 1:1 on 2026-11-06.")
    assert theme["visibility"] == "shared"


def _evidence(runtime: Runtime, org: TasksOrg, caller: str) -> dict[str, tuple[str, ...]]:
    task = task_named("summary")  # the one task an employee may draft about themselves
    with runtime.sessions() as session:
        who = load_caller(session, org.email(caller))
        target = task.request(subject=org.email("dana"))
        subject = task.authorize(session, who, target, k=5)
        g = Gathering(
            session, who, subject, target, None, None, TODAY,
            index=runtime.index, lexical=runtime.lexical,
        )  # fmt: skip
        return dict(find_evidence(g, gather_about(g), link=True).linked)


def test_linking_stays_in_the_callers_scope(runtime: Runtime, org: TasksOrg) -> None:
    manager = _evidence(runtime, org, "maya")
    assert org.doc["manager_only"] in manager[org.doc["retries"]]
    own = _evidence(runtime, org, "dana")
    linked = {c for refs in own.values() for c in refs}
    assert set(own[org.doc["retries"]]) == org.docs("peer1", "peer2")
    assert org.doc["manager_only"] not in linked


def test_what_an_agenda_is_searched_by(runtime: Runtime, org: TasksOrg) -> None:
    with runtime.sessions() as session:
        who = load_caller(session, org.email("maya"))
        subject = Subject(org.people["dana"], "Dana Okafor")
        target = task_named("agenda").request(subject=org.email("dana"))
        items = gather_about(Gathering(session, who, subject, target, None, None, TODAY)).items
    anchors = dict(anchors_of(items, TODAY))
    # The off-track goal by its title; the recurring criticism by its cues, as its records say them.
    assert anchors[org.doc["retries"]] == "Roll out payment retries to all merchants"
    assert anchors["theme:communication:-1"] == "status update"
    assert len(anchors) == 2  # the praise is no theme to discuss, and there is no other goal


class _Counting(Embedder):
    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.calls: list[list[str]] = []

    @property
    def id(self) -> str:
        return self.inner.id

    @property
    def dimension(self) -> int:
        return self.inner.dimension

    def embed(self, texts: Sequence[str]) -> Vectors:
        self.calls.append(list(texts))
        return self.inner.embed(texts)


def test_the_queries_are_embedded_in_one_batch() -> None:
    counting = _Counting(HashingEmbedder(16))
    primed = PrimedEmbedder(counting, ["a goal", "a theme", "a goal"])
    assert counting.calls == [["a goal", "a theme"]]
    together = primed.embed_queries(["a theme", "a goal"])
    assert counting.calls == [["a goal", "a theme"]]  # read back, not embedded again
    assert (together == counting.inner.embed(["a theme", "a goal"])).all()
    primed.embed_queries(["new"])  # an unknown query is embedded on demand
    assert counting.calls[-1] == ["new"] and primed.id == counting.id


def test_an_index_that_is_down_costs_the_links_not_the_agenda(
    runtime: Runtime, org: TasksOrg, monkeypatch: pytest.MonkeyPatch
) -> None:
    def down(*args: object, **kwargs: object) -> object:
        raise IndexError_("the search index is unavailable")

    monkeypatch.setattr(evidence, "hybrid_search", down)
    goal = _item(_agenda(runtime, org), "goals_at_risk", org.doc["retries"])
    assert goal["citations"] == [org.doc["retries"], org.doc["update"]]


def test_a_model_is_told_what_each_goal_and_theme_links_to(runtime: Runtime, org: TasksOrg) -> None:
    from assistant.llm import ScriptedModel

    item = {"text": "Hannah Brooks flagged the paused retries.", "citations": [org.doc["peer1"]]}
    sections = ("wins", "goals_at_risk", "action_items", "feedback_to_discuss", "growth")
    model = ScriptedModel().enqueue({"questions": [item]} | {k: [] for k in sections})
    generate(
        runtime, "agenda", org.email("maya"), subject=org.email("dana"), today=TODAY, model=model
    )
    prompt = model.history[0][1].content
    # A model may cite the manager-only note too (its item is then marked manager-only).
    line = next(ln for ln in prompt.splitlines() if ln.startswith(f"- {org.doc['retries']}: "))
    assert set(line.split(": ")[1].split(", ")) == org.docs("manager_only", "peer1", "peer2")
    assert f"- the theme communication: {org.doc['checkin']}" in prompt
