"""Task results as text (citations shown) and Markdown, for the CLI and the demo."""

from __future__ import annotations

from typing import Any

from assistant.tasks.result import TaskResult
from assistant.tasks.schemas import SECTIONS

TITLES = {
    "agenda": "1:1 agenda",
    "summary": "Feedback summary",
    "coaching": "Coaching suggestions",
    "reflection": "Self-reflection draft",
    "themes": "Feedback themes",
    "ask": "Answer",
}
NOTHING_ON_RECORD = "Nothing on record about that."


def _extra(item: dict[str, Any]) -> list[str]:
    lines = []
    if "feedback_count" in item:
        lines.append(
            f"{item['feedback_count']} feedback item(s) from {item['giver_count']} giver(s)"
        )
    if "count" in item:
        lines.append(f"{item['count']} item(s) · {item['sentiment']} · {item['trend']}")
    if item.get("why"):
        lines.append(f"Why: {item['why']}")
    if item.get("opener"):
        lines.append(f"Opener: {item['opener']}")
    return lines


def _head(item: dict[str, Any]) -> str:
    theme = item.get("theme")
    return f"{theme}: {item['text']}" if theme else str(item["text"])


def _footer(result: TaskResult) -> list[str]:
    lines = [
        f"({result.provider} · {result.model} · {result.prompt_version}"
        + (" · cached" if result.cached else "")
        + f" · draft {result.draft_id})"
    ]
    if result.degraded:
        lines.insert(0, f"Note: drafted offline because {result.degraded}.")
    if result.dropped:
        lines.insert(0, f"Dropped {len(result.dropped)} unsupported item(s):")
        for i, d in enumerate(result.dropped):
            lines.insert(1 + i, f"  - {d.item[:100]} ({d.reason})")
    return lines


def _question(result: TaskResult) -> list[str]:
    question = result.output.get("question") if result.task == "ask" else None
    return [f"Q: {question}", ""] if question else []


def _empty(result: TaskResult) -> str:
    return NOTHING_ON_RECORD if result.task == "ask" else "Nothing on record to draw on yet."


def to_text(result: TaskResult, heading: str | None = None) -> str:
    lines = [heading or TITLES.get(result.task, result.task), "", *_question(result)]
    for key, title in SECTIONS[result.task]:
        items = result.output.get(key) or []
        if not items:
            continue
        lines.append(title)
        for item in items:
            refs = ", ".join(item.get("citations", []))
            lines.append(f"  • {_head(item)}  [{refs}]")
            lines += [f"    {extra}" for extra in _extra(item)]
        lines.append("")
    if not any(result.output.get(k) for k, _ in SECTIONS[result.task]):
        lines += [_empty(result), ""]
    return "\n".join(lines + _footer(result))


def to_markdown(result: TaskResult, heading: str | None = None) -> str:
    lines = [f"# {heading or TITLES.get(result.task, result.task)}", ""]
    lines += [f"_{q}_" if q else q for q in _question(result)]
    for key, title in SECTIONS[result.task]:
        items = result.output.get(key) or []
        if not items:
            continue
        lines += [f"## {title}", ""]
        for item in items:
            refs = ", ".join(f"`{c}`" for c in item.get("citations", []))
            lines.append(f"- {_head(item)} ({refs})")
            lines += [f"  - {extra}" for extra in _extra(item)]
        lines.append("")
    if not any(result.output.get(k) for k, _ in SECTIONS[result.task]):
        lines += [_empty(result), ""]
    lines += [f"_{line}_" if line.strip() else line for line in _footer(result)]
    return "\n".join(lines)
