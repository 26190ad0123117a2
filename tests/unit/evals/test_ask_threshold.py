"""The labelled questions behind the ask task's relevance threshold, and the sweep's arithmetic."""

from __future__ import annotations

from evals.ask.threshold import Question, Scored, load_questions, sweep


def test_the_labelled_questions_have_both_labels_in_both_splits() -> None:
    questions = load_questions()
    for split, at_least in (("tuning", 40), ("heldout", 20)):
        mine = [q for q in questions if q.split == split]
        assert len(mine) >= at_least, split
        assert {q.answerable for q in mine} == {True, False}, split
    assert len({(q.as_, q.about, q.q) for q in questions}) == len(questions)


def test_sweep_counts_answered_and_nothing_on_record() -> None:
    def scored(best: float, answerable: bool) -> Scored:
        return Scored(Question(**{"as": "a@x", "q": "q", "answerable": answerable}), best, 1, 0.0)

    rows = [scored(1.0, True), scored(0.5, True), scored(0.7, False), scored(0.0, False)]
    low, high = sweep(rows, (0.4, 0.6))
    assert (low.precision, low.recall, low.nor_precision, low.nor_recall) == (2 / 3, 1.0, 1.0, 0.5)
    assert (high.precision, high.recall) == (0.5, 0.5)
    assert (high.nor_precision, high.nor_recall) == (0.5, 0.5)
