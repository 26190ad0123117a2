"""An organisation made of dev-set feedback: one manager, an HR partner, colleagues who give
feedback and ``people`` reports, each receiving a labelled mix of sentences.

Each report is given a target share of praise (cycling through :data:`LEANS`, from mostly
criticism to mostly praise), then strength and growth sentences drawn without replacement from
the dev set in that proportion, plus one neutral fact — all with a fixed seed. One feedback
record holds one dev sentence, so every citation maps back to its labels.

``every_record=True`` also files what no report drew (the rest of the feedback, about the
colleagues who give it) and every 1:1 note (a check-in between the manager and a report), so a
search over the organisation can be judged against labels on the whole set
(``evals/retrieval/wild_queries.yaml``). It draws from its own generator after everything else,
so the reports' records are the same with it or without it.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass

from assistant.bundle import Bundle, CheckInIn, FeedbackIn, PersonIn, TeamIn
from evals.devset import FeedbackSentence, Note, load_devset

LEANS = (0.1, 0.9, 0.3, 0.7, 0.5, 0.2, 0.8, 0.6, 0.4)  # target share of strength sentences
PER_PERSON = 8  # judged (strength or growth) sentences per report, plus one neutral fact
GIVERS = 6
SPAN_DAYS = 80  # feedback is dated over this many days before ``today``
DOMAIN = "wild.example"
MANAGER = f"morgan.reyes@{DOMAIN}"
HR = f"hana.lowe@{DOMAIN}"
TEAM = "Wild"
FIRST = tuple(
    re.findall(r"\w+", "Ada Bea Cai Dev Eli Fay Gus Hal Ivo Jun Kai Lou Mei Nia Oto Pia Quin Rui "
                        "Sol Tam Uma Val Wen Xia Yan Zoe Abe Bo Cy Di")
)  # fmt: skip


@dataclass(frozen=True)
class Person:
    name: str
    email: str
    lean: float  # the target share of praise this person was built with
    feedback: dict[str, FeedbackSentence]  # external id -> the dev sentence it holds

    @property
    def positive_share(self) -> float:
        """Share of the person's judged sentences labelled strength (the direction measured)."""
        judged = [s for s in self.feedback.values() if s.polarity != "neutral"]
        return sum(s.polarity == "strength" for s in judged) / len(judged) if judged else 0.5


@dataclass(frozen=True)
class WildOrg:
    bundle: Bundle
    people: tuple[Person, ...]
    since: dt.date
    until: dt.date
    records: dict[str, str]  # dev-set id (f123, n045) -> external id of the record holding it


def build(people: int, *, seed: int = 7, today: dt.date, every_record: bool = False) -> WildOrg:
    rng = random.Random(f"cadence-wild:{seed}")
    devset = load_devset()
    pools = {
        p: [s for s in devset.feedback if s.polarity == p]
        for p in ("strength", "growth", "neutral")
    }
    for pool in pools.values():
        rng.shuffle(pool)
    if people > len(FIRST) or people * PER_PERSON > len(pools["growth"]) * 2:
        raise ValueError(f"the dev set holds too few sentences for {people} people")
    team = TeamIn(id="team-wild", name=TEAM)
    staff = [
        PersonIn(id="mgr", name="Morgan Reyes", email=MANAGER, team=team.id),
        PersonIn(id="hr", name="Hana Lowe", email=HR, team=team.id, roles=["employee", "hr"]),
        *(PersonIn(id=f"giver-{i}", name=f"Giver{i} Colleague", email=f"giver{i}@{DOMAIN}",
                   team=team.id, manager="mgr") for i in range(GIVERS)),
    ]  # fmt: skip
    built: list[Person] = []
    feedback: list[FeedbackIn] = []
    for n in range(people):
        lean = LEANS[n % len(LEANS)]
        strengths = round(PER_PERSON * lean)
        chosen = [pools["strength"].pop() for _ in range(strengths)]
        chosen += [pools["growth"].pop() for _ in range(PER_PERSON - strengths)]
        chosen += [pools["neutral"].pop()] if pools["neutral"] else []
        rng.shuffle(chosen)
        name = f"{FIRST[n]} Wild{n}"
        email = f"{FIRST[n].lower()}.wild{n}@{DOMAIN}"
        staff.append(PersonIn(id=f"p{n}", name=name, email=email, team=team.id, manager="mgr"))
        mine: dict[str, FeedbackSentence] = {}
        for i, sentence in enumerate(chosen):
            ext = f"wild-{n}-{i}-{sentence.id}"
            mine[ext] = sentence
            day = today - dt.timedelta(days=rng.randint(3, SPAN_DAYS))
            feedback.append(
                FeedbackIn(
                    id=ext,
                    giver=f"giver-{rng.randrange(GIVERS)}",
                    receiver=f"p{n}",
                    date=day,
                    kind="review",
                    text=sentence.text,
                )
            )
        built.append(Person(name, email, lean, mine))
    checkins: list[CheckInIn] = []
    if every_record:
        rest = [s for pool in pools.values() for s in pool]
        feedback += _rest(rest, random.Random(f"cadence-wild-rest:{seed}"), today)
        checkins = _notes(devset.notes, people, random.Random(f"cadence-wild-notes:{seed}"), today)
    records = {f.id.rsplit("-", 1)[1]: f.id for f in feedback}
    records |= {c.id.rsplit("-", 1)[1]: c.id for c in checkins}
    bundle = Bundle(teams=[team], people=staff, feedback=feedback, checkins=checkins)
    return WildOrg(bundle, tuple(built), today - dt.timedelta(days=SPAN_DAYS + 5), today, records)


def _rest(
    sentences: list[FeedbackSentence], rng: random.Random, today: dt.date
) -> list[FeedbackIn]:
    """The sentences no report drew, about the givers (each from the next giver round)."""
    rng.shuffle(sentences)
    return [
        FeedbackIn(
            id=f"wild-rest-{k}-{sentence.id}",
            giver=f"giver-{(k + 1) % GIVERS}",
            receiver=f"giver-{k % GIVERS}",
            date=today - dt.timedelta(days=rng.randint(3, SPAN_DAYS)),
            kind="review",
            text=sentence.text,
        )
        for k, sentence in enumerate(sentences)
    ]


def _notes(
    notes: tuple[Note, ...], people: int, rng: random.Random, today: dt.date
) -> list[CheckInIn]:
    """Every 1:1 note as a check-in of the manager with a report, in turn; a private note goes
    in the manager's private notes, a shared one in the shared notes."""
    return [
        CheckInIn(
            id=f"wild-note-{k % people}-{note.id}",
            employee=f"p{k % people}",
            manager="mgr",
            date=today - dt.timedelta(days=rng.randint(3, SPAN_DAYS)),
            shared_notes=note.text if note.visibility == "shared" else "",
            private_notes=note.text if note.visibility == "private" else "",
            mood=note.mood,
        )
        for k, note in enumerate(notes)
    ]
