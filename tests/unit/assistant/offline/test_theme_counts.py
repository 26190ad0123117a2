"""What an offline HR theme counts (assistant/offline/theme_counts.py): its trend is a share of
all feedback, so a review season is no spike."""

from __future__ import annotations

from assistant.offline.theme_counts import trend


def test_trend_is_a_share_of_volume() -> None:
    assert trend(30, 300, 10, 100).direction == "steady"  # three times everything
    assert trend(30, 100, 10, 100).direction == "rising"
    assert trend(3, 100, 10, 100).direction == "falling"
    assert trend(4, 100, 2, 100).direction == "steady"  # two more records is noise
    assert trend(5, 100, 0, 0).direction == "unknown"
