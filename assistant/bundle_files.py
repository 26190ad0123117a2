"""Reading and writing bundles on disk: one JSON file, or a directory with one CSV per section.

Reading never stops at the first bad record: every record is validated on its own and each fault
becomes a :class:`~assistant.errors.Problem` naming the file, the index (JSON) or line (CSV) and the
field. The records that did validate are kept, so the importer can still check references across
the whole bundle and report everything in one go. BUNDLE.md describes the format.

A file that cannot be a bundle at all (not UTF-8, not JSON, a key given twice, nesting deeper than
Python's parser goes) is one clear problem, never a traceback. Text is UTF-8 with or without a BOM.
"""

from __future__ import annotations

import csv
import datetime as dt
import enum
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from assistant.bundle import BUNDLE_FORMAT_VERSION, SECTIONS, Bundle
from assistant.errors import Problem, ValidationFailed
from assistant.fields import cleaning, was_cleaned

# Fields holding lists; in CSV they are one cell with the items separated by LIST_SEP.
LIST_FIELDS = frozenset({"roles", "values"})
LIST_SEP = ";"
# A spreadsheet runs a cell starting with one of these as a formula; export writes an apostrophe
# before such a text cell (and before one starting with an apostrophe), and import drops it.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"


@dataclass
class LoadedBundle:
    """What a file held: the records that validated, the problems of those that did not."""

    bundle: Bundle
    problems: list[Problem] = field(default_factory=list)
    # section -> where each kept record came from, aligned with the bundle's lists.
    locations: dict[str, list[str]] = field(default_factory=dict)
    # section -> ids of records that failed validation: references to them are not "unknown".
    invalid_ids: dict[str, set[str]] = field(default_factory=dict)
    invalid_emails: set[str] = field(default_factory=set)
    # How many records had invisible characters stripped from their text.
    cleaned: int = 0

    def where(self, section: str, index: int) -> str:
        locs = self.locations.get(section)
        return locs[index] if locs and index < len(locs) else f"{section}[{index}]"


def _field_name(loc: tuple[int | str, ...]) -> str:
    name = ""
    for part in loc:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name or "record"


def describe_error(err: ErrorDetails) -> str:
    """A pydantic error as a sentence a person fixing a bundle can act on."""
    kind, ctx, value = err["type"], err.get("ctx") or {}, err.get("input")
    if kind == "string_too_long":
        return f"too long: {len(str(value))} characters, the cap is {ctx.get('max_length')}"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "missing":
        return "required"
    if kind == "extra_forbidden":
        return "unknown field"
    if kind.startswith(("date_", "datetime_")):
        return f"not a date: {value!r} (expected YYYY-MM-DD)"
    if kind in ("greater_than_equal", "greater_than"):
        return f"out of range: {value!r} (at least {ctx.get('ge', ctx.get('gt'))})"
    if kind in ("less_than_equal", "less_than"):
        return f"out of range: {value!r} (at most {ctx.get('le', ctx.get('lt'))})"
    if kind == "string_pattern_mismatch":
        return f"not a valid email address: {value!r}"
    if kind == "enum":
        return f"{value!r} is not one of {ctx.get('expected')}"
    return str(err["msg"])


def problems_from(where: str, exc: ValidationError) -> list[Problem]:
    return [
        Problem(where, _field_name(tuple(e["loc"])), describe_error(e))
        for e in exc.errors(include_url=False)
    ]


def _collect(raw_sections: dict[str, list[tuple[str, Any]]], loaded: LoadedBundle) -> LoadedBundle:
    """Validate each raw record into its section, keeping the good and noting the bad."""
    kept: dict[str, Any] = {}
    for section, items in raw_sections.items():
        model = SECTIONS[section]
        good: list[BaseModel] = []
        locs: list[str] = []
        bad_ids: set[str] = set()
        for where, raw in items:
            ctx = cleaning()
            try:
                good.append(model.model_validate(raw, context=ctx))
                locs.append(where)
                loaded.cleaned += was_cleaned(ctx)
            except ValidationError as exc:
                loaded.problems.extend(problems_from(where, exc))
                if isinstance(raw, dict):
                    if isinstance(raw.get("id"), str) and raw["id"].strip():
                        bad_ids.add(raw["id"].strip())
                    if section == "people" and isinstance(raw.get("email"), str):
                        loaded.invalid_emails.add(raw["email"].strip().lower())
        kept[section] = good
        loaded.locations[section] = locs
        loaded.invalid_ids[section] = bad_ids
    loaded.bundle = Bundle.model_construct(
        format_version=BUNDLE_FORMAT_VERSION, **{s: kept.get(s, []) for s in SECTIONS}
    )
    return loaded


class _DuplicateKey(ValueError):
    pass


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # json.loads keeps the last of two equal keys: a second "feedback" section would silently
    # replace the first.
    obj: dict[str, Any] = {}
    for key, value in pairs:
        if key in obj:
            raise _DuplicateKey(key)
        obj[key] = value
    return obj


def _read_json(path: Path) -> LoadedBundle:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ValidationFailed([Problem(path.name, "file", f"cannot read: {exc}")]) from None
    return parse_json(data, path.name)


def _utf8(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationFailed(
            [Problem(name, "file", f"not UTF-8 text (the byte at offset {exc.start} is invalid)")]
        ) from None


def parse_json(data: bytes, name: str) -> LoadedBundle:
    """A bundle from the bytes of a JSON document (a file's, or an API request body's)."""
    loaded = LoadedBundle(Bundle())
    text = _utf8(data, name)
    try:
        doc = json.loads(text, object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as exc:
        raise ValidationFailed(
            [Problem(f"{name}:{exc.lineno}", "json", f"not valid JSON: {exc.msg}")]
        ) from None
    except _DuplicateKey as exc:
        why = f"the key {exc.args[0]!r} appears twice"
        raise ValidationFailed([Problem(name, "json", why)]) from None
    except RecursionError:
        raise ValidationFailed([Problem(name, "json", "nested too deeply")]) from None
    if not isinstance(doc, dict):
        raise ValidationFailed([Problem(name, "json", "the bundle must be a JSON object")])
    raw: dict[str, list[tuple[str, Any]]] = {}
    for key, value in doc.items():
        if key == "format_version":
            if value != BUNDLE_FORMAT_VERSION:
                loaded.problems.append(
                    Problem(
                        name, key, f"{value!r} is not supported (expected {BUNDLE_FORMAT_VERSION})"
                    )
                )
        elif key not in SECTIONS:
            loaded.problems.append(
                Problem(name, key, f"unknown section (known: {', '.join(SECTIONS)})")
            )
        elif not isinstance(value, list):
            loaded.problems.append(Problem(name, key, "must be a list of records"))
        else:
            raw[key] = [(f"{name}:{key}[{i}]", item) for i, item in enumerate(value)]
    return _collect(raw, loaded)


def _unescape(cell: str) -> str:
    return cell[1:] if cell.startswith(ESCAPE) else cell


def _csv_record(row: dict[str, str]) -> dict[str, Any]:
    record: dict[str, Any] = {}
    for key, raw_cell in row.items():
        cell = _unescape(raw_cell)
        if key in LIST_FIELDS:
            record[key] = [p.strip() for p in cell.split(LIST_SEP) if p.strip()]
        elif cell != "":
            record[key] = cell  # an empty cell means "not set": the field's default applies
    return record


def _csv_items(file: Path, section: str, loaded: LoadedBundle) -> list[tuple[str, Any]]:
    items: list[tuple[str, Any]] = []
    with io.StringIO(_utf8(file.read_bytes(), file.name), newline="") as fh:
        reader = csv.DictReader(fh)
        known = set(SECTIONS[section].model_fields)
        unknown = [c for c in reader.fieldnames or [] if c not in known]
        if unknown:
            loaded.problems.append(
                Problem(f"{file.name}:1", "header", f"unknown column(s): {', '.join(unknown)}")
            )
        line = 2  # the line the next record starts on (line 1 is the header)
        for row in reader:
            if None in row or any(v is None for v in row.values()):
                loaded.problems.append(
                    Problem(f"{file.name}:{line}", "row", "wrong number of cells")
                )
            else:
                clean = {k: v for k, v in row.items() if k in known}
                items.append((f"{file.name}:{line}", _csv_record(clean)))
            line = reader.line_num + 1
    return items


def _read_csv_dir(path: Path) -> LoadedBundle:
    loaded = LoadedBundle(Bundle())
    raw: dict[str, list[tuple[str, Any]]] = {}
    for file in sorted(path.glob("*.csv")):
        section = file.stem
        if section not in SECTIONS:
            loaded.problems.append(
                Problem(file.name, "file", f"not a bundle section (known: {', '.join(SECTIONS)})")
            )
            continue
        try:
            items = _csv_items(file, section, loaded)
        except ValidationFailed as exc:
            loaded.problems.extend(exc.problems)
            continue
        except csv.Error as exc:
            loaded.problems.append(Problem(file.name, "file", f"not valid CSV: {exc}"))
            continue
        except OSError as exc:
            loaded.problems.append(Problem(file.name, "file", f"cannot read: {exc.strerror}"))
            continue
        raw[section] = items
    if not raw and not loaded.problems:
        loaded.problems.append(Problem(path.name, "directory", "holds no <section>.csv files"))
    return _collect(raw, loaded)


def read_bundle(path: Path) -> LoadedBundle:
    """Read a bundle file (``.json``) or directory (CSVs) without stopping at bad records."""
    if path.is_dir():
        return _read_csv_dir(path)
    if not path.exists():
        raise ValidationFailed([Problem(str(path), "path", "no such file or directory")])
    return _read_json(path)


def load_bundle(path: Path) -> Bundle:
    """Read a bundle; raise :class:`ValidationFailed` listing every malformed record."""
    loaded = read_bundle(path)
    if loaded.problems:
        raise ValidationFailed(loaded.problems)
    return loaded.bundle


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return LIST_SEP.join(_cell(v) for v in value)
    return str(value)


def _csv_cell(value: Any) -> str:
    """A cell as written: text that a spreadsheet would run as a formula is escaped."""
    text = _cell(value)
    is_text = isinstance(value, str | list) and not isinstance(value, enum.Enum)
    if is_text and text.startswith((*FORMULA_START, ESCAPE)):
        return ESCAPE + text
    return text


def write_json(bundle: Bundle, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(bundle.model_dump_json(indent=2) + "\n", encoding="utf-8")


def write_csv_dir(bundle: Bundle, path: Path) -> None:
    """One ``<section>.csv`` per section, every field a column, lists joined with ``;``."""
    path.mkdir(parents=True, exist_ok=True)
    for section, model in SECTIONS.items():
        columns = list(model.model_fields)
        with (path / f"{section}.csv").open("w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(columns)
            for record in getattr(bundle, section):
                writer.writerow([_csv_cell(getattr(record, c)) for c in columns])
