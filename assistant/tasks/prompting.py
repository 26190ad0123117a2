"""Building a task's messages from its prompt template, brief and packed records."""

from __future__ import annotations

import prompts
from assistant.llm import Message
from assistant.tasks.brief import Brief
from assistant.tasks.playbook import load_playbook

SYSTEM = "system"
TEMPLATES = {
    "agenda": "agenda",
    "summary": "summary",
    "coaching": "coaching",
    "reflection": "reflection",
    "themes": "themes",
    "ask": "ask",
}


def prompt_version(task: str) -> str:
    """What a Draft records, e.g. ``agenda@1+system@1`` (the playbook's version for coaching)."""
    tag = f"{prompts.load(TEMPLATES[task]).tag}+{prompts.load(SYSTEM).tag}"
    if task == "coaching":
        tag += f"+playbook@{load_playbook().version}"
    return tag


def _values(brief: Brief, records: str) -> dict[str, object]:
    subject = brief.subject_name or "the employee"
    if brief.task == "agenda":
        return {
            "manager": brief.requester_name,
            "report": subject,
            "today": brief.today.isoformat(),
            "records": records,
        }
    if brief.task == "summary":
        return {"subject": subject, "period": brief.period, "records": records}
    if brief.task == "coaching":
        return {
            "manager": brief.requester_name,
            "report": subject,
            "playbook": load_playbook().as_prompt_text(),
            "records": records,
        }
    if brief.task == "ask":
        period = brief.period if not brief.frame else f"{brief.frame} ({brief.period})"
        return {
            "asker": brief.requester_name,
            "question": _escape(brief.question),
            "today": brief.today.isoformat(),
            "period": period,
            "records": records,
        }
    if brief.task == "reflection":
        return {"employee": brief.requester_name, "period": brief.period, "records": records}
    return {
        "group": brief.group_name or "the group",
        "people": brief.group_size,
        "period": brief.period,
        "records": records,
    }


def _escape(text: str) -> str:
    """The asker's words as data: they can neither close the question's tag nor open a record."""
    return " ".join(text.split()).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def messages(brief: Brief, records: str) -> list[Message]:
    body = prompts.load(TEMPLATES[brief.task]).render(**_values(brief, records or "(none)"))
    return [
        Message("system", prompts.load(SYSTEM).render()),
        Message("user", body),
    ]


def reask_invalid(error: str) -> Message:
    return Message(
        "user",
        f"Your answer could not be used: {error}\n"
        "Answer again with one JSON object that matches the schema exactly.",
    )


def reask_ungrounded(problems: str) -> Message:
    return Message(
        "user",
        "Some items are not supported by the records:\n"
        f"{problems}\n"
        "Answer again with the whole JSON object. Fix these items using only the records given "
        "(cite the records each statement comes from), or leave them out.",
    )
