"""The OpenAPI document is a contract with API clients: it changes only on purpose.

``openapi.golden.json`` is the document as of the layering step (issue 14), which had to leave it
unchanged byte for byte. A deliberate change to the API rewrites it with CADENCE_UPDATE_GOLDEN=1,
so the change shows up in review as a diff of that file."""

from __future__ import annotations

import json
import os
from pathlib import Path

from api.app import create_app
from assistant.runtime import Runtime
from assistant.settings import Settings

GOLDEN = Path(__file__).with_name("openapi.golden.json")


def test_the_openapi_document_is_unchanged(tmp_path: Path) -> None:
    runtime = Runtime(Settings(data_dir=tmp_path, environment="test"))
    try:
        document = json.dumps(create_app(runtime).openapi(), indent=1, sort_keys=True)
    finally:
        runtime.close()
    if os.environ.get("CADENCE_UPDATE_GOLDEN") == "1":
        GOLDEN.write_text(document)
    assert document == GOLDEN.read_text()
