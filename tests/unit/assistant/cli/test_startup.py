"""What the command line imports: `--help` and argument parsing need no database, ORM, bundle
schema or vector store, and commands that need no index never import Chroma. Counted in a fresh
interpreter (what `cadence` pays at start-up), never timed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

_PROBE = """
import json, sys
from assistant.cli import main
sys.argv = ["cadence", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
loaded = sorted(m for m in sys.modules if m.split(".")[0] in {PREFIXES} or m in {MODULES})
sys.stderr.write("\\nLOADED " + json.dumps(loaded) + "\\n")
"""

# Heavy for start-up: the vector store, the ORM and its models, the bundle schema, model clients.
HEAVY_ROOTS = {"chromadb", "sqlalchemy", "langchain_core", "openai", "model2vec", "numpy"}
HEAVY_MODULES = {"assistant.models", "assistant.bundle", "assistant.runtime", "assistant.db"}


def _loaded(args: list[str], data_dir: Path) -> list[str]:
    code = _PROBE.replace("{PREFIXES}", repr(HEAVY_ROOTS)).replace("{MODULES}", repr(HEAVY_MODULES))
    env = {**os.environ, "CADENCE_DATA_DIR": str(data_dir), "COLUMNS": "120"}
    ran = subprocess.run(
        [sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, timeout=120
    )
    marker = [line for line in ran.stderr.splitlines() if line.startswith("LOADED ")]
    assert marker, ran.stderr
    return list(json.loads(marker[-1].removeprefix("LOADED ")))


@pytest.mark.parametrize(
    "args",
    [["--help"], ["feedback", "add", "--help"], ["search", "--help"], ["demo", "--help"],
     ["worker", "--help"], ["index", "--help"]],
)  # fmt: skip
def test_help_imports_nothing_heavy(args: list[str], tmp_path: Path) -> None:
    assert _loaded(args, tmp_path) == []


@pytest.mark.parametrize(
    "args", [["people", "list"], ["token", "list"], ["export", "out.json"], ["schema"]]
)
def test_commands_that_need_no_index_never_import_chroma(
    args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    loaded = _loaded(args, tmp_path / "data")
    assert not [m for m in loaded if m.split(".")[0] == "chromadb"]
    assert not [m for m in loaded if m.split(".")[0] in {"model2vec", "langchain_core"}]
