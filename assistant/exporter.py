"""Export the database as a bundle, the same format ``cadence import`` reads.

Records come out in id order and refer to each other by external id (people too, never by
email), value tags sorted, every field written out: so import → export → import is a fixed point.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.orm import Session, sessionmaker

from assistant.bundle import SECTIONS, Bundle
from assistant.bundle_files import write_csv_dir, write_json
from assistant.files import PRIVATE_FILE, private_dir, private_file, tighten
from assistant.models import (
    ActionItem,
    Base,
    CheckIn,
    CompanyValue,
    Cycle,
    Feedback,
    Goal,
    GoalUpdate,
    KeyResult,
    Person,
    Team,
    feedback_values,
    goal_values,
)

__all__ = ["export_bundle", "write_bundle"]

_MODELS: dict[str, type[Base]] = {
    "teams": Team,
    "people": Person,
    "values": CompanyValue,
    "cycles": Cycle,
    "goals": Goal,
    "key_results": KeyResult,
    "goal_updates": GoalUpdate,
    "feedback": Feedback,
    "checkins": CheckIn,
    "action_items": ActionItem,
}
# Bundle field -> (column, section the column's id points into).
_REFS: dict[str, dict[str, tuple[str, str]]] = {
    "teams": {"parent": ("parent_id", "teams")},
    "people": {"team": ("team_id", "teams"), "manager": ("manager_id", "people")},
    "goals": {
        "owner_person": ("owner_person_id", "people"),
        "owner_team": ("owner_team_id", "teams"),
        "parent": ("parent_id", "goals"),
        "cycle": ("cycle_id", "cycles"),
    },
    "key_results": {"goal": ("goal_id", "goals")},
    "goal_updates": {"goal": ("goal_id", "goals"), "author": ("author_id", "people")},
    "feedback": {
        "giver": ("giver_id", "people"),
        "receiver": ("receiver_id", "people"),
        "goal": ("goal_id", "goals"),
        "requested_by": ("requested_by_id", "people"),
    },
    "checkins": {"employee": ("employee_id", "people"), "manager": ("manager_id", "people")},
    "action_items": {"checkin": ("checkin_id", "checkins"), "owner": ("owner_id", "people")},
}
_TAGS: dict[str, Table] = {"goals": goal_values, "feedback": feedback_values}


def _tags(session: Session, assoc: Table, value_ext: dict[int, str]) -> dict[int, list[str]]:
    tags: dict[int, list[str]] = {}
    for owner, value in session.execute(select(assoc.c[0], assoc.c[1])):
        tags.setdefault(owner, []).append(value_ext[value])
    return {k: sorted(v) for k, v in tags.items()}


def export_bundle(sessions: sessionmaker[Session]) -> Bundle:
    """Everything the bundle format covers, read in one transaction (a consistent snapshot)."""
    ext: dict[str, dict[int, str]] = {}
    sections: dict[str, list[Any]] = {}
    with sessions() as session, session.begin():
        for section, model in _MODELS.items():
            tbl: Table = model.__table__  # type: ignore[assignment]
            ext[section] = dict(session.execute(select(tbl.c.id, tbl.c.external_id)).all())
        for section, model in _MODELS.items():
            tbl = model.__table__  # type: ignore[assignment]
            fields = SECTIONS[section].model_fields
            refs = _REFS.get(section, {})
            tags = _tags(session, _TAGS[section], ext["values"]) if section in _TAGS else None
            records = []
            for row in session.execute(select(tbl).order_by(tbl.c.id)).mappings():
                rec: dict[str, Any] = {"id": row["external_id"]}
                for name in fields:
                    if name in refs:
                        col, target = refs[name]
                        rec[name] = ext[target][row[col]] if row[col] is not None else None
                    elif name == "values" and tags is not None:
                        rec[name] = tags.get(row["id"], [])
                    elif name != "id":
                        rec[name] = row[name]
                records.append(SECTIONS[section].model_validate(rec))
            sections[section] = records
    return Bundle.model_validate({"format_version": Bundle().format_version, **sections})


def write_bundle(bundle: Bundle, path: Path) -> str:
    """Write ``bundle`` to ``path``: a ``.json`` file, or else a directory of CSV files. Either
    is private to its owner (0600 files, 0700 directory): it is everyone's feedback."""
    if path.suffix.lower() == ".json":
        path.parent.mkdir(parents=True, exist_ok=True)
        write_json(bundle, private_file(path))
        return "json"
    write_csv_dir(bundle, private_dir(path))
    for file in path.glob("*.csv"):
        tighten(file, PRIVATE_FILE)
    return "csv"
