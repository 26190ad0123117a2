"""The development set: feedback sentences and 1:1 notes written by hand for Cadence, labelled with
polarity, theme and what a careful reader takes from a 1:1 (README.md in this folder says how).

It is for *measuring* how the analysis reads text it was not shaped on; rules and lexicons must
not be fitted to it. ``load_devset()`` validates the three files together (``extra="forbid"``
everywhere, ids and texts unique, every theme a taxonomy key, quoted spans present in their note)
and raises pydantic's ``ValidationError`` when anything is off.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Literal, get_args

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

DEVSET_DIR = Path(__file__).parent

Polarity = Literal["strength", "growth", "neutral"]
Theme = Literal[
    "delivery_reliability",
    "quality_of_work",
    "communication",
    "stakeholder_management",
    "collaboration",
    "leadership",
    "mentoring_development",
    "ownership_initiative",
    "planning_prioritisation",
    "technical_skill",
    "problem_solving",
    "customer_focus",
    "adaptability",
    "time_management",
    "attitude_professionalism",
    "learning_growth",
    "meeting_facilitation",
    "documentation",
    "incident_response",
    "creativity_innovation",
    "attendance_punctuality",
    "other",
]
THEMES: tuple[Theme, ...] = get_args(Theme)
Voice = Literal[
    "plain",
    "terse",
    "long",
    "hedged",
    "sarcastic",
    "negated",
    "mixed",
    "non_native",
    "praise_with_problem_word",
    "criticism_without_problem_word",
    "formal_review",
    "casual_peer",
    "upward",
    "self",
]
Kind = Literal["praise", "constructive", "review", "suggestion", "peer"]
Role = Literal[
    "engineering",
    "product",
    "design",
    "data",
    "sales",
    "marketing",
    "support",
    "finance",
    "legal",
    "hr",
    "operations",
    "warehouse",
    "retail",
    "hospitality",
    "nursing",
]
Topic = Literal[
    "workload",
    "time_off",
    "career",
    "wellbeing",
    "blocker",
    "feedback",
    "goal_progress",
    "conflict",
    "recognition",
    "logistics",
]
Flag = Literal["flight_risk", "burnout_risk"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Claim(_Strict):
    """The minor claim of a mixed sentence (the one that is not its label)."""

    polarity: Literal["strength", "growth"]
    theme: Theme


class FeedbackSentence(_Strict):
    id: str = Field(pattern=r"^f\d{3,}$")
    text: str = Field(min_length=2)
    polarity: Polarity
    theme: Theme
    voice: Voice
    kind: Kind
    role: Role
    mixed: bool = False
    other_claim: Claim | None = None
    also: tuple[Theme, ...] = Field(default=(), description="a second defensible theme")
    why: str = ""

    @model_validator(mode="after")
    def _consistent(self) -> FeedbackSentence:
        if self.mixed != (self.other_claim is not None):
            raise ValueError("a mixed sentence names its other_claim, and only a mixed one does")
        if self.other_claim is not None and self.other_claim.polarity == self.polarity:
            raise ValueError("other_claim must have the opposite polarity")
        if self.voice == "mixed" and not self.mixed:
            raise ValueError("voice mixed needs mixed: true")
        if self.theme in self.also:
            raise ValueError("also repeats the theme")
        return self


class Note(_Strict):
    """One 1:1 check-in note and what a careful manager would carry forward from it."""

    id: str = Field(pattern=r"^n\d{3,}$")
    text: str = Field(min_length=2)
    style: Literal["bullets", "shorthand", "prose"]
    visibility: Literal["shared", "private"]
    mood: int | None = Field(ge=1, le=5)
    follow_ups: tuple[str, ...]
    open_questions: tuple[str, ...]
    topics: tuple[Topic, ...] = Field(min_length=1)
    flags: tuple[Flag, ...] = Field(description="empty means none")

    @model_validator(mode="after")
    def _spans_quoted(self) -> Note:
        for span in (*self.follow_ups, *self.open_questions):
            if span not in self.text:
                raise ValueError(f"{span!r} is not a span of the note's text")
        if len(set(self.topics)) != len(self.topics) or len(set(self.flags)) != len(self.flags):
            raise ValueError("topics and flags are sets: no repeats")
        return self


class ThemeEntry(_Strict):
    description: str = Field(min_length=10)
    not_: str = Field(alias="not", min_length=5)
    examples: tuple[str, ...] = Field(min_length=5, max_length=10)


class Devset(_Strict):
    feedback: tuple[FeedbackSentence, ...]
    notes: tuple[Note, ...]
    themes: dict[Theme, ThemeEntry]

    @model_validator(mode="after")
    def _whole_set(self) -> Devset:
        if set(self.themes) != set(THEMES):
            raise ValueError(f"taxonomy keys differ from THEMES: {set(THEMES) ^ set(self.themes)}")
        records: list[FeedbackSentence | Note] = [*self.feedback, *self.notes]
        ids = Counter(r.id for r in records)
        texts = Counter(_normal(r.text) for r in records)
        repeated = [i for i, n in ids.items() if n > 1] + [t for t, n in texts.items() if n > 1]
        if repeated:
            raise ValueError(f"ids and texts must be unique: {repeated}")
        return self


def _normal(text: str) -> str:
    return " ".join(text.lower().split())


# The C loader when PyYAML has it: the set is read a dozen times in the tests.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_devset(directory: Path = DEVSET_DIR) -> Devset:
    def read(name: str, key: str) -> object:
        text = (directory / name).read_text(encoding="utf-8")
        return yaml.load(text, Loader=_LOADER)[key]

    return Devset.model_validate(
        {
            "feedback": read("feedback.yaml", "feedback"),
            "notes": read("notes.yaml", "notes"),
            "themes": read("taxonomy.yaml", "themes"),
        }
    )


def count_table(devset: Devset) -> str:
    """The counts README.md shows, as markdown (a test keeps the README equal to this)."""
    feedback, notes = devset.feedback, devset.notes
    rows: list[tuple[str, Counter[str]]] = [
        ("polarity", Counter(f.polarity for f in feedback)),
        ("theme", Counter(f.theme for f in feedback)),
        ("voice", Counter(f.voice for f in feedback)),
        ("role", Counter(f.role for f in feedback)),
        ("note topic", Counter(t for n in notes for t in n.topics)),
        ("note flag", Counter(g for n in notes for g in (n.flags or ("none",)))),
    ]
    lines = [
        f"{len(feedback)} feedback sentences ({sum(f.mixed for f in feedback)} mixed), "
        f"{len(notes)} notes."
    ]
    for title, counts in rows:
        ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        lines += ["", f"| {title} | count |", "| --- | ---: |"]
        lines += [f"| {k} | {v} |" for k, v in ordered]
    return "\n".join(lines) + "\n"
