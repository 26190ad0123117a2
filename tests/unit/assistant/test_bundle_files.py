"""Reading and writing bundle files: what a hostile or clumsy file does (issue 12: 7, 10)."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from assistant.bundle import Bundle
from assistant.bundle_files import read_bundle, write_csv_dir
from assistant.errors import ValidationFailed

BOM = b"\xef\xbb\xbf"


def test_a_utf8_bom_is_accepted_in_json_and_csv(tmp_path: Path) -> None:
    doc = {"values": [{"id": "v-own", "name": "Ownership"}]}
    (tmp_path / "b.json").write_bytes(BOM + json.dumps(doc).encode())
    assert read_bundle(tmp_path / "b.json").bundle.values[0].id == "v-own"
    (tmp_path / "csv").mkdir()
    (tmp_path / "csv" / "values.csv").write_bytes(BOM + b"id,name\nv-own,Ownership\n")
    loaded = read_bundle(tmp_path / "csv")
    assert loaded.problems == [] and loaded.bundle.values[0].id == "v-own"


def test_invalid_utf8_or_csv_in_a_csv_bundle_is_a_located_problem(tmp_path: Path) -> None:
    (tmp_path / "values.csv").write_bytes(b"id,name\nv-1,caf\xe9\n")
    (tmp_path / "teams.csv").write_text("id,name\nt-1," + "x" * 200_000 + "\n")
    (tmp_path / "cycles.csv").write_text("id,name,start_date,end_date\n")
    (tmp_path / "goals.csv").mkdir()
    got = {(p.where, p.field, p.reason.split(":")[0]) for p in read_bundle(tmp_path).problems}
    assert got == {
        ("values.csv", "file", "not UTF-8 text (the byte at offset 15 is invalid)"),
        ("teams.csv", "file", "not valid CSV"),
        ("goals.csv", "file", "cannot read"),
    }


def test_duplicate_keys_inside_a_record_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "b.json"
    path.write_text('{"values": [{"id": "v", "name": "A", "name": "B"}]}')
    with pytest.raises(ValidationFailed) as caught:
        read_bundle(path)
    assert [str(p) for p in caught.value.problems] == ["b.json: json: the key 'name' appears twice"]


@pytest.mark.parametrize(
    "text", ['=HYPERLINK("http://x")', "+1+2", "-2+3", "@SUM(A1)", "'quoted", "\tx"]
)
def test_csv_export_escapes_formula_cells_and_reads_them_back(tmp_path: Path, text: str) -> None:
    record: dict[str, Any] = {"id": "v-1", "name": "Plain", "description": text}
    bundle = Bundle.model_validate({"values": [record]})
    write_csv_dir(bundle, tmp_path)
    with (tmp_path / "values.csv").open(newline="") as fh:
        row = next(iter(csv.DictReader(fh)))
    assert row["description"] == "'" + text and row["name"] == "Plain"
    assert read_bundle(tmp_path).bundle.values[0].description == text


def test_csv_export_leaves_numbers_and_plain_text_alone(tmp_path: Path) -> None:
    bundle = Bundle.model_validate(
        {"key_results": [{"id": "kr", "goal": "g", "title": "Churn", "start_value": -5,
                          "target_value": -1.5}]}
    )  # fmt: skip
    write_csv_dir(bundle, tmp_path)
    with (tmp_path / "key_results.csv").open(newline="") as fh:
        row = next(iter(csv.DictReader(fh)))
    assert (row["title"], row["start_value"], row["target_value"]) == ("Churn", "-5.0", "-1.5")
