"""Counterfactual copies of the organisation: the subject's first name and pronouns swapped.

The copy is a new SQLite database (the demo's file, copied), so the whole pipeline — retrieval,
prompt, drafter, grounding — runs unchanged over the swapped records: "the same records with names
and pronouns swapped".
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

from sqlalchemy import select

from assistant.models import ActionItem, CheckIn, Feedback, Goal, GoalUpdate
from assistant.people import person_by_email
from assistant.runtime import Runtime
from assistant.settings import Settings
from evals.cases import Counterfactual

_PRONOUNS = {
    ("she/her", "he/him"): {"she": "he", "her": "his", "hers": "his", "herself": "himself"},
    ("he/him", "she/her"): {"he": "she", "him": "her", "his": "her", "himself": "herself"},
    ("she/her", "they/them"): {
        "she": "they",
        "her": "their",
        "hers": "theirs",
        "herself": "themself",
    },
    ("he/him", "they/them"): {"he": "they", "him": "them", "his": "their", "himself": "themself"},
    ("they/them", "she/her"): {"they": "she", "them": "her", "their": "her", "theirs": "hers"},
    ("they/them", "he/him"): {"they": "he", "them": "him", "their": "his", "theirs": "his"},
}


def swap_map(old_first: str, old_pronouns: str | None, cf: Counterfactual) -> dict[str, str]:
    mapping = {old_first: cf.name}
    mapping.update(_PRONOUNS.get((old_pronouns or "", cf.pronouns), {}))
    return mapping


def swap_text(text: str, mapping: dict[str, str]) -> str:
    def one(m: re.Match[str]) -> str:
        word = m.group(0)
        new = mapping.get(word) or mapping.get(word.lower())
        if new is None:
            return word
        return new[:1].upper() + new[1:] if word[:1].isupper() else new

    keys = sorted(mapping, key=len, reverse=True)
    return re.sub(r"\b(?:" + "|".join(map(re.escape, keys)) + r")\b", one, text, flags=re.I)


def _copy_index(src: Path, dst: Path) -> None:
    """The embedded vector index too (when there is one): drafts that search (an agenda's linked
    evidence) then read the same index, and the swap's writes re-index the swapped records when
    the draft syncs. Chroma's own SQLite file through the backup API, as above; its segment files
    as they are (Chroma replays what they miss from that file)."""
    if not src.is_dir():
        return
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("chroma.sqlite3*"))
    if (src / "chroma.sqlite3").exists():
        source, target = src / "chroma.sqlite3", dst / "chroma.sqlite3"
        with sqlite3.connect(source) as reading, sqlite3.connect(target) as writing:
            reading.backup(writing)


def counterfactual_runtime(
    base: Runtime, subject_email: str, cf: Counterfactual, workdir: Path
) -> tuple[Runtime, dict[str, str]]:
    """A runtime over a copy of ``base``'s SQLite database with the subject swapped."""
    url = base.settings.resolved_database_url
    if not url.startswith("sqlite:///"):
        raise ValueError("counterfactual copies need a SQLite demo database")
    src = Path(url.removeprefix("sqlite:///"))
    dst_dir = workdir / f"cf-{cf.name.lower()}-{subject_email.split('@')[0]}"
    # A fresh directory and SQLite's backup API: a plain file copy would miss pages still in the
    # source's WAL, and a stale -wal file left next to an old copy would be replayed into it.
    shutil.rmtree(dst_dir, ignore_errors=True)
    dst_dir.mkdir(parents=True)
    dst = dst_dir / "cadence.db"
    with sqlite3.connect(src) as source, sqlite3.connect(dst) as target:
        source.backup(target)
    _copy_index(base.settings.chroma_path, dst_dir / base.settings.chroma_path.name)
    settings = base.settings.model_copy(update={"data_dir": dst_dir, "database_url": None})
    rt = Runtime(Settings.model_validate(settings.model_dump()))
    with rt.sessions() as session, session.begin():
        person = person_by_email(session, subject_email)
        if person is None:
            raise ValueError(f"no person {subject_email!r} in the demo")
        first = person.name.split()[0]
        mapping = swap_map(first, person.pronouns, cf)
        person.name = swap_text(person.name, {first: cf.name})
        person.pronouns = cf.pronouns
        pid = person.id
        for model, col, about in (
            (Feedback, "text", Feedback.receiver_id == pid),
            (GoalUpdate, "note", GoalUpdate.goal.has(Goal.owner_person_id == pid)),
            (CheckIn, "shared_notes", CheckIn.employee_id == pid),
            (CheckIn, "private_notes", CheckIn.employee_id == pid),
            (ActionItem, "text", ActionItem.checkin.has(CheckIn.employee_id == pid)),
            (Goal, "description", Goal.owner_person_id == pid),
        ):
            for row in session.scalars(select(model).where(about)):
                setattr(row, col, swap_text(getattr(row, col), mapping))
    return rt, mapping
