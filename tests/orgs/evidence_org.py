"""A 1:1 pair whose records talk to each other: what an agenda's goals and themes link to, and
what a focus finds.

    Maya (manager) ── Dana (report); Hannah, Zara, Luis, Marco (peers giving feedback)

Dana's off-track goal is the payment retries rollout; two peers mention the retries in shared
feedback, and Zara once more in a manager-only note carrying a canary. Two peers flag missing
status updates (a recurring theme), which the last 1:1's shared notes take up. The 1:1's private
notes (Maya's) mention the retries too, with their own canary.
"""

from __future__ import annotations

import datetime as dt

from assistant.runtime import Runtime
from tests.builder import Org, build

TODAY = dt.date(2026, 11, 20)
CANARY = "CANARY-MGRONLY-E1"
PRIVATE_CANARY = "CANARY-CHKPRIV-E2"
D = dt.date


def build_evidence_org(runtime: Runtime) -> Org:
    with build(runtime, today=TODAY) as b:
        b.team("pay", "Payments")
        b.person("maya", "Maya Chen", team="pay")
        b.person("dana", "Dana Okafor", manager="maya", team="pay")
        for key, name in (
            ("hannah", "Hannah Brooks"),
            ("zara", "Zara Ahmed"),
            ("luis", "Luis Ortega"),
            ("marco", "Marco Bellini"),
        ):
            b.person(key, name, team="pay")
        b.goal(
            "retries", "Roll out payment retries to all merchants", owner="dana",
            status="off_track", progress=20, created=D(2026, 10, 1), due=D(2026, 12, 15),
        )  # fmt: skip
        b.update(
            "update", "retries", "Blocked on issuer timeouts.", author="dana", on=D(2026, 11, 10),
            progress=20, status="off_track",
        )  # fmt: skip
        for key, giver, day, kind, text in (
            ("peer1", "hannah", D(2026, 11, 2), "constructive",
             "I only found out from a customer that the payment retries were paused."),
            ("peer2", "zara", D(2026, 11, 8), "suggestion",
             "Two deals had payment retries in scope and nobody knew when they would ship."),
            ("theme1", "luis", D(2026, 10, 1), "constructive",
             "No status update to stakeholders on the slip."),
            ("theme2", "marco", D(2026, 10, 20), "constructive",
             "Stakeholders had no status update for weeks."),
            ("praise", "marco", D(2026, 11, 15), "praise",
             "Took incident command during the outage and kept everyone calm."),
        ):  # fmt: skip
            b.feedback(key, text, giver=giver, receiver="dana", on=day, kind=kind)
        b.feedback(
            "manager_only", f"{CANARY}: the payment retries slip is wearing Dana down.",
            giver="zara", receiver="dana", on=D(2026, 11, 12), kind="constructive",
            visibility="manager_only",
        )  # fmt: skip
        b.checkin(
            "checkin", employee="dana", manager="maya", on=D(2026, 11, 6), mood=3,
            shared="Agreed Dana sends a weekly status update to the stakeholders.",
            private=f"{PRIVATE_CANARY} unsure the payment retries date holds.",
        )  # fmt: skip
    return b.org
