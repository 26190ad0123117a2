"""The organisation for the access-policy tests (tests/unit/assistant/test_access.py and
test_records.py), small enough that every expected answer can be read off this file.

    ceo (Co)
    ├── skip (Eng director)
    │   └── mgr (Eng)
    │       ├── r1 (Eng)
    │       └── r2 (Eng)
    ├── hr (Co, role hr)
    └── omgr (Sales)
        └── peer (Sales)

Records are named (``g_r1_priv``, ``f_mgr_r1_mo``...); ``org.doc`` maps a name to the document
id it indexes as (``"G3"``, ``"C2:private"`` for ``"c_r1_private"``).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from assistant.db import transaction
from assistant.models import Person
from assistant.runtime import Runtime
from tests.builder import Org, build

D = dt.date


def build_org(runtime: Runtime) -> Org:
    # Dates are days after 1 October 2026, the start of the cycle.
    with build(runtime, today=D(2026, 10, 1)) as b:
        b.team("co", "Acme").team("eng", "Engineering", parent="co")
        b.team("sales", "Sales", parent="co").cycle("q4", "2026-Q4", 0, D(2026, 12, 31))
        for key, team, manager, *roles in (
            ("ceo", "co", None, "admin"),
            ("skip", "eng", "ceo"),
            ("mgr", "eng", "skip"),
            ("r1", "eng", "mgr"),
            ("r2", "eng", "mgr"),
            ("hr", "co", "ceo", "hr"),
            ("omgr", "sales", "ceo"),
            ("peer", "sales", "omgr"),
        ):
            roles = ["employee", *roles]
            b.person(key, f"{key.upper()} Person", team=team, manager=manager, roles=roles)
        title: dict[str, str] = {}
        for key, title[key], vis, owner, team in (
            ("g_r1_pub", "Ship the billing API", "public", "r1", None),
            ("g_r1_priv", "Get promoted to senior", "private", "r1", None),
            ("g_r2_priv", "Learn Rust", "private", "r2", None),
            ("g_peer_pub", "Close ten deals", "public", "peer", None),
            ("g_peer_priv", "Move to product", "private", "peer", None),
            ("g_team_eng", "Eng hiring plan", "private", None, "eng"),
            ("g_team_sales", "Sales comp redesign", "private", None, "sales"),
            ("g_company", "Grow revenue 20%", "public", None, None),
        ):
            b.goal(
                key, title[key], owner=owner, team=team, visibility=vis, cycle="q4",
                status="at_risk", progress=40, description=f"About {title[key]}.",
                created=1, due=D(2026, 11, 30),
            )  # fmt: skip
        for key, goal in (
            ("k_r1_priv", "g_r1_priv"),
            ("k_peer_pub", "g_peer_pub"),
            ("k_peer_priv", "g_peer_priv"),
        ):
            b.key_result(key, goal, f"KR of {title[goal]}", unit="%", current=30)
        for key, goal, author in (
            ("u_r1_priv", "g_r1_priv", "r1"),
            ("u_peer_priv", "g_peer_priv", "peer"),
            ("u_r1_pub", "g_r1_pub", "mgr"),
        ):
            note = f"Note on {title[goal]}"
            b.update(key, goal, note, author=author, on=19, progress=40, status="at_risk")
        for i, (key, giver, receiver, vis, text) in enumerate(
            [
                ("f_r2_r1_sh", "r2", "r1", "shared", "Great pairing on the billing API."),
                ("f_mgr_r1_mo", "mgr", "r1", "manager_only", "Ready for more scope soon."),
                ("f_r2_r1_pr", "r2", "r1", "private", "My own note: ask r1 about testing."),
                ("f_peer_r1_mo", "peer", "r1", "manager_only", "Slow to answer the sales team."),
                ("f_r1_peer_sh", "r1", "peer", "shared", "Thanks for the clear customer brief."),
                ("f_omgr_mgr_pr", "omgr", "mgr", "private", "Note to self: mgr seems overloaded."),
                ("f_skip_mgr_mo", "skip", "mgr", "manager_only", "Needs to delegate more."),
                ("f_mgr_r1_pr", "mgr", "r1", "private", "Private: consider r1 for the lead role."),
            ]
        ):
            b.feedback(key, text, giver=giver, receiver=receiver, on=2 + i, visibility=vis)
        checkins = [
            ("c_r1", "r1", "mgr", "Talked about the billing API.", "r1 may be burning out."),
            ("c_mgr", "mgr", "skip", "Talked about hiring.", "mgr is not delegating."),
            ("c_peer", "peer", "omgr", "Talked about Q4 pipeline.", "peer wants to move teams."),
            ("c_r2", "r2", "mgr", "Talked about Rust.", ""),
        ]
        for i, (key, employee, manager, shared, private) in enumerate(checkins):
            b.checkin(
                key, employee=employee, manager=manager, on=9 + i,
                shared=shared, private=private, mood=4,
            )  # fmt: skip
        for key, checkin, owner in (
            ("a_r1_own", "c_r1", "r1"),
            ("a_r1_mgr", "c_r1", "mgr"),
            ("a_peer", "c_peer", "peer"),
            ("a_mgr", "c_mgr", "mgr"),
        ):
            b.action(key, checkin, f"Follow up ({key})", owner=owner, due=24)
    return b.org


def move(runtime: Runtime, org: Org, who: str, new_manager: str) -> None:
    """A reorg: ``who`` now reports to ``new_manager``."""
    with transaction(runtime.sessions) as s:
        person = s.scalars(select(Person).where(Person.id == org.people[who])).one()
        person.manager_id = org.people[new_manager]


# What each person may see, by record key, read off the policy by hand (docs/ARCHITECTURE.md and
# the module docstring of assistant/access.py).
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
