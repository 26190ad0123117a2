"""Exporting: import → export → import is a fixed point, in JSON and in CSV."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from assistant.bundle import Bundle
from assistant.bundle_files import load_bundle, read_bundle
from assistant.db import make_engine, make_sessionmaker
from assistant.exporter import export_bundle, write_bundle
from assistant.importer import import_bundle
from assistant.runtime import Runtime

MakeBundle = Callable[..., Bundle]


def test_import_export_import_is_a_fixed_point(
    runtime: Runtime, make_bundle: MakeBundle, tmp_path: Path
) -> None:
    original = make_bundle(extra_people=3)
    import_bundle(runtime.sessions, original, migration=True)
    first = export_bundle(runtime.sessions)
    path = tmp_path / "export.json"
    assert write_bundle(first, path) == "json"

    # People are referred to by id on the way out, whatever the input used.
    dana = next(p for p in first.people if p.id == "p-dana")
    assert dana.manager == "p-mgr"
    assert next(g for g in first.goals if g.id == "g-dana").values == ["v-kind", "v-own"]

    again = import_bundle(runtime.sessions, load_bundle(path), migration=True)
    assert again.writes == 0 and again.outbox_rows == 0
    second = export_bundle(runtime.sessions)
    assert second.model_dump_json() == first.model_dump_json()
    assert json.loads(path.read_text())["people"][0]["id"] == "p-ceo"

    # Into an empty database the export rebuilds the same organisation, byte for byte.
    engine = make_engine(f"sqlite:///{tmp_path / 'fresh.db'}")
    fresh = make_sessionmaker(engine)
    import_bundle(fresh, load_bundle(path), migration=True)
    assert export_bundle(fresh).model_dump_json() == first.model_dump_json()
    engine.dispose()


def test_csv_round_trip(runtime: Runtime, make_bundle: MakeBundle, tmp_path: Path) -> None:
    import_bundle(runtime.sessions, make_bundle(extra_people=2), migration=True)
    exported = export_bundle(runtime.sessions)
    assert write_bundle(exported, tmp_path / "csv") == "csv"
    people_csv = (tmp_path / "csv" / "people.csv").read_text().splitlines()
    assert people_csv[0] == "id,name,email,title,team,manager,roles,active,pronouns"
    assert "p-ceo,Ada Chief,ada@acme.test,CEO,t-co,,employee;admin,true," in people_csv

    loaded = read_bundle(tmp_path / "csv")
    assert loaded.problems == []
    assert loaded.bundle.model_dump() == exported.model_dump()  # quotes, newlines, lists survive
    report = import_bundle(runtime.sessions, loaded.bundle, migration=True)
    assert report.writes == 0 and report.outbox_rows == 0


def test_export_of_an_empty_database_is_an_empty_bundle(runtime: Runtime) -> None:
    assert export_bundle(runtime.sessions) == Bundle()
