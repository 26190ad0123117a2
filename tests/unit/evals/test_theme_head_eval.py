"""The even-id confusion table of ``python -m evals.theme_head --confusion``."""

from __future__ import annotations

from collections import Counter

from evals.theme_head import confusion_report


def test_each_labelled_theme_shows_where_its_misses_went() -> None:
    counts = Counter({("ownership", "ownership"): 2, ("ownership", "problem"): 3,
                      ("ownership", "quality"): 1, ("problem", "problem"): 4})  # fmt: skip
    lines = confusion_report(counts).splitlines()
    assert "| ownership | 6 | 2 | problem 3, quality 1 |" in lines
    assert "| problem | 4 | 4 |  |" in lines
