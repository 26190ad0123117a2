"""Task results as text (citations shown) and Markdown, for the CLI and the demo.

Every item that rests on manager-only or private records is marked ("[Manager-only]",
"[Private]"). ``to_markdown(..., share=True)`` is the version fit to share with the report: those
items are left out, and a closing line says how many.
"""

from __future__ import annotations

from typing import Any

from assistant.tasks.registry import task_named
from assistant.tasks.result import TaskResult
from assistant.tasks.schemas import FOCUS_SECTION, VISIBILITY_LABELS, is_restricted

NOTHING_ON_RECORD = "Nothing on record about that."


def focus_title(output: dict[str, Any], key: str, title: str) -> str:
    """A section's heading; the focus section's names the focus."""
    focus = output.get("focus")
    return f"On “{focus}”" if key == FOCUS_SECTION[0] and focus else title


def focus_note(output: dict[str, Any]) -> str:
    """What a focused draft says when nothing on record is about its focus ("" otherwise)."""
    focus = output.get("focus")
    return (
        f"On “{focus}”: nothing on record about it." if focus and not output.get("on_focus") else ""
    )


def _extra(item: dict[str, Any]) -> list[str]:
    lines = []
    if "feedback_count" in item:
        lines.append(
            f"{item['feedback_count']} feedback item(s) from {item['giver_count']} giver(s)"
        )
    if "count" in item:
        lines.append(_group_line(item))
    if item.get("paraphrase"):
        lines.append(f"In general: {item['paraphrase']}")
    if item.get("action"):
        lines.append(f"Suggested action: {item['action']}")
    if item.get("why"):
        lines.append(f"Why: {item['why']}")
    if item.get("opener"):
        lines.append(f"Opener: {item['opener']}")
    return lines


def _group_line(item: dict[str, Any]) -> str:
    """An HR theme's figures (drafts stored before they had people, split and shares show what
    they have)."""
    parts = [f"{item['count']} item(s)"]
    if "people" in item:
        parts[0] += f" about {item['people']} people"
        parts.append(f"{item['praise']} praise / {item['criticism']} criticism")
    parts.append(str(item["sentiment"]))
    trend = str(item["trend"])
    if "share" in item and trend != "unknown":
        trend += f" ({item['share']}% of feedback, {item['previous_share']}% before)"
    parts.append(trend)
    if item.get("origin") == "discovered":
        parts.append("found in the data")
    return " · ".join(parts)


def _head(item: dict[str, Any], mark: str = "[{}] ") -> str:
    theme = item.get("theme")
    head = f"{theme}: {item['text']}" if theme else str(item["text"])
    label = VISIBILITY_LABELS.get(str(item.get("visibility")))
    return (mark.format(label) if label else "") + head


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
    question = result.output.get("question") if task_named(result.task).takes_question else None
    return [f"Q: {question}", ""] if question else []


def _empty(result: TaskResult) -> str:
    if task_named(result.task).takes_question:
        return NOTHING_ON_RECORD
    return "Nothing on record to draw on yet."


def to_text(result: TaskResult, heading: str | None = None) -> str:
    task = task_named(result.task)
    lines = [heading or task.title, "", *_question(result)]
    if focus_note(result.output):
        lines += [focus_note(result.output), ""]
    for key, title in task.sections:
        items = result.output.get(key) or []
        if not items:
            continue
        lines.append(focus_title(result.output, key, title))
        for item in items:
            refs = ", ".join(item.get("citations", []))
            lines.append(f"  • {_head(item)}  [{refs}]")
            lines += [f"    {extra}" for extra in _extra(item)]
        lines.append("")
    if not any(result.output.get(k) for k, _ in task.sections):
        lines += [_empty(result), ""]
    return "\n".join(lines + _footer(result))


def to_markdown(result: TaskResult, heading: str | None = None, *, share: bool = False) -> str:
    """Markdown; with ``share``, without the items that rest on manager-only or private records
    (and without the provider footer, which is for the author)."""
    task = task_named(result.task)
    lines = [f"# {heading or task.title}", ""]
    left_out = 0
    lines += [f"_{q}_" if q else q for q in _question(result)]
    if focus_note(result.output):
        lines += [f"_{focus_note(result.output)}_", ""]
    for key, title in task.sections:
        items = result.output.get(key) or []
        if share:
            left_out += sum(1 for i in items if is_restricted(i))
            items = [i for i in items if not is_restricted(i)]
        if not items:
            continue
        lines += [f"## {focus_title(result.output, key, title)}", ""]
        for item in items:
            refs = ", ".join(f"`{c}`" for c in item.get("citations", []))
            lines.append(f"- {_head(item, '**[{}]** ')} ({refs})")
            lines += [f"  - {extra}" for extra in _extra(item)]
        lines.append("")
    if not any(result.output.get(k) for k, _ in task.sections):
        lines += [_empty(result), ""]
    if share:
        if left_out:
            lines.append(
                f"_{left_out} item(s) resting on manager-only or private records left out._"
            )
        return "\n".join(lines).rstrip() + "\n"
    lines += [f"_{line}_" if line.strip() else line for line in _footer(result)]
    return "\n".join(lines)
