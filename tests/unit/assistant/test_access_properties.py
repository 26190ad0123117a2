"""Property-based access tests: over random organisations and reorgs (tests/random_org.py), no
record a caller may not see is retrieved, shown to a model, or written into an output.

The expected sets come from :func:`random_org.expected_docs`, the policy worked out from the plan
alone; the code under test is assistant/access.py through records, retrieval and the pipeline.
Examples are derandomized under ``CI=true`` so CI runs the same organisations every time.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, get_args, get_origin

import chromadb
import pytest
from chromadb.config import Settings as ChromaSettings
from hypothesis import given
from hypothesis import strategies as st
from random_org import (
    COMMON_WORD,
    DAY,
    Built,
    Key,
    Plan,
    active,
    below,
    build,
    callers,
    example_runtime,
    expected_docs,
    group_shared_feedback,
    make_template,
    orgs,
    property_settings,
    reorg,
)
from sqlalchemy import select

from assistant.access import load_caller, scope_for, subject_scope
from assistant.errors import AccessDenied, GroupTooSmall, NotFound
from assistant.llm import Message, ScriptedModel
from assistant.models import INDEXED
from assistant.records import RECORD_TYPES, context_about, fetch_context, render_documents
from assistant.tasks import TaskResult
from assistant.tasks.pipeline import generate
from assistant.tasks.registry import TASKS
from assistant.tasks.schemas import MAX_CITATIONS
from retrieval.embedders import HashingEmbedder
from retrieval.filters import to_chroma_where, to_sql
from retrieval.index import VectorIndex
from retrieval.lexical import LexicalIndex, documents
from retrieval.search import hybrid_search
from retrieval.types import ContextItem


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_template(tmp_path_factory.mktemp("template"))


@pytest.fixture(scope="module")
def chroma() -> Iterator[Any]:
    client = chromadb.EphemeralClient(settings=ChromaSettings(anonymized_telemetry=False))
    yield client


def _doc_id(item: ContextItem) -> str:
    return item.citation + (":private" if item.facts.get("part") == "private" else "")


def _about(plan: Plan, key: Key, subject: int) -> bool:
    """Is the record ``key`` about ``subject`` (the person it concerns)?"""
    kind, i = key[0], key[1]
    if kind in ("G", "K", "U"):
        goal = {"G": lambda: i, "K": lambda: plan.key_results[i], "U": lambda: plan.updates[i][0]}
        owner_kind, owner, _ = plan.goals[goal[kind]()]
        return owner_kind == "person" and owner == subject
    if kind == "F":
        return plan.feedback[i][1] == subject
    if kind == "C":
        return plan.checkins[i][0] == subject
    return plan.checkins[plan.actions[i][0]][0] == subject


# --- retrieval: records layer, scoped search, both index legs ----------------------------------


@property_settings(max_examples=25)
@given(plan=orgs(), data=st.data())
def test_retrieval_returns_only_what_the_policy_allows(
    template: Path, chroma: Any, plan: Plan, data: st.DataObject
) -> None:
    index = VectorIndex(chroma, HashingEmbedder(dimension=32))
    index.drop()  # a fresh collection for every organisation
    with example_runtime(template) as runtime:
        built = build(runtime, plan)
        reorg(runtime, built)
        lexical = LexicalIndex()
        with runtime.sessions() as s:
            docs = [
                d
                for rtype in RECORD_TYPES
                for d in render_documents(s, rtype, s.scalars(select(INDEXED[rtype].id)))
            ]
            assert {d.doc_id for d in docs} == set(built.docs.values())
            lexical.upsert(s, docs)
            s.commit()
        if docs:
            index.upsert(docs)
        with runtime.sessions() as s:
            for who in callers(plan, data.draw, most=3):
                _check_retrieval(s, built, who, index, lexical, data)


def _check_retrieval(
    s: Any, built: Built, who: int, index: VectorIndex, lexical: LexicalIndex, data: Any
) -> None:
    plan = built.plan
    expected = expected_docs(plan, who)
    want = built.doc_ids(expected)
    caller = load_caller(s, built.people[who])

    # Every record by citation: exactly the visible ones come back (private parts included).
    got = {_doc_id(i) for i in fetch_context(s, caller, built.all_citations(), today=DAY)}
    assert got == want, f"fetch_context for p{who}"

    # The scope, as both legs' filters, over every indexed document.
    scope = scope_for(caller)
    sql_ids = set(s.scalars(select(documents.c.doc_id).where(to_sql(scope, documents.c))))
    assert sql_ids == want, f"lexical scope for p{who}"
    chroma_ids = set(index.collection.get(where=to_chroma_where(scope), include=[])["ids"])
    assert chroma_ids == want, f"vector scope for p{who}"

    # A search every document matches finds every visible record and nothing else.
    hits = hybrid_search(
        COMMON_WORD, scope, index=index, lexical=lexical, session=s, k=500, candidates=500
    )
    assert {h.citation for h in hits} == built.citations(expected), f"search for p{who}"

    subjects = {who, *data.draw(st.lists(st.integers(0, plan.size - 1), max_size=3))}
    for subject in sorted(subjects):
        about = {k for k in expected if _about(plan, k, subject)}
        items = context_about(s, caller, built.people[subject], today=DAY)
        assert {_doc_id(i) for i in items} == built.doc_ids(about), f"p{who} about p{subject}"
        narrowed = subject_scope(caller, built.people[subject])
        hits = hybrid_search(
            COMMON_WORD,
            narrowed,
            index=index,
            lexical=lexical,
            session=s,
            k=500,
            candidates=500,
            subject_id=built.people[subject],
        )
        assert {h.citation for h in hits} <= built.citations(about), f"p{who} search p{subject}"


# --- the tasks: what the model is shown and what comes out --------------------------------------


def _item_fields(item_type: type[Any], text: str, citations: list[str]) -> dict[str, Any]:
    fields: dict[str, Any] = {"text": text, "citations": citations}
    for name in item_type.model_fields:
        if name in fields:
            continue
        fields[name] = {
            "feedback_count": 1,
            "giver_count": 1,
            "count": 1,
            "people": 1,
            "praise": 0,
            "criticism": 0,
            "share": 0,
            "previous_share": 0,
            "sentiment": "mixed",
            "trend": "steady",
            "origin": "taxonomy",
        }.get(name, text)
    return fields


def _forger(task: str, built: Built, order: list[str]) -> Any:
    """A model that has guessed every record id in the organisation: it cites them all (the
    foreign ones first), quoting whatever record text its prompt holds."""
    schema = TASKS[task].schema

    def answer(messages: list[Message]) -> dict[str, Any]:
        prompt = "\n".join(m.content for m in messages)
        quotes = [f"mk{n}x" for n in sorted(built.markers) if f"mk{n}x" in prompt]
        out: dict[str, Any] = {}
        todo = list(order)
        for name, field in schema.model_fields.items():
            if get_origin(field.annotation) is not list:
                continue  # the request's own fields (a focus, a question): not the model's
            item_type = get_args(field.annotation)[0]
            limit = next(m.max_length for m in field.metadata if hasattr(m, "max_length"))
            items = []
            for n in range(limit):
                if not todo:
                    break
                # Alternate single citations and bundles mixing foreign and visible records.
                width = 1 if n % 2 == 0 else MAX_CITATIONS
                cites, todo = todo[:width], todo[width:]
                quote = quotes[len(items) % len(quotes)] if quotes else "nothing"
                text = f"As recorded about the {COMMON_WORD}, {quote}."
                items.append(_item_fields(item_type, text, cites))
            out[name] = items
        return out

    return answer


def _run(
    runtime: Any,
    built: Built,
    task: str,
    who: int,
    allowed: set[Key],
    data: st.DataObject,
    **kw: Any,
) -> TaskResult:
    """Generate with the forging model, then check the prompt and the output against
    ``allowed`` (the records this task may draw on for this caller)."""
    allowed_citations = built.citations(allowed)
    foreign = [c for c in built.all_citations() if c not in allowed_citations]
    order = data.draw(st.permutations(foreign)) + data.draw(
        st.permutations(sorted(allowed_citations))
    )
    model = ScriptedModel()
    model.enqueue(_forger(task, built, order), _forger(task, built, order))
    result = generate(runtime, task, built.emails[who], today=DAY, model=model, **kw)
    label = f"{task} by p{who} {kw}"
    for call in model.history:
        shown = built.keys_in("\n".join(m.content for m in call))
        assert shown <= allowed, f"{label}: the model was shown {shown - allowed}"
    cited = {c for section in result.output.values() for i in section for c in i["citations"]}
    assert cited <= allowed_citations, f"{label}: output cites {cited - allowed_citations}"
    written = built.keys_in(
        json.dumps(result.output) + json.dumps([str(d) for d in result.dropped])
    )
    assert written <= allowed, f"{label}: output quotes {written - allowed}"
    return result


def _check_tasks(runtime: Any, built: Built, who: int, subject: int, data: st.DataObject) -> None:
    plan = built.plan
    expected = expected_docs(plan, who)
    reports = below(plan, who)
    about = {k for k in expected if _about(plan, k, subject)}
    mine = {k for k in expected if _about(plan, k, who)}
    email = built.emails[subject]

    _run(runtime, built, "reflection", who, mine, data)
    _run(runtime, built, "summary", who, {k for k in mine if k[0] == "F"}, data)
    for task in ("agenda", "coaching", "summary"):
        allowed = {k for k in about if task != "summary" or k[0] == "F"}
        if subject in reports or (task == "summary" and subject == who):
            _run(runtime, built, task, who, allowed, data, subject=email)
        else:
            with pytest.raises(NotFound):
                generate(runtime, task, built.emails[who], subject=email, today=DAY)

    group = set(active(plan))
    if "hr" not in plan.roles[who]:
        with pytest.raises(AccessDenied):
            generate(runtime, "themes", built.emails[who], org=True, today=DAY)
    elif len(group) < runtime.settings.anonymity_k:
        with pytest.raises(GroupTooSmall):
            generate(runtime, "themes", built.emails[who], org=True, today=DAY)
    else:
        _run(runtime, built, "themes", who, group_shared_feedback(plan, group), data, org=True)


@property_settings(max_examples=25)
@given(plan=orgs(max_people=15), data=st.data())
def test_tasks_show_and_write_only_what_the_policy_allows(
    template: Path, plan: Plan, data: st.DataObject
) -> None:
    with example_runtime(template) as runtime:
        built = build(runtime, plan)
        asking = [
            (who, data.draw(st.integers(0, plan.size - 1), label="subject"))
            for who in callers(plan, data.draw, most=3)
        ]
        # Drafts stored before the reorg must not be served to a caller who lost access.
        for who, subject in asking:
            if subject in below(plan, who, before_reorg=True):
                for task in ("agenda", "coaching"):
                    model = ScriptedModel([_forger(task, built, built.all_citations())] * 2)
                    generate(
                        runtime,
                        task,
                        built.emails[who],
                        subject=built.emails[subject],
                        today=DAY,
                        model=model,
                    )
        reorg(runtime, built)
        for who, subject in asking:
            _check_tasks(runtime, built, who, subject, data)
