"""The wild suite: people built from the dev set, drafted for by the offline drafter, measured
against the labels. A slice of nine people (one of each lean) gates at its measured values minus
a small margin, so a regression in how drafts read real-style text fails here."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from evals.wild.build import LEANS, PER_PERSON, build
from evals.wild.run import Measures, run, spearman

SLICE = len(LEANS)


@pytest.fixture(scope="module")
def wild(tmp_path_factory: pytest.TempPathFactory) -> Measures:
    return run(SLICE, data_dir=tmp_path_factory.mktemp("wild"))


def test_people_get_the_labelled_mix_and_no_label_reaches_the_drafter() -> None:
    org = build(SLICE, today=dt.date(2026, 11, 26))
    used = Counter(s.id for p in org.people for s in p.feedback.values())
    assert max(used.values()) == 1, "a dev sentence is given to one person once"
    for person in org.people:
        judged = [s for s in person.feedback.values() if s.polarity != "neutral"]
        assert len(judged) == PER_PERSON
        assert sum(s.polarity == "strength" for s in judged) == round(PER_PERSON * person.lean)
    assert {f.kind for f in org.bundle.feedback} == {"review"}  # the kind would give it away


def test_spearman() -> None:
    assert spearman([1, 2, 3, 4], [10, 20, 30, 40]) == pytest.approx(1.0)
    assert spearman([1, 2, 3, 4], [4, 3, 2, 1]) == pytest.approx(-1.0)
    # ties share a rank; Pearson on the ranks, as scipy.stats.spearmanr
    assert spearman([1, 2, 2, 3], [1, 3, 2, 4]) == pytest.approx(4.5 / 22.5**0.5)
    assert spearman([1, 1, 1], [1, 2, 3]) == 0.0


def test_wild_slice_holds_its_measured_values(wild: Measures) -> None:
    # Measured on 2026-11-30 (offline drafter): Spearman 0.67, 4 of 6 leaners, no empty summary,
    # citation share 0.73 (summary) / 0.38 (coaching), coaching template ratio 0.73 (0.38 once
    # coaching was built from the evidence, issue 10), theme
    # precision 0.43 strict, 0.85 of quotes on their labelled side, HR theme precision 0.50.
    # With the trained theme head (branch meaning) theme precision rose to 0.53 strict, while
    # Spearman fell from 0.67 to 0.60 and HR theme precision from 0.48 to 0.42 (HR themes 5 -> 4):
    # on 9 people one low performer's summary now cites one growth record instead of two (growth
    # claims spread over more themes, each too small to show). Gates follow the measured values.
    assert wild.people == SLICE and len(wild.rows) == SLICE
    assert wild.spearman >= 0.57
    assert wild.leaning_right >= 4 and wild.leaning_total == 6
    assert wild.empty_summaries == 0
    assert wild.summary_citation_share >= 0.70
    assert wild.coaching_citation_share >= 0.35
    assert wild.coaching_template_ratio <= 0.45
    assert wild.theme_quoted >= 40
    assert wild.theme_strict >= 0.50 and wild.theme_lenient >= wild.theme_strict
    assert wild.side_precision >= 0.80
    assert wild.hr_themes >= 3 and wild.hr_theme_precision >= 0.40
