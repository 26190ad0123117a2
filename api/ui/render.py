"""Turning drafts and records into what the templates show: cited records, markdown, SVG charts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from assistant.access import Caller
from assistant.errors import NotFound
from assistant.kinds import UnknownKind, by_letter
from assistant.models import (
    ActionItem,
    CheckIn,
    Feedback,
    Goal,
    GoalUpdate,
    KeyResult,
)
from assistant.record_kinds import model_of
from assistant.scoped import get_visible
from assistant.tasks.registry import TASKS
from assistant.tasks.render import focus_note, focus_title
from assistant.tasks.schemas import VISIBILITY_LABELS, is_restricted


@dataclass(frozen=True)
class CitedRecord:
    citation: str
    kind: str
    title: str
    body: str
    meta: str


def cited_record(session: Session, caller: Caller, citation: str) -> CitedRecord | None:
    """The record behind a citation, if the caller may see it (otherwise None: show nothing)."""
    prefix, digits = citation[:1], citation[1:]
    if not digits.isdigit():
        return None
    try:
        model = model_of(by_letter(prefix).name)
    except UnknownKind:
        return None
    try:
        row: Any = get_visible(session, model, int(digits), caller)
    except NotFound:
        return None
    if isinstance(row, Goal):
        return CitedRecord(
            citation,
            "Goal",
            row.title,
            row.description,
            f"{row.status.value.replace('_', ' ')} · {row.progress}%",
        )
    if isinstance(row, KeyResult):
        return CitedRecord(
            citation,
            "Key result",
            row.title,
            "",
            f"{row.current_value:g} of {row.target_value:g} {row.unit}".strip(),
        )
    if isinstance(row, GoalUpdate):
        return CitedRecord(
            citation,
            "Goal update",
            row.goal.title,
            row.note,
            f"{row.date:%d %b %Y} · {row.progress}% · {row.status.value}",
        )
    if isinstance(row, Feedback):
        return CitedRecord(
            citation,
            f"Feedback ({row.kind.value})",
            f"From {row.giver.name}",
            row.text,
            f"{row.date:%d %b %Y} · {row.visibility.value}",
        )
    if isinstance(row, CheckIn):
        return CitedRecord(
            citation,
            "1:1",
            f"{row.employee.name} with {row.manager.name}",
            row.shared_notes,
            f"{row.date:%d %b %Y}",
        )
    if isinstance(row, ActionItem):
        return CitedRecord(
            citation, "Action item", row.text, "", f"{row.status.value} · owner {row.owner.name}"
        )
    return None


def sections(task: str, output: dict[str, Any]) -> list[tuple[str, list[dict[str, Any]]]]:
    """(heading, items) in display order, skipping empty sections."""
    out = []
    spec = TASKS.get(task)
    for key, heading in spec.sections if spec else ():
        items = [i for i in output.get(key, []) if isinstance(i, dict)]
        if items:
            out.append((focus_title(output, key, heading), items))
    return out


def citations_in(output: dict[str, Any]) -> list[str]:
    seen: dict[str, None] = {}
    for value in output.values():
        for item in value if isinstance(value, list) else []:
            for cid in item.get("citations", []) if isinstance(item, dict) else []:
                seen.setdefault(str(cid), None)
    return list(seen)


def as_markdown(title: str, task: str, output: dict[str, Any], *, share: bool = True) -> str:
    """The draft as Markdown for "Copy as markdown". By default (``share``) the items resting on
    manager-only or private records are left out — a copied agenda tends to be pasted where the
    report reads it; ``share=False`` keeps them, marked."""
    lines = [f"# {title}", ""]
    left_out = 0
    spec = TASKS.get(task)
    if spec is not None and spec.takes_question:
        lines += [f"Q: {output.get('question', '')}", ""]
        if output.get("nothing_on_record"):
            lines += ["Nothing on record about that.", ""]
    if focus_note(output):
        lines += [focus_note(output), ""]
    for heading, items in sections(task, output):
        if share:
            left_out += sum(1 for i in items if is_restricted(i))
            items = [i for i in items if not is_restricted(i)]
            if not items:
                continue
        lines += [f"## {heading}", ""]
        for item in items:
            mark = VISIBILITY_LABELS.get(str(item.get("visibility")))
            label = f"**[{mark}]** " if mark else ""
            label += f"**{item['theme']}**: " if item.get("theme") else ""
            cites = " ".join(f"[{c}]" for c in item.get("citations", []))
            lines.append(f"- {label}{item.get('text', '')} {cites}".rstrip())
            if item.get("opener"):
                lines.append(f"  - Opener: {item['opener']}")
        lines.append("")
    if left_out:
        lines.append(f"_{left_out} item(s) resting on manager-only or private records left out._")
    return "\n".join(lines).rstrip() + "\n"


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    points: str
    dots: list[tuple[float, float, str, int]]  # x, y, month label, count
    max_count: int


def trend_chart(monthly: list[tuple[str, int]], width: int = 320, height: int = 120) -> Chart:
    """Coordinates for a small line chart; the template draws the SVG (autoescaped)."""
    pad_x, pad_top, pad_bottom = 28, 20, 22
    top = max([c for _, c in monthly] + [1])
    n = max(len(monthly) - 1, 1)
    dots = []
    for i, (label, count) in enumerate(monthly):
        x = pad_x + i * (width - 2 * pad_x) / n
        y = pad_top + (1 - count / top) * (height - pad_top - pad_bottom)
        dots.append((round(x, 1), round(y, 1), label, count))
    points = " ".join(f"{x},{y}" for x, y, _, _ in dots)
    return Chart(width, height, points, dots, top)
