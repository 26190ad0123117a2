"""Evidence linked to what an agenda discusses: under each goal at risk and each recurring
theme, the other records about it (found by meaning: assistant/tasks/evidence.py), named by who
and when, and cited.

"Feedback from Luis Ortega (2026-11-10) and Zara Ahmed (2026-09-25) and the 1:1 on 2026-11-06
are about it too." Only records anyone who reads the item may see are linked: a manager-only or
private record would make the whole item manager-only (assistant/grounding.py), and drop a goal
at risk from the copy shared with the report.
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.offline.clusters import Cluster
from assistant.offline.facts import day, title
from assistant.record_facts import CheckInFacts, FeedbackFacts, GoalUpdateFacts, facts_of
from assistant.tasks.brief import Brief
from assistant.tasks.schemas import MAX_CITATIONS, Agenda, Item
from retrieval.types import ContextItem

__all__ = ["link_agenda", "theme_anchor"]


def theme_anchor(group: Cluster) -> str:
    """The key a feedback theme's linked evidence is filed under (assistant/tasks/evidence.py)."""
    return f"theme:{group.theme.key}:{group.polarity:+d}"


def _shared(item: ContextItem) -> bool:
    """Whether everyone who may read a draft about the record's subject may read the record."""
    if item.record_type == "feedback":
        return (facts_of(item, FeedbackFacts).get("visibility") or "shared") == "shared"
    if item.record_type == "checkin":
        return facts_of(item, CheckInFacts).get("part") == "shared"
    return True


def _who(item: ContextItem, brief: Brief) -> str:
    named = brief.names.get(item.author_id) if item.author_id is not None else None
    return named or facts_of(item, FeedbackFacts).get("giver") or "a colleague"


def _phrase(records: list[ContextItem], brief: Brief) -> str:
    parts: list[str] = []
    feedback = [r for r in records if r.record_type == "feedback"]
    if feedback:
        givers = [f"{_who(r, brief)} ({day(r.date)})" for r in feedback]
        parts.append("feedback from " + " and ".join(givers))
    for r in records:
        if r.record_type == "checkin":
            parts.append(f"the 1:1 on {day(r.date)}")
        elif r.record_type == "goal_update":
            goal = facts_of(r, GoalUpdateFacts).get("goal") or title(r)
            parts.append(f"the update of {day(r.date)} on “{goal}”")
    if not parts:
        return ""
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f" Also on record about it: {listed}."


def _about(record: ContextItem, anchor: str) -> bool:
    """Whether a linked goal update is about what the line presents. An update belongs to its
    own goal: another goal's update that shares words with this one ("Latest number for Academy
    courses published" on "Run QBRs…") is not news about it. Under something to improve, only an
    update of a goal at risk or off track is evidence: "Showed it at sprint planning and got a
    clear yes" is no sign of a planning problem (fact-check 2026-12-01)."""
    if record.record_type != "goal_update":
        return True
    facts = facts_of(record, GoalUpdateFacts)
    if anchor.startswith("theme:"):
        return not anchor.endswith(":-1") or facts.get("status") in ("at_risk", "off_track")
    return facts.get("goal_citation") in (None, anchor)


def _with_links(item: Item, anchor: str, items: list[ContextItem], brief: Brief) -> Item:
    room = MAX_CITATIONS - len(item.citations)
    by_citation = {i.citation: i for i in items if _shared(i) and _about(i, anchor)}
    linked = [
        by_citation[c]
        for c in brief.linked.get(anchor, ())
        if c in by_citation and c not in item.citations
    ][: max(room, 0)]
    phrase = _phrase(linked, brief)
    if not phrase:
        return item
    return item.model_copy(
        update={"text": item.text + phrase, "citations": [*item.citations, *cites_of(linked)]}
    )


def cites_of(records: Sequence[ContextItem]) -> list[str]:
    """Citation ids, de-duplicated, in first-seen order."""
    return list(dict.fromkeys(r.citation for r in records))


def _theme_of(item: Item, clusters: list[Cluster]) -> Cluster | None:
    """The recurring theme an item of "feedback to discuss" presents: the cluster it names whose
    records it cites."""
    cited = set(item.citations)
    for group in clusters:
        if group.theme.label in item.text and cited <= {i.citation for i in group.items}:
            return group
    return None


def _linked(item: Item, items: list[ContextItem], clusters: list[Cluster], brief: Brief) -> Item:
    """The item with the evidence linked to what it presents: its goal (the first record it
    cites), or the recurring theme it names."""
    if item.citations and item.citations[0] in brief.linked:
        return _with_links(item, item.citations[0], items, brief)
    group = _theme_of(item, clusters)
    return item if group is None else _with_links(item, theme_anchor(group), items, brief)


def link_agenda(
    agenda: Agenda, items: list[ContextItem], clusters: list[Cluster], brief: Brief
) -> Agenda:
    """``agenda`` with linked evidence under its goals at risk and recurring themes, wherever
    they stand (the top three included: linking runs after they are chosen, so the records it
    adds never change which lines are chosen)."""
    if not brief.linked:
        return agenda
    update = {
        section: [_linked(i, items, clusters, brief) for i in getattr(agenda, section)]
        for section in ("top_three", "goals_at_risk", "feedback_to_discuss")
    }
    return agenda.model_copy(update=update)
