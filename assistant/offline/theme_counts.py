"""What the offline HR themes (assistant/offline/themes.py) count for a theme: its records, the
people they are about and who gave them, their praise/criticism lean, and how its share of all
feedback moved between two periods."""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.offline.lexicon import Theme
from assistant.tasks.brief import Brief
from assistant.tasks.playbook import Lean
from retrieval.types import ContextItem

# A theme rises when its share of what feedback is about grows by a quarter and by more than
# this many records over what its old share predicts (falls likewise): two records more in a
# small group is noise, not a trend.
TREND_RATIO = 1.25
TREND_MIN_RECORDS = 2


@dataclass
class ThemeStats:
    """One theme's records in the period and its mentions in the period before."""

    key: str
    label: str
    theme: Theme | None  # None for a discovered theme
    items: list[ContextItem] = field(default_factory=list)
    signs: dict[str, int] = field(default_factory=dict)  # citation -> +1 / -1 / 0
    # A discovered theme's own sentences by citation (a taxonomy theme's are its records').
    texts: dict[str, list[str]] = field(default_factory=dict)

    def add(self, item: ContextItem, sign: int) -> None:
        if item.citation not in self.signs:
            self.items.append(item)
            self.signs[item.citation] = sign
        elif self.signs[item.citation] != sign:
            self.signs[item.citation] = 0  # praise and an ask on one theme: mixed

    @property
    def people(self) -> set[int]:
        return {i.subject_id for i in self.items if i.subject_id is not None}

    @property
    def givers(self) -> set[int]:
        return {i.author_id for i in self.items if i.author_id is not None}

    @property
    def praise(self) -> int:
        return sum(1 for s in self.signs.values() if s > 0)

    @property
    def criticism(self) -> int:
        return sum(1 for s in self.signs.values() if s < 0)

    def lean(self) -> Lean:
        pos, neg = self.praise, self.criticism
        if pos >= 2 * max(neg, 1) or (pos and not neg):
            return "praise"
        if neg >= 2 * max(pos, 1) or (neg and not pos):
            return "criticism"
        return "mixed"


@dataclass(frozen=True)
class Trend:
    share: int  # percent of the period's feedback
    previous_share: int
    direction: str  # rising / steady / falling / unknown
    text: str


def windows(
    items: list[ContextItem], brief: Brief
) -> tuple[list[ContextItem], list[ContextItem], bool]:
    """(the period's feedback, the feedback before it, whether the second is the gathered
    window before ``since``). With no start date the period is everything on record, and its
    later half is compared with its earlier half."""
    if brief.since is not None:
        return items, list(brief.baseline), True
    dates = [i.date for i in items if i.date is not None]
    if not dates:
        return items, [], False
    lo, hi = min(dates), brief.until or max(dates)
    middle = lo + (hi - lo) / 2
    later = [i for i in items if i.date is not None and i.date > middle]
    earlier = [i for i in items if i.date is not None and i.date <= middle]
    return later, earlier, False


def trend(now: int, now_total: int, before: int, before_total: int, where: str = "") -> Trend:
    """A theme's ``now`` mentions of the period's ``now_total`` (every theme's mentions, the
    unthemed included) against ``before`` of ``before_total``: its share of what feedback is
    about, so that when feedback as a whole doubles (a review season, whose long reviews also
    touch more themes each) a theme that doubles with it is steady."""
    share = round(100 * now / now_total) if now_total else 0
    previous = round(100 * before / before_total) if before_total else 0
    if not before_total or not now_total:
        return Trend(share, previous, "unknown", "No earlier feedback to compare with.")
    p_now, p_before = now / now_total, before / before_total
    expected = p_before * now_total  # what the old share predicts at today's volume
    if p_now >= TREND_RATIO * p_before and now - expected > TREND_MIN_RECORDS:
        direction = "rising"
    elif p_before >= TREND_RATIO * p_now and expected - now > TREND_MIN_RECORDS:
        direction = "falling"
    else:
        direction = "steady"
    words = {"rising": "up from", "falling": "down from", "steady": "close to"}
    return Trend(
        share,
        previous,
        direction,
        f"{where}{share}% of what feedback is about, {words[direction]} {previous}% before.",
    )
