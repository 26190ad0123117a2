"""The offline self-reflection: first person, from what the employee may see only.

Four parts, each line cited and worded from its evidence rather than from one frame per line:

- what I delivered: the current cycle's goals (with their key results and the latest update),
  then the best of the cycle that closed last, said as closed;
- what I heard: praise and criticism both, when both exist — the biggest theme of each first —
  each counted and quoting the sentence that carries the claim; a theme heard both ways is one
  line that says which way it moved;
- what I want to get better at: each criticised theme with what the evidence offers (a
  colleague's own proposal, the goal it bears on, later praise that says it is improving);
- what I am working on next: current and upcoming goals that are not done, the newest open
  action items, and the main growth area — never a goal of a closed cycle.

Each part is its own module: reflect_delivered.py, reflect_heard.py, reflect_plans.py (growth and
what is next); what they share is in reflect_lines.py.
"""

from __future__ import annotations

from assistant.offline.clusters import cluster
from assistant.offline.facts import of_type
from assistant.offline.goal_view import Goals
from assistant.offline.reflect_delivered import delivered
from assistant.offline.reflect_heard import heard
from assistant.offline.reflect_plans import growth, intentions
from assistant.record_facts import CheckInFacts, FeedbackFacts, facts_of
from assistant.tasks.brief import Brief
from assistant.tasks.schemas import Reflection
from retrieval.types import ContextItem


def employee_visible(items: list[ContextItem], employee_id: int) -> list[ContextItem]:
    """Belt and braces on top of the access policy: only shared feedback about me (or written by
    me), never private check-in notes."""
    return [item for item in items if not _kept_from_employee(item)]


def _kept_from_employee(item: ContextItem) -> bool:
    if item.record_type == "feedback":
        return facts_of(item, FeedbackFacts).get("visibility") not in ("shared", "", None)
    if item.record_type == "checkin":
        return facts_of(item, CheckInFacts).get("part") == "private"
    return False


def draft_reflection(items: list[ContextItem], brief: Brief) -> Reflection:
    items = employee_visible(items, brief.requester_id)
    goals = Goals(items, brief.today)
    clusters = cluster(of_type(items, "feedback"))
    return Reflection(
        accomplishments=delivered(goals),
        feedback_received=heard(clusters, brief),
        growth_areas=growth(clusters, goals, items, brief),
        intentions=intentions(goals, items, brief),
    )
