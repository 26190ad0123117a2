"""Data commands: import, export, schema, and listing/adding records."""

from __future__ import annotations

import json

from assistant.bundle import Bundle
from assistant.cli import app
from assistant.cli.common import out


@app.command()
def schema() -> None:
    """Print the JSON Schema of the import/export bundle."""
    out.print(json.dumps(Bundle.model_json_schema(), indent=2), markup=False)
