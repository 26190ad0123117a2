"""Measure the relevance threshold that separates answerable questions from "nothing on record".

``python -m evals.ask [--data-dir DIR]`` builds (or reuses) the eval demo organisation, indexes
it, and for each labelled question in ``questions.yaml`` retrieves as the asker (their access
scope in the query) and records the best relevance among the candidates
(assistant/tasks/relevance.py). A question is answered when that best score reaches the
threshold; answerable questions are the positive class. The sweep prints precision and recall
of "answered" and of "nothing on record" at each threshold on the tuning split (where the
threshold was chosen), then the chosen threshold (assistant.tasks.relevance.THRESHOLD) on the
held-out split, and the per-question scores.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

from assistant import clock
from assistant.access import load_caller
from assistant.indexing import sync_now
from assistant.people import person_id_by_email
from assistant.runtime import Runtime
from assistant.tasks.ask import retrieve
from assistant.tasks.relevance import THRESHOLD
from evals.runner import EVAL_DAY, prepare_demo, settings_for

QUESTIONS = Path(__file__).parent / "questions.yaml"
SWEEP = (0.2, 0.25, 0.34, 0.4, 0.5, 0.6, 0.67, 0.75, 0.8, 1.0)


class Question(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    as_: str = Field(alias="as")
    about: str | None = None
    q: str
    answerable: bool
    split: Literal["tuning", "heldout"] = "tuning"


class QuestionFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    questions: list[Question]


def load_questions(path: Path = QUESTIONS) -> list[Question]:
    return QuestionFile.model_validate(yaml.safe_load(path.read_text("utf-8"))).questions


@dataclass(frozen=True)
class Scored:
    question: Question
    best: float
    candidates: int
    ms: float


@dataclass(frozen=True)
class Point:
    threshold: float
    precision: float  # of "answered"
    recall: float
    nor_precision: float  # of "nothing on record"
    nor_recall: float

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score_questions(runtime: Runtime, questions: list[Question]) -> list[Scored]:
    today = clock.today(runtime.settings)
    out = []
    with runtime.sessions() as session:
        for q in questions:
            caller = load_caller(session, q.as_)
            about = None
            if q.about:
                about = person_id_by_email(session, q.about)
            started = time.perf_counter()
            got = retrieve(
                session, caller, q.q, subject_id=about, index=runtime.index,
                lexical=runtime.lexical, today=today, threshold=0.0,
            )  # fmt: skip
            ms = (time.perf_counter() - started) * 1000
            out.append(Scored(q, got.best, got.candidates, ms))
    return out


def sweep(scored: list[Scored], thresholds: tuple[float, ...] = SWEEP) -> list[Point]:
    points = []
    for t in thresholds:
        tp = sum(1 for s in scored if s.question.answerable and s.best >= t)
        fp = sum(1 for s in scored if not s.question.answerable and s.best >= t)
        fn = sum(1 for s in scored if s.question.answerable and s.best < t)
        tn = sum(1 for s in scored if not s.question.answerable and s.best < t)
        points.append(
            Point(
                t,
                tp / (tp + fp) if tp + fp else 1.0,
                tp / (tp + fn) if tp + fn else 1.0,
                tn / (tn + fn) if tn + fn else 1.0,
                tn / (tn + fp) if tn + fp else 1.0,
            )
        )
    return points


def indexed_runtime(data_dir: Path) -> Runtime:
    prepare_demo(data_dir, today=EVAL_DAY)
    runtime = Runtime(settings_for(data_dir, "offline", today=EVAL_DAY))
    sync_now(runtime, strict=True)
    return runtime


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=Path("/tmp/cadence-ask-eval"))
    args = parser.parse_args(argv)
    runtime = indexed_runtime(args.data_dir)
    try:
        scored = score_questions(runtime, load_questions())
    finally:
        runtime.close()
    for s in scored:
        label = "answerable" if s.question.answerable else "not on record"
        print(
            f"{s.best:5.2f}  {s.candidates:3d}  {s.ms:6.1f} ms  {s.question.split:7s}  "
            f"{label:13s}  {s.question.q}"
        )
    tuning = [s for s in scored if s.question.split == "tuning"]
    heldout = [s for s in scored if s.question.split == "heldout"]
    header = "threshold  precision  recall  F1    | nothing-on-record precision  recall"
    for name, rows, points in (
        (f"tuning ({len(tuning)} questions)", tuning, SWEEP),
        (f"held out ({len(heldout)} questions), at THRESHOLD", heldout, (THRESHOLD,)),
    ):
        if not rows:
            continue
        print(f"\n{name}\n{header}")
        for p in sweep(rows, points):
            print(
                f"{p.threshold:9.2f}  {p.precision:9.3f}  {p.recall:6.3f}  {p.f1:.3f} |"
                f" {p.nor_precision:27.3f}  {p.nor_recall:6.3f}"
            )
    ms = sorted(s.ms for s in scored)
    print(f"\nretrieval per question: median {ms[len(ms) // 2]:.1f} ms, max {ms[-1]:.1f} ms")


if __name__ == "__main__":
    main()
