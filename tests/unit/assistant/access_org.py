"""A small organisation for the access-policy tests, built by hand so every expected answer can be
read off this file.

    ceo (Co)
    ├── skip (Eng director)
    │   └── mgr (Eng)
    │       ├── r1 (Eng)
    │       └── r2 (Eng)
    ├── hr (Co, role hr)
    └── omgr (Sales)
        └── peer (Sales)

Records are named (``g_r1_priv``, ``f_mgr_r1_mo``...) and :attr:`Org.doc` maps a name to the
document id it indexes as (``"G3"``, ``"C2:private"``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.db import transaction
from assistant.models import (
    ActionItem,
    ActionStatus,
    CheckIn,
    Cycle,
    Feedback,
    FeedbackKind,
    FeedbackVisibility,
    Goal,
    GoalLevel,
    GoalStatus,
    GoalUpdate,
    GoalVisibility,
    KeyResult,
    Person,
    Team,
)
from assistant.runtime import Runtime

D = dt.date


@dataclass
class Org:
    people: dict[str, int] = field(default_factory=dict)
    teams: dict[str, int] = field(default_factory=dict)
    doc: dict[str, str] = field(default_factory=dict)  # record name → document id
    ids: dict[str, int] = field(default_factory=dict)  # record name → row id

    def email(self, who: str) -> str:
        return f"{who}@acme.test"

    def docs(self, *names: str) -> set[str]:
        return {self.doc[n] for n in names}


def _add(session: Session, obj: Any) -> Any:
    session.add(obj)
    session.flush()
    return obj


def build_org(runtime: Runtime) -> Org:
    org = Org()
    with transaction(runtime.sessions) as s:
        co = _add(s, Team(external_id="t-co", name="Acme"))
        eng = _add(s, Team(external_id="t-eng", name="Engineering", parent_id=co.id))
        sales = _add(s, Team(external_id="t-sales", name="Sales", parent_id=co.id))
        org.teams = {"co": co.id, "eng": eng.id, "sales": sales.id}
        cycle = _add(
            s,
            Cycle(
                external_id="q4",
                name="2026-Q4",
                start_date=D(2026, 10, 1),
                end_date=D(2026, 12, 31),
            ),
        )

        def person(
            key: str, team: Team, manager: str | None, roles: list[str] | None = None
        ) -> None:
            p = _add(
                s,
                Person(
                    external_id=f"p-{key}",
                    name=f"{key.upper()} Person",
                    email=org.email(key),
                    team_id=team.id,
                    manager_id=org.people[manager] if manager else None,
                    roles=roles or ["employee"],
                ),
            )
            org.people[key] = p.id

        person("ceo", co, None, ["employee", "admin"])
        person("skip", eng, "ceo")
        person("mgr", eng, "skip")
        person("r1", eng, "mgr")
        person("r2", eng, "mgr")
        person("hr", co, "ceo", ["employee", "hr"])
        person("omgr", sales, "ceo")
        person("peer", sales, "omgr")
        P = org.people

        def record(name: str, prefix: str, obj: Any, suffix: str = "") -> Any:
            obj = _add(s, obj)
            org.ids[name] = obj.id
            org.doc[name] = f"{prefix}{obj.id}{suffix}"
            return obj

        def goal(
            name: str,
            title: str,
            vis: GoalVisibility,
            *,
            person: str | None = None,
            team: int | None = None,
            level: GoalLevel = GoalLevel.INDIVIDUAL,
        ) -> Goal:
            return record(
                name,
                "G",
                Goal(
                    external_id=name,
                    title=title,
                    description=f"About {title}.",
                    level=level,
                    owner_person_id=P[person] if person else None,
                    owner_team_id=team,
                    cycle_id=cycle.id,
                    due_date=D(2026, 11, 30),
                    status=GoalStatus.AT_RISK,
                    progress=40,
                    visibility=vis,
                    created_on=D(2026, 10, 2),
                ),
            )

        pub, priv = GoalVisibility.PUBLIC, GoalVisibility.PRIVATE
        g_r1_pub = goal("g_r1_pub", "Ship the billing API", pub, person="r1")
        g_r1_priv = goal("g_r1_priv", "Get promoted to senior", priv, person="r1")
        goal("g_r2_priv", "Learn Rust", priv, person="r2")
        g_peer_pub = goal("g_peer_pub", "Close ten deals", pub, person="peer")
        g_peer_priv = goal("g_peer_priv", "Move to product", priv, person="peer")
        goal("g_team_eng", "Eng hiring plan", priv, team=eng.id, level=GoalLevel.TEAM)
        goal("g_team_sales", "Sales comp redesign", priv, team=sales.id, level=GoalLevel.TEAM)
        goal("g_company", "Grow revenue 20%", pub, level=GoalLevel.COMPANY)

        for name, g in (
            ("k_r1_priv", g_r1_priv),
            ("k_peer_pub", g_peer_pub),
            ("k_peer_priv", g_peer_priv),
        ):
            record(
                name,
                "K",
                KeyResult(
                    external_id=name,
                    goal_id=g.id,
                    title=f"KR of {g.title}",
                    unit="%",
                    target_value=100,
                    current_value=30,
                ),
            )
        for name, g, author in (
            ("u_r1_priv", g_r1_priv, "r1"),
            ("u_peer_priv", g_peer_priv, "peer"),
            ("u_r1_pub", g_r1_pub, "mgr"),
        ):
            record(
                name,
                "U",
                GoalUpdate(
                    external_id=name,
                    goal_id=g.id,
                    author_id=P[author],
                    date=D(2026, 10, 20),
                    progress=40,
                    status=GoalStatus.AT_RISK,
                    note=f"Note on {g.title}",
                ),
            )

        SH, MO, PR = (
            FeedbackVisibility.SHARED,
            FeedbackVisibility.MANAGER_ONLY,
            FeedbackVisibility.PRIVATE,
        )
        feedback = [
            ("f_r2_r1_sh", "r2", "r1", SH, "Great pairing on the billing API."),
            ("f_mgr_r1_mo", "mgr", "r1", MO, "Ready for more scope soon."),
            ("f_r2_r1_pr", "r2", "r1", PR, "My own note: ask r1 about testing."),
            ("f_peer_r1_mo", "peer", "r1", MO, "Slow to answer the sales team."),
            ("f_r1_peer_sh", "r1", "peer", SH, "Thanks for the clear customer brief."),
            ("f_omgr_mgr_pr", "omgr", "mgr", PR, "Note to self: mgr seems overloaded."),
            ("f_skip_mgr_mo", "skip", "mgr", MO, "Needs to delegate more."),
            ("f_mgr_r1_pr", "mgr", "r1", PR, "Private: consider r1 for the lead role."),
        ]
        for i, (name, giver, receiver, vis, text) in enumerate(feedback):
            record(
                name,
                "F",
                Feedback(
                    external_id=name,
                    giver_id=P[giver],
                    receiver_id=P[receiver],
                    date=D(2026, 10, 3 + i),
                    kind=FeedbackKind.PRAISE,
                    visibility=vis,
                    text=text,
                ),
            )

        checkins = [
            ("c_r1", "r1", "mgr", "Talked about the billing API.", "r1 may be burning out."),
            ("c_mgr", "mgr", "skip", "Talked about hiring.", "mgr is not delegating."),
            ("c_peer", "peer", "omgr", "Talked about Q4 pipeline.", "peer wants to move teams."),
            ("c_r2", "r2", "mgr", "Talked about Rust.", ""),
        ]
        for i, (name, emp, mgr, shared, private) in enumerate(checkins):
            c = record(
                name,
                "C",
                CheckIn(
                    external_id=name,
                    employee_id=P[emp],
                    manager_id=P[mgr],
                    date=D(2026, 10, 10 + i),
                    shared_notes=shared,
                    private_notes=private,
                    mood=4,
                ),
            )
            if private:
                org.ids[f"{name}_private"] = c.id
                org.doc[f"{name}_private"] = f"C{c.id}:private"
        for name, checkin, owner in (
            ("a_r1_own", "c_r1", "r1"),
            ("a_r1_mgr", "c_r1", "mgr"),
            ("a_peer", "c_peer", "peer"),
            ("a_mgr", "c_mgr", "mgr"),
        ):
            record(
                name,
                "A",
                ActionItem(
                    external_id=name,
                    checkin_id=org.ids[checkin],
                    owner_id=P[owner],
                    text=f"Follow up ({name})",
                    due_date=D(2026, 10, 25),
                    status=ActionStatus.OPEN,
                ),
            )
    return org


def move(runtime: Runtime, org: Org, who: str, new_manager: str) -> None:
    """A reorg: ``who`` now reports to ``new_manager``."""
    with transaction(runtime.sessions) as s:
        person = s.scalars(select(Person).where(Person.id == org.people[who])).one()
        person.manager_id = org.people[new_manager]


# What each person may see, by record name, read off the policy by hand (docs/ARCHITECTURE.md and
# the module docstring of assistant/access.py). Private parts of check-ins are named
# "<checkin>_private".
PUBLIC = {"g_r1_pub", "g_peer_pub", "g_company", "k_peer_pub", "u_r1_pub"}
R1_OWN_GOALS = {"g_r1_priv", "k_r1_priv", "u_r1_priv"}
EXPECTED: dict[str, set[str]] = {
    "r1": PUBLIC
    | R1_OWN_GOALS
    | {"g_team_eng", "f_r2_r1_sh", "f_r1_peer_sh", "c_r1", "a_r1_own", "a_r1_mgr"},
    "r2": PUBLIC | {"g_r2_priv", "g_team_eng", "f_r2_r1_sh", "f_r2_r1_pr", "c_r2"},
    "mgr": PUBLIC
    | R1_OWN_GOALS
    | {"g_r2_priv", "g_team_eng"}
    | {"f_r2_r1_sh", "f_mgr_r1_mo", "f_peer_r1_mo", "f_mgr_r1_pr"}
    | {"c_r1", "c_r1_private", "c_mgr", "c_r2", "a_r1_own", "a_r1_mgr", "a_mgr"},
    "skip": PUBLIC
    | R1_OWN_GOALS
    | {"g_r2_priv", "g_team_eng"}
    | {"f_r2_r1_sh", "f_mgr_r1_mo", "f_peer_r1_mo", "f_skip_mgr_mo"}
    | {"c_r1", "c_mgr", "c_mgr_private", "c_r2", "a_r1_own", "a_r1_mgr", "a_mgr"},
    "ceo": PUBLIC
    | R1_OWN_GOALS
    | {"g_r2_priv", "g_peer_priv", "k_peer_priv", "u_peer_priv", "g_team_eng", "g_team_sales"}
    | {"f_r2_r1_sh", "f_mgr_r1_mo", "f_peer_r1_mo", "f_r1_peer_sh", "f_skip_mgr_mo"}
    | {"c_r1", "c_mgr", "c_peer", "c_r2", "a_r1_own", "a_r1_mgr", "a_peer", "a_mgr"},
    "hr": set(PUBLIC),
    "omgr": PUBLIC
    | {"g_peer_priv", "k_peer_priv", "u_peer_priv", "g_team_sales"}
    | {"f_r1_peer_sh", "f_omgr_mgr_pr", "c_peer", "c_peer_private", "a_peer"},
    "peer": PUBLIC
    | {"g_peer_priv", "k_peer_priv", "u_peer_priv", "g_team_sales"}
    | {"f_peer_r1_mo", "f_r1_peer_sh", "c_peer", "a_peer"},
}
# Every author's private notes, and who wrote each: nobody else may ever see one.
PRIVATE_NOTES = {
    "f_r2_r1_pr": "r2",
    "f_omgr_mgr_pr": "omgr",
    "f_mgr_r1_pr": "mgr",
    "c_r1_private": "mgr",
    "c_mgr_private": "skip",
    "c_peer_private": "omgr",
}
