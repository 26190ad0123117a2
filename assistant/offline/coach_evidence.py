"""What a coaching suggestion is built from: a colleague's own proposal, the goal or action item
feedback is about, a goal's story in its updates, the words a 1:1 note names a strain with."""

from __future__ import annotations

import datetime as dt
import re

from assistant.analysis.notes import read_note
from assistant.offline.carryover import cues
from assistant.offline.clusters import Cluster
from assistant.offline.facts import clause, day, of_type, title
from assistant.offline.sentences import evidence, quotable
from assistant.record_facts import (
    ActionItemFacts,
    FeedbackFacts,
    GoalFacts,
    GoalUpdateFacts,
    facts_of,
)
from assistant.tasks.windows import COACH_LINK_WORDS
from retrieval.types import ContextItem

# How feedback words a proposal ("could you…", "next time, try…") when its kind does not say so.
_ASK = re.compile(
    r"\b(could|should|would help|try|suggest\w*|consider|next time|worth|make sure|start)\b", re.I
)
_STOP = frozenset(
    re.findall(
        r"\S+",
        "that this with from have been were they them their there what when which would could "
        "should about into over more most some than then also just very really much many other "
        "each only your you'd it's",
    )
)
_OPEN_GOAL = {"not_started", "on_track", "at_risk", "off_track", ""}


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z][a-z-]{3,}", text.lower()) if w not in _STOP}


# Words compared by their first letters, so "accounts" names "account" and "launched" "launch".
_STEM = 5


def _mentions(text: str, goal_title: str) -> bool:
    """Whether ``text`` names anything of ``goal_title``: a record filed against a goal may be
    about something else (an on-call tip filed under "Run QBRs with all my top-10 accounts"),
    and "try it first on" that goal would be advice about the wrong work."""
    stems = {w[:_STEM] for w in _words(goal_title)}
    return any(w[:_STEM] in stems for w in _words(text))


def ask_of(group: Cluster) -> ContextItem | None:
    """The newest record of ``group`` that proposes something: a suggestion, or a sentence
    worded as one."""
    for item in reversed(group.items):
        if not quotable(item):
            continue
        kind = facts_of(item, FeedbackFacts).get("kind") if item.record_type == "feedback" else None
        # The whole sentence: its opening ("Suggestion: …") says it proposes, though the quote
        # starts after it (assistant/analysis/frames.py).
        said = evidence(item, group.theme, group.polarity)
        if kind == "suggestion" or (said is not None and _ASK.search(said.text)):
            return item
    return None


def linked_work(
    group: Cluster, goals: list[ContextItem], items: list[ContextItem]
) -> ContextItem | None:
    """The open goal (of ``goals``, the current ones) or open action item the feedback of
    ``group`` is about: named by a record's ``goal`` fact, else sharing at least
    COACH_LINK_WORDS words with what was said."""
    current = [g for g in goals if (facts_of(g, GoalFacts).get("status") or "") in _OPEN_GOAL]
    by_title = {facts_of(g, GoalFacts).get("title"): g for g in current}
    for item in reversed(group.items):
        named = facts_of(item, FeedbackFacts).get("goal")
        if named and named in by_title and _mentions(item.text, named):
            return by_title[named]
    actions = [
        a
        for a in of_type(items, "action_item")
        if (facts_of(a, ActionItemFacts).get("status") or "") in ("open", "")
    ]
    said = set().union(*(_words(group.quote(i, 40)) for i in group.items if quotable(i)))
    best: tuple[int, ContextItem] | None = None
    for work in [*actions, *current]:
        overlap = len(said & _words(title(work) if work.record_type == "goal" else work.text))
        if overlap >= COACH_LINK_WORDS and (best is None or overlap > best[0]):
            best = (overlap, work)
    return best[1] if best else None


def goal_story(
    goal: ContextItem, items: list[ContextItem]
) -> tuple[str, list[str], ContextItem | None]:
    """How a goal's updates moved it ("; from 40% on … to 18% on …; latest: “…”"), the
    citations of the updates named, and the latest update."""
    updates = sorted(
        (
            u
            for u in of_type(items, "goal_update")
            if facts_of(u, GoalUpdateFacts).get("goal_citation") == goal.citation and u.date
        ),
        key=lambda u: u.date or dt.date.min,
    )
    if not updates:
        return "", [], None
    latest = updates[-1]
    story = ""
    refs = [latest.citation]
    first = updates[0]
    p0 = facts_of(first, GoalUpdateFacts).get("progress")
    p1 = facts_of(latest, GoalUpdateFacts).get("progress")
    if first is not latest and p0 is not None and p1 is not None:
        story = f"; {p0}% on {day(first.date)}, {p1}% on {day(latest.date)}"
        refs = [first.citation, latest.citation]
    if latest.text.strip():
        story += f"; the latest update: “{clause(latest.text, 16)}”"
    return story, refs, latest


def cue_of(note: str) -> tuple[str | None, str | None]:
    """The words a 1:1 note names a strain with ("context switching") and the sentence that
    says them; (None, None) when it names none."""
    for topic in read_note(note).topics:
        if topic in ("workload", "wellbeing", "blocker", "conflict"):
            found = cues(note, topic)
            if found:
                sentence = next(
                    (s for s in re.split(r"(?<=[.!?])\s+|\n", note) if found[0] in s.lower()), None
                )
                return found[0], sentence
    return None, None
