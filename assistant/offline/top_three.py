"""The agenda's top three: the lines most worth the 1:1's time, chosen across sections.

Each line of a drafted agenda is scored from the records it cites — what kind of thing it is
sets its urgency, its evidence adds to it — with the named points of ``assistant/tasks/windows.py``
(``TOP_*``; docs/ARCHITECTURE.md explains the scale). The three highest, at most
``TOP_PER_SECTION`` from one section and none below ``TOP_MIN_SCORE``, open the agenda and leave
their sections, so no line is said twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.offline import carryover
from assistant.offline.facts import as_date
from assistant.offline.wellbeing import RECOVERY_ASK, WELLBEING_LEAD
from assistant.record_facts import (
    ActionItemFacts,
    FeedbackFacts,
    GoalFacts,
    facts_of,
)
from assistant.tasks.schemas import AGENDA_SECTIONS, Agenda, Item
from assistant.tasks.windows import (
    LONG_OVERDUE,
    LOW_MOOD,
    RECENT_WIN,
    STALE_AFTER,
    TOP_CAREER,
    TOP_DUE_SOON,
    TOP_EXTRA_GIVERS_CAP,
    TOP_FOLLOW_UP,
    TOP_GOAL_AT_RISK,
    TOP_GOAL_DONE,
    TOP_GOAL_OFF_TRACK,
    TOP_GOAL_STALE,
    TOP_GROWTH_STEP,
    TOP_LONG_OVERDUE,
    TOP_MIN_SCORE,
    TOP_MOOD_DROP,
    TOP_MOOD_LOW,
    TOP_OLDER_WIN,
    TOP_OVERDUE,
    TOP_OVERDUE_LAST_CHECKIN,
    TOP_PER_EXTRA_GIVER,
    TOP_PER_SECTION,
    TOP_PER_STALE_WEEK,
    TOP_RECENT_WIN,
    TOP_REPEATED_CRITICISM,
    TOP_SINCE_LAST_CHECKIN,
    TOP_SINGLE_CRITICISM,
    TOP_STALE_WEEKS_CAP,
    TOP_THREE,
    TOP_WELLBEING,
    TOP_WELLBEING_RECOVERED,
)
from retrieval.types import ContextItem

_ORDER = {name: rank for rank, (name, _) in enumerate(AGENDA_SECTIONS)}


@dataclass(frozen=True)
class Scored:
    """One agenda line with its points and the named reason they came from."""

    section: str
    item: Item
    score: int
    reason: str


class _Records:
    """The records an agenda line cites, and the date of the last 1:1."""

    def __init__(self, items: list[ContextItem], today: dt.date):
        self.today = today
        self.by_citation: dict[str, list[ContextItem]] = {}
        for item in items:
            self.by_citation.setdefault(item.citation, []).append(item)
        self.last_checkin = carryover.last_checkin_date(items)

    def cited(self, line: Item, kind: str) -> list[ContextItem]:
        return [
            record
            for ref in line.citations
            for record in self.by_citation.get(ref, [])
            if record.record_type == kind
        ]

    def news(self, records: list[ContextItem]) -> int:
        """TOP_SINCE_LAST_CHECKIN when a record is dated after the last 1:1 (and not ahead of
        today): something this 1:1 has not talked about yet."""
        last = self.last_checkin
        fresh = any(
            r.date is not None and (last is None or r.date > last) and r.date <= self.today
            for r in records
        )
        return TOP_SINCE_LAST_CHECKIN if fresh else 0


def _action(line: Item, rec: _Records) -> tuple[int, str] | None:
    actions = rec.cited(line, "action_item")
    if not actions:
        # A follow-up the last 1:1 agreed, quoted from its note.
        return (TOP_FOLLOW_UP, "follow_up") if rec.cited(line, "checkin") else None
    facts = facts_of(actions[0], ActionItemFacts)
    due = as_date(facts.get("due_date"))
    if due is None or due >= rec.today:
        return TOP_DUE_SOON, "open_action"
    came = as_date(facts.get("checkin_date"))
    if rec.today - due > LONG_OVERDUE:
        return TOP_LONG_OVERDUE, "long_overdue"
    if came is not None and came == rec.last_checkin:
        return TOP_OVERDUE_LAST_CHECKIN, "overdue_from_last_1on1"
    return TOP_OVERDUE, "overdue"


def _goal(line: Item, rec: _Records) -> tuple[int, str] | None:
    goals = rec.cited(line, "goal")
    if not goals:
        return None
    status = facts_of(goals[0], GoalFacts).get("status") or ""
    updates = rec.cited(line, "goal_update")
    if status == "off_track":
        return TOP_GOAL_OFF_TRACK + rec.news(updates), "goal_off_track"
    if status == "at_risk":
        return TOP_GOAL_AT_RISK + rec.news(updates), "goal_at_risk"
    dates = [u.date for u in updates if u.date is not None]
    last = max(dates) if dates else as_date(facts_of(goals[0], GoalFacts).get("last_update"))
    weeks = ((rec.today - last - STALE_AFTER).days // 7) if last else TOP_STALE_WEEKS_CAP
    return TOP_GOAL_STALE + TOP_PER_STALE_WEEK * min(max(weeks, 0), TOP_STALE_WEEKS_CAP), (
        "goal_stale"
    )


def _givers(feedback: list[ContextItem]) -> int:
    who = {f.author_id if f.author_id is not None else facts_of(f, FeedbackFacts).get("giver")
           for f in feedback}  # fmt: skip
    return len(who)


def _criticism(line: Item, rec: _Records) -> tuple[int, str] | None:
    feedback = rec.cited(line, "feedback")
    if not feedback:
        return None
    givers = _givers(feedback)
    if givers < 2:
        return TOP_SINGLE_CRITICISM + rec.news(feedback), "single_criticism"
    extra = TOP_PER_EXTRA_GIVER * min(givers - 2, TOP_EXTRA_GIVERS_CAP)
    return TOP_REPEATED_CRITICISM + extra + rec.news(feedback), "repeated_criticism"


def _win(line: Item, rec: _Records) -> tuple[int, str] | None:
    praise = rec.cited(line, "feedback")
    if praise:
        newest = max((p.date for p in praise if p.date), default=None)
        if newest is not None and rec.last_checkin is not None and newest > rec.last_checkin:
            return TOP_RECENT_WIN, "win_since_last_1on1"
        if newest is not None and rec.today - newest <= RECENT_WIN:
            return TOP_OLDER_WIN, "win"
        return None
    if rec.cited(line, "goal") or rec.cited(line, "key_result"):
        return TOP_GOAL_DONE, "goal_done"
    return None


def _growth(line: Item, rec: _Records) -> tuple[int, str] | None:
    if rec.cited(line, "checkin"):
        return TOP_CAREER, "career_thread"
    return TOP_GROWTH_STEP, "growth_step"


def _question(line: Item, rec: _Records) -> tuple[int, str] | None:
    """Questions stay questions, except the mood of the last 1:1s (it cites both notes) and the
    strain they named."""
    if line.text.startswith(WELLBEING_LEAD):
        if line.text.endswith(RECOVERY_ASK):
            return TOP_WELLBEING_RECOVERED, "wellbeing_recovered"
        return TOP_WELLBEING, "wellbeing"
    notes = [n for n in rec.cited(line, "checkin") if n.date is not None]
    if len({n.date for n in notes}) < 2:
        return None
    moods = [carryover.mood_of(n) for n in notes]
    if all(m is not None and m <= LOW_MOOD for m in moods):
        return TOP_MOOD_LOW, "mood_low"
    return TOP_MOOD_DROP, "mood_drop"


_SCORERS = {
    "wins": _win,
    "goals_at_risk": _goal,
    "action_items": _action,
    "feedback_to_discuss": _criticism,
    "growth": _growth,
    "questions": _question,
}


def score(
    agenda: Agenda, items: list[ContextItem], today: dt.date, *, skip: Sequence[Item] = ()
) -> list[Scored]:
    """Every line of ``agenda`` that could open it, highest first (ties in display order).
    ``skip`` holds lines that keep their place whatever they score (the manager's private
    note: a reminder for them, not a topic to cover with the report)."""
    rec = _Records(items, today)
    out: list[tuple[int, int, Scored]] = []
    for section, scorer in _SCORERS.items():
        for index, line in enumerate(getattr(agenda, section)):
            if any(line is kept for kept in skip):
                continue
            found = scorer(line, rec)
            if found is not None:
                points, reason = found
                out.append((_ORDER[section], index, Scored(section, line, points, reason)))
    out.sort(key=lambda t: (-t[2].score, t[0], t[1]))
    return [scored for *_, scored in out]


def choose(scored: list[Scored]) -> list[Scored]:
    """The top three: highest first, at most TOP_PER_SECTION a section, none below the floor."""
    chosen: list[Scored] = []
    per: dict[str, int] = {}
    for candidate in scored:
        if candidate.score < TOP_MIN_SCORE or len(chosen) == TOP_THREE:
            break
        if per.get(candidate.section, 0) >= TOP_PER_SECTION:
            continue
        per[candidate.section] = per.get(candidate.section, 0) + 1
        chosen.append(candidate)
    return chosen


def open_with_top_three(
    agenda: Agenda, items: list[ContextItem], today: dt.date, *, skip: Sequence[Item] = ()
) -> Agenda:
    """``agenda`` with its top three filled in and those lines taken out of their sections."""
    chosen = choose(score(agenda, items, today, skip=skip))
    last = carryover.last_checkin_date(items)
    agenda.top_three = [_said_why(c, last) for c in chosen]
    for c in chosen:
        section: list[Item] = getattr(agenda, c.section)
        setattr(agenda, c.section, [line for line in section if line is not c.item])
    return agenda


def _said_why(chosen: Scored, last_checkin: dt.date | None) -> Item:
    """The line as it opens the agenda: with where it came from, when its text does not say."""
    if chosen.reason == "overdue_from_last_1on1" and last_checkin is not None:
        said = chosen.item.text
        said = said[:1].lower() + said[1:] if said.startswith("Overdue") else said
        text = f"Agreed at the last 1:1 ({last_checkin.isoformat()}), {said}"
        return chosen.item.model_copy(update={"text": text})
    return chosen.item
