"""The wild query set: its file is well-formed, every judgement names a dev-set record, and the
judgements map onto the wild organisation's records (with the subjects and callers they claim)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest
import yaml

from assistant.importer import import_bundle
from assistant.runtime import Runtime
from assistant.settings import Settings
from evals.devset import load_devset
from evals.retrieval.wild_qrels import (
    MAX_RELEVANT,
    WildQuery,
    load_wild_queries,
    resolve_wild,
    wild_org,
)
from evals.wild.build import MANAGER, WildOrg, build

DAY = dt.date(2026, 11, 26)


@pytest.fixture(scope="module")
def queries() -> list[WildQuery]:
    return load_wild_queries()


@pytest.fixture(scope="module")
def org() -> WildOrg:
    return wild_org(DAY)


def test_the_set_is_sized_and_judged_as_documented(queries: list[WildQuery]) -> None:
    assert 60 <= len(queries) <= 80
    for q in queries:
        assert 3 <= len(q.relevant) <= MAX_RELEVANT, q.id
    tags = Counter(t for q in queries for t in q.tags)
    for tag in ("paraphrase", "keyword", "name", "structured", "checkin", "self", "hr"):
        assert tags[tag] >= 3, f"too few {tag} queries"


def test_every_dev_record_is_a_record_of_the_full_build(org: WildOrg) -> None:
    devset = load_devset()
    texts = {f.id: f.text for f in devset.feedback} | {n.id: n.text for n in devset.notes}
    assert set(org.records) == set(texts)
    assert len(set(org.records.values())) == len(org.records)
    # one sentence per record, so a citation maps back to the sentence judged
    held = {f.id: f.text for f in org.bundle.feedback}
    held |= {c.id: c.shared_notes or c.private_notes for c in org.bundle.checkins}
    assert all(held[org.records[dev]] == text for dev, text in texts.items())


def test_every_judgement_maps_with_its_subject_and_caller(
    queries: list[WildQuery], org: WildOrg
) -> None:
    resolved = resolve_wild(queries, org)  # raises on a record about someone else, or unseen
    assert all(r.answerable and not r.missing for r in resolved)
    assert [len(r.relevant) for r in resolved] == [len(q.relevant) for q in queries]
    emails = {p.id: p.email for p in org.bundle.people}
    for r in resolved:
        assert r.about == (emails[r.query.about] if r.query.about else None)
        assert r.caller == (MANAGER if r.query.caller == "manager" else emails[r.query.caller])
    assert sum(r.about is not None for r in resolved) >= 10
    assert sum(r.caller != MANAGER for r in resolved) >= 3


def test_wild_md_states_the_counts(queries: list[WildQuery]) -> None:
    grades = Counter(g for q in queries for g in q.relevant.values())
    line = (
        f"{len(queries)} queries; {sum(grades.values())} judgements ({grades[2]} graded 2, "
        f"{grades[1]} graded 1)"
    )
    doc = " ".join((Path(__file__).parents[3] / "evals/retrieval/WILD.md").read_text().split())
    assert line in doc, f"update the counts in WILD.md: {line}"


def test_the_reports_records_do_not_move_when_every_record_is_filed() -> None:
    small, full = build(9, today=DAY), build(9, today=DAY, every_record=True)
    assert full.bundle.feedback[: len(small.bundle.feedback)] == small.bundle.feedback
    assert small.records.items() <= full.records.items()
    assert not small.bundle.checkins


def test_a_smaller_build_keeps_what_it_holds(queries: list[WildQuery]) -> None:
    """The default wild build files about half the sentences and no notes; judgements on the
    rest are reported missing, not silently turned into irrelevant records."""
    small = build(27, today=DAY)
    dev_of = {ext: dev for dev, ext in small.records.items()}
    unscoped = [q for q in queries if q.about is None and q.caller == "manager"]
    for r in resolve_wild(unscoped, small):
        held = {dev_of[ext] for ext in r.relevant}
        assert held | set(r.missing) == set(r.query.relevant) and not held & set(r.missing)
        assert not any(d.startswith("n") for d in held), "the default build has no notes"


def _write(tmp_path: Path, *queries: dict[str, object]) -> Path:
    path = tmp_path / "q.yaml"
    path.write_text(yaml.safe_dump({"queries": list(queries)}))
    return path


@pytest.mark.parametrize(
    ("query", "error"),
    [
        ({"relevant": {"f999": 2}}, "no dev-set record"),
        ({"relevant": {"f001": 1}}, "at least one record judged 2"),
        ({"relevant": {"f001": 3}}, "relevant"),
        ({"tags": ["vibes"]}, "tags"),
        ({"as": "p1", "about": "p2"}, "only about themself"),
        ({"relevant": {f"f{i:03}": 2 for i in range(1, MAX_RELEVANT + 2)}}, "relevant"),
    ],
)
def test_the_loader_refuses_a_bad_query(
    tmp_path: Path, query: dict[str, object], error: str
) -> None:
    base: dict[str, object] = {"id": "q", "query": "anything", "tags": ["keyword"]}
    base["relevant"] = {"f001": 2}
    with pytest.raises(ValueError, match=error):
        load_wild_queries(_write(tmp_path, {**base, **query}))


def test_the_loader_refuses_duplicate_ids(tmp_path: Path) -> None:
    q: dict[str, object] = {"id": "q", "query": "any", "tags": ["keyword"], "relevant": {"f001": 2}}
    with pytest.raises(ValueError, match="duplicate"):
        load_wild_queries(_write(tmp_path, q, q))


def test_resolving_refuses_a_wrong_subject_or_a_private_note_for_a_report(org: WildOrg) -> None:
    holder = {v: k for k, v in org.records.items()}
    note = next(c for c in org.bundle.checkins if c.private_notes)
    private_id, owner = holder[note.id], str(note.employee)
    elsewhere = next(f for f in org.bundle.feedback if f.receiver != owner)
    wrong = WildQuery(id="q", query="any", tags=("structured",), about=owner,
                      relevant={holder[elsewhere.id]: 2})  # fmt: skip
    with pytest.raises(ValueError, match="is not about"):
        resolve_wild([wrong], org)
    peek = WildQuery.model_validate(
        {"id": "q", "query": "any", "tags": ["self"], "as": owner, "relevant": {private_id: 2}}
    )
    with pytest.raises(ValueError, match="may not see"):
        resolve_wild([peek], org)


def test_the_full_build_imports(tmp_path: Path, org: WildOrg) -> None:
    """The check-ins and the givers' feedback pass the project's own importer."""
    runtime = Runtime(Settings(data_dir=tmp_path, environment="test", llm_provider="offline"))
    report = import_bundle(runtime.sessions, org.bundle, dry_run=True, migration=True)
    assert report.sections["feedback"].created == len(org.bundle.feedback)
    assert report.sections["checkins"].created == len(org.bundle.checkins)
