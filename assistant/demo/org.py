"""The demo's people and teams: CEO -> team leads -> ICs, with planted people in fixed places.

Layout for the default 60: Office of the CEO (2), People (exactly 4, all HR), Design (exactly 5),
and five larger teams (Payments, Platform, Data, Sales, Customer Success) that absorb the rest.
Past ~150 people the large teams split into squads grouped under department heads (VPs), so no
manager has hundreds of direct reports.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

from assistant.demo import vocab
from assistant.demo.planted import DOMAIN, PLANTED
from assistant.errors import UserError

MIN_PEOPLE = 45
SQUAD_SIZE = 11  # typical size of a team in large organisations
DEPARTMENTS_ABOVE = 8  # more flexible teams than this get department heads


@dataclass
class Member:
    id: str
    name: str
    email: str
    pronouns: str
    title: str
    team: str
    kind: str  # the team kind: what their feedback and goals talk about
    manager: str | None = None  # email
    roles: tuple[str, ...] = ("employee",)
    lead: bool = False

    @property
    def first(self) -> str:
        return self.name.split(" ")[0]


@dataclass
class Team:
    id: str
    name: str
    kind: str
    parent: str | None = None
    lead: str | None = None  # email
    members: list[str] = field(default_factory=list)  # emails, lead included


@dataclass
class Org:
    teams: list[Team]
    people: list[Member]
    by_email: dict[str, Member]
    reports: dict[str, list[str]]  # manager email -> direct report emails


# (name, pronouns, title, roles, lead?) for planted people, by team id
_PLANTED_MEMBERS: dict[str, list[tuple[str, str, str, tuple[str, ...], bool]]] = {
    "team-office": [
        ("Grace Adeyemi", "she/her", "Chief Executive Officer", ("employee",), True),
        ("Tom Whitaker", "he/him", "IT & Operations Admin", ("employee", "admin"), False),
    ],
    "team-people": [
        ("Nadia Haddad", "she/her", "Head of People", ("employee", "hr"), True),
        ("Samir Patel", "he/him", "HR Business Partner", ("employee", "hr"), False),
        ("Beatriz Lima", "she/her", "Recruiter", ("employee", "hr"), False),
        ("Owen Gallagher", "he/him", "People Operations Specialist", ("employee", "hr"), False),
    ],
    "team-design": [("Elif Yildiz", "she/her", "Design Lead", ("employee",), True)],
    "team-payments": [
        ("Maya Chen", "she/her", "Engineering Manager", ("employee",), True),
        ("Dana Okafor", "they/them", "Senior Software Engineer", ("employee",), False),
        ("Ravi Shah", "he/him", "Software Engineer", ("employee",), False),
        ("Jonah Feld", "he/him", "Software Engineer", ("employee",), False),
        ("Alex Kim", "she/her", "Staff Engineer", ("employee",), False),
        ("Marco Bellini", "he/him", "Product Manager", ("employee",), False),
    ],
    "team-platform": [
        ("Luis Ortega", "he/him", "Senior Platform Engineer", ("employee",), False),
        ("Alex Moreau", "he/him", "Site Reliability Engineer", ("employee",), False),
    ],
    "team-data": [("Ines Duarte", "she/her", "Data Analyst", ("employee",), False)],
    "team-sales": [
        ("Victor Lindqvist", "he/him", "Account Executive", ("employee",), False),
        ("Zara Ahmed", "she/her", "Senior Account Executive", ("employee",), False),
    ],
    "team-success": [
        ("Hannah Brooks", "she/her", "Customer Success Manager", ("employee",), False)
    ],
}
_FIXED = (
    ("team-office", "Office of the CEO", "office", 2),
    ("team-people", "People", "people", 4),
    ("team-design", "Design", "design", 5),
)
_FLEX = (
    ("team-payments", "Payments", "product_eng"),
    ("team-platform", "Platform", "platform_eng"),
    ("team-data", "Data", "data"),
    ("team-sales", "Sales", "sales"),
    ("team-success", "Customer Success", "success"),
)
_DEPARTMENTS = {
    "product_eng": ("dept-engineering", "Engineering", "VP Engineering"),
    "platform_eng": ("dept-engineering", "Engineering", "VP Engineering"),
    "data": ("dept-data", "Data & Analytics", "VP Data"),
    "sales": ("dept-sales", "Revenue", "VP Sales"),
    "success": ("dept-success", "Customer Experience", "VP Customer Experience"),
}


_EXCLUDED_FIRST = {n.split(" ")[0] for ms in _PLANTED_MEMBERS.values() for n, *_ in ms}


class _Names:
    """Filler names: unique emails, none colliding with planted people."""

    def __init__(self, rng: random.Random):
        self._rng = rng
        self._firsts = [f for f in vocab.FIRST_NAMES if f[0] not in _EXCLUDED_FIRST]
        self.used: set[str] = set()

    def take(self) -> tuple[str, str, str]:
        first, pronouns = self._rng.choice(self._firsts)
        last = self._rng.choice(vocab.LAST_NAMES)
        base = f"{first}.{last}".lower().replace(" ", "").replace("'", "")
        email, i = f"{base}@{DOMAIN}", 2
        while email in self.used:
            email, i = f"{base}{i}@{DOMAIN}", i + 1
        self.used.add(email)
        return f"{first} {last}", email, pronouns


def build_org(people: int, rng: random.Random) -> Org:
    if people < MIN_PEOPLE:
        raise UserError(f"the demo needs at least {MIN_PEOPLE} people (got {people})")
    names = _Names(rng)
    for members in _PLANTED_MEMBERS.values():
        names.used.update(f"{n.lower().replace(' ', '.')}@{DOMAIN}" for n, *_ in members)
    teams = [Team(tid, name, kind) for tid, name, kind, _ in _FIXED]
    flex_total = people - sum(size for *_, size in _FIXED)
    n_flex = max(len(_FLEX), math.ceil(flex_total / SQUAD_SIZE))
    with_departments = n_flex > DEPARTMENTS_ABOVE
    heads: dict[str, str] = {}  # department team id -> VP title
    if with_departments:
        for dept_id, dept_name, vp in {d[0]: d for d in _DEPARTMENTS.values()}.values():
            teams.append(Team(dept_id, dept_name, "office"))
            heads[dept_id] = vp
        flex_total -= len(heads)
        n_flex = max(len(_FLEX), math.ceil(flex_total / SQUAD_SIZE))
    flex: list[Team] = [Team(tid, name, kind) for tid, name, kind in _FLEX]
    squad_no: dict[str, int] = {}
    for i in range(len(_FLEX), n_flex):
        kind = _FLEX[i % len(_FLEX)][2]
        squads = vocab.KINDS[kind].squads
        j = squad_no[kind] = squad_no.get(kind, 0) + 1
        label = squads[j % len(squads)] + ("" if j < len(squads) else f" {j // len(squads) + 1}")
        flex.append(Team(f"team-{kind.replace('_', '-')}-{j}", label, kind))
    teams.extend(flex)
    sizes = {t_id: size for t_id, _, _, size in _FIXED}
    for i, t in enumerate(flex):
        sizes[t.id] = flex_total // len(flex) + (1 if i < flex_total % len(flex) else 0)

    org = Org(teams=teams, people=[], by_email={}, reports={})

    def add(m: Member, team: Team) -> None:
        org.people.append(m)
        org.by_email[m.email] = m
        team.members.append(m.email)
        if m.lead:
            team.lead = m.email

    for team in teams:
        for name, pronouns, title, roles, is_lead in _PLANTED_MEMBERS.get(team.id, []):
            email = f"{name.lower().replace(' ', '.')}@{DOMAIN}"
            slug = name.lower().replace(" ", "-")
            add(
                Member(
                    f"person-{slug}",
                    name,
                    email,
                    pronouns,
                    title,
                    team.id,
                    team.kind,
                    roles=roles,
                    lead=is_lead,
                ),
                team,
            )
        if team.id in heads:
            name, email, pronouns = names.take()
            add(
                Member(
                    f"person-{len(org.people):05d}",
                    name,
                    email,
                    pronouns,
                    heads[team.id],
                    team.id,
                    "office",
                    lead=True,
                ),
                team,
            )
            continue
        spec = vocab.KINDS[team.kind]
        while len(team.members) < sizes.get(team.id, 0):
            name, email, pronouns = names.take()
            first_filler_leads = team.lead is None
            title = spec.lead_title if first_filler_leads else rng.choice(spec.titles)
            add(
                Member(
                    f"person-{len(org.people):05d}",
                    name,
                    email,
                    pronouns,
                    title,
                    team.id,
                    team.kind,
                    lead=first_filler_leads,
                ),
                team,
            )

    ceo = PLANTED.ceo
    dept_of_kind = {k: d[0] for k, d in _DEPARTMENTS.items()}
    team_lead = {t.id: t.lead for t in teams}
    for team in teams:
        if team.id in heads:
            team.parent = None
        elif with_departments and team.kind in dept_of_kind:
            team.parent = dept_of_kind[team.kind]
        lead_email = team.lead
        boss = team_lead[team.parent] if team.parent else ceo
        for email in team.members:
            m = org.by_email[email]
            m.manager = None if email == ceo else (boss if email == lead_email else lead_email)
    for m in org.people:
        if m.manager:
            org.reports.setdefault(m.manager, []).append(m.email)
    assert sum(1 for m in org.people if m.manager is None) == 1
    return org
