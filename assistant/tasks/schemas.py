"""The structured output of each task. Every item carries ``text`` and ``citations``.

These models are the JSON schemas sent to the model (strict structured output), what the offline
drafter builds, what the grounding check walks and what a Draft stores. Keep them flat and small:
strict mode and small local models both cope badly with deep or optional-heavy schemas.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from pydantic.json_schema import SkipJsonSchema

# The tasks POST /v1/drafts/{task} serves, as the OpenAPI document's enum. A Literal, so it is
# written out; tests/unit/assistant/tasks/test_registry.py holds it to the registry.
TaskName = Literal["agenda", "summary", "coaching", "reflection", "themes"]


# Bounds keep answers short enough to use, and keep a small model's grammar-constrained output
# finite (llama.cpp turns maxItems into its grammar; OpenAI strict mode supports it too).
MAX_CITATIONS = 8
MAX_ITEMS = 5


# A record id: its type's letter and number ("G12", "F340"). As a pattern in the schema it also
# keeps a grammar-constrained model from writing sentences where ids belong.
CitationId = Annotated[str, StringConstraints(pattern=r"^[A-Z][0-9]{1,12}$")]


def _items(limit: int = MAX_ITEMS) -> Any:
    return Field(max_length=limit)


class _Closed(BaseModel):
    model_config = ConfigDict(extra="forbid")


# Who may read an item: "shared" (the report may too), "manager_only" (rests on feedback for the
# report's management chain) or "private" (rests on the author's own notes).
Visibility = Literal["shared", "manager_only", "private"]
VISIBILITY_LABELS: dict[str, str] = {"manager_only": "Manager-only", "private": "Private"}


class Item(_Closed):
    text: str = Field(description="One or two plain sentences.")
    citations: list[CitationId] = Field(
        description='Record ids the text is based on, e.g. ["G12"].', max_length=MAX_CITATIONS
    )
    # Computed from the citations after grounding (assistant.grounding.mark_visibility), never
    # taken from a model: left out of the schema a model is shown, overwritten if one sends it.
    visibility: SkipJsonSchema[Visibility] = "shared"


def _focus_fields() -> Any:
    return Field(
        default_factory=list,
        max_length=MAX_ITEMS,
        description="What the records say about the focus, if any.",
    )


# A draft that can centre on a topic the caller names (agenda, summary, coaching) ends with two
# fields: ``on_focus``, what the records say about it (displayed first; empty without a focus,
# or when nothing on record is about it, which the draft then says), and ``focus``, the request's
# topic, written in after generation (assistant/tasks/compose.py), never a model's. Last in the
# schema, so that code reading a draft's first section still finds the task's own.


class Agenda(_Closed):
    wins: list[Item] = _items()
    goals_at_risk: list[Item] = _items()
    action_items: list[Item] = _items()
    feedback_to_discuss: list[Item] = _items()
    growth: list[Item] = _items()
    questions: list[Item] = _items()
    # The three things most worth covering, across the sections above; shown first. Declared
    # last so a model writes it after the sections it chooses from, and with a default so an
    # agenda stored before it existed still reads.
    top_three: list[Item] = Field(default_factory=list, max_length=3)
    on_focus: list[Item] = _focus_fields()
    focus: SkipJsonSchema[str] = ""


class Theme(Item):
    theme: str = Field(description="A short name for the theme, e.g. 'Incident response'.")
    feedback_count: int = Field(ge=0)
    giver_count: int = Field(ge=0)


class Summary(_Closed):
    overview: list[Item] = _items(2)
    strengths: list[Theme] = _items()
    growth_areas: list[Theme] = _items()
    on_focus: list[Item] = _focus_fields()
    focus: SkipJsonSchema[str] = ""


class Suggestion(Item):
    why: str
    opener: str


class Coaching(_Closed):
    suggestions: list[Suggestion] = _items()
    on_focus: list[Item] = _focus_fields()
    focus: SkipJsonSchema[str] = ""


class Reflection(_Closed):
    accomplishments: list[Item] = _items()
    feedback_received: list[Item] = _items()
    growth_areas: list[Item] = _items()
    intentions: list[Item] = _items()


class GroupTheme(Item):
    """One theme across a group, for an HR partner: what it is, how many it concerns (never
    who), which way it leans, whether it is growing once feedback volume is allowed for, and
    one thing to do about it."""

    theme: str
    count: int = Field(ge=0, description="Feedback records that carry the theme.")
    people: int = Field(ge=0, description="Distinct people the feedback is about (never who).")
    praise: int = Field(ge=0, description="Records that praise on this theme.")
    criticism: int = Field(ge=0, description="Records that ask for change on this theme.")
    sentiment: Literal["positive", "mixed", "negative"]
    share: int = Field(
        ge=0, le=100, description="The theme's percent of what the period's feedback is about."
    )
    previous_share: int = Field(
        ge=0, le=100, description="The same percent in the period before (0 if none on record)."
    )
    trend: Literal["rising", "steady", "falling", "unknown"] = Field(
        description="share against previous_share: feedback volume as a whole (a review season) "
        "does not make a theme rise; unknown when the period before has no feedback."
    )
    paraphrase: str = Field(
        description="What the feedback on the theme says, in general words: no quote, no name, "
        "no detail that could point at anyone."
    )
    action: str = Field(description="One thing an HR partner could do about the theme.")
    origin: Literal["taxonomy", "discovered"] = Field(
        description="A theme of the product's taxonomy, or one found by grouping feedback that "
        "fits none of them."
    )


class Themes(_Closed):
    themes: list[GroupTheme] = _items(8)


class Answer(_Closed):
    """An answer to a free-text question: cited statements, or nothing on record."""

    question: str = Field(description="The question, as asked.")
    answer: list[Item] = _items()
    nothing_on_record: bool = Field(
        description="True when the records given do not answer the question (answer is empty)."
    )


# Display order and headings of each output's sections, shared by the CLI, the API and the web
# UI (each task's entry in assistant/tasks/registry.py names its own).
# The focus section leads; its heading names the focus (assistant/tasks/render.py: focus_title).
FOCUS_SECTION = ("on_focus", "On the focus")
AGENDA_SECTIONS = (
    FOCUS_SECTION,
    ("top_three", "Top three to cover"),
    ("wins", "Wins to celebrate"),
    ("goals_at_risk", "Goals at risk"),
    ("action_items", "Open action items"),
    ("feedback_to_discuss", "Feedback to discuss"),
    ("growth", "Growth and career"),
    ("questions", "Questions to ask"),
)
SUMMARY_SECTIONS = (
    FOCUS_SECTION,
    ("overview", "Overview"),
    ("strengths", "Strengths"),
    ("growth_areas", "Growth areas"),
)
COACHING_SECTIONS = (FOCUS_SECTION, ("suggestions", "Coaching suggestions"))
REFLECTION_SECTIONS = (
    ("accomplishments", "What I accomplished"),
    ("feedback_received", "Feedback I received"),
    ("growth_areas", "Where I want to grow"),
    ("intentions", "Next quarter"),
)
THEMES_SECTIONS = (("themes", "Themes"),)
ANSWER_SECTIONS = (("answer", "What the records say"),)


def is_restricted(item: dict[str, Any]) -> bool:
    """True for a stored item that rests on manager-only or private records — or that was stored
    before items carried their visibility, when nobody can tell (a shareable copy leaves it out)."""
    return bool(item.get("visibility", "unknown") != "shared")


def iter_items(output: BaseModel) -> Iterator[tuple[str, int, Item]]:
    """Every (section, index, item) in an output, in display order."""
    for name, value in output:
        if isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, Item):
                    yield name, index, item
