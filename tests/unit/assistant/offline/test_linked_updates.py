"""Linked goal updates are about what the agenda line presents: not another goal's update that
shares its words, and, under something to improve, not a goal going fine (fact-check 2026-12-01:
"Publish 3 academy courses" was shown "Also on record about it: the update … on 'Run QBRs …'", a
planning theme the updates "Showed it at sprint planning and got a clear yes")."""

from __future__ import annotations

import datetime as dt

from dana_context import DANA, HANNAH, brief_for, fb, item

from assistant.offline.clusters import Cluster
from assistant.offline.lexicon import BY_KEY
from assistant.offline.linked import link_agenda, theme_anchor
from assistant.tasks.schemas import Agenda, Item
from retrieval.types import ContextItem

D = dt.date


def _update(citation: str, goal: str, goal_citation: str, status: str, text: str) -> ContextItem:
    return item(
        citation, "goal_update", D(2026, 11, 10), DANA, text,
        goal=goal, goal_citation=goal_citation, status=status, progress=40,
    )  # fmt: skip


OWN = _update("U1", "Publish 3 academy courses", "G1", "off_track", "Academy courses: 2 of 3.")
OTHER = _update("U2", "Run QBRs", "G2", "on_track", "Steady. Academy courses published: 3.")
FINE = _update("U3", "Run QBRs", "G2", "on_track", "Showed it at sprint planning, clear yes.")
EMPTY: dict[str, list[Item]] = {
    s: [] for s in ("wins", "goals_at_risk", "action_items", "feedback_to_discuss", "growth")
}
STUCK = _update("U4", "Cut compute cost", "G3", "off_track", "Off track; will re-plan Friday.")


def test_a_goal_links_its_own_updates_not_another_goals() -> None:
    goal = Item(text="“Publish 3 academy courses” is off track at 35%.", citations=["G1"])
    brief = brief_for("agenda", linked={"G1": ("U1", "U2")})
    agenda = link_agenda(
        Agenda(**{**EMPTY, "goals_at_risk": [goal], "questions": []}), [OWN, OTHER], [], brief
    )
    (line,) = agenda.goals_at_risk
    assert line.citations == ["G1", "U1"]
    assert "Run QBRs" not in line.text


def test_something_to_improve_links_updates_of_goals_in_trouble_only() -> None:
    asks = [
        fb("F1", D(2026, 11, 1), HANNAH, "constructive", "Please write the plan down first."),
        fb("F2", D(2026, 11, 5), HANNAH, "constructive", "Plan again every two weeks, please."),
    ]
    group = Cluster(BY_KEY["planning_prioritisation"], -1, asks)
    line = Item(
        text="Recurring theme — planning and prioritisation: 2 pieces of feedback.",
        citations=["F1", "F2"],
    )
    brief = brief_for("agenda", linked={theme_anchor(group): ("U3", "U4")})
    agenda = link_agenda(
        Agenda(**{**EMPTY, "feedback_to_discuss": [line], "questions": []}),
        [*asks, FINE, STUCK],
        [group],
        brief,
    )
    (linked,) = agenda.feedback_to_discuss
    assert linked.citations == ["F1", "F2", "U4"]
    assert "Cut compute cost" in linked.text and "Run QBRs" not in linked.text
