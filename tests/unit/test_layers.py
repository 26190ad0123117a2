"""The layer contract of pyproject.toml ([tool.importlinter], docs/ARCHITECTURE.md "Layers") holds
for this tree, and would catch a breach.

import-linter runs in a subprocess, offline: over this tree, then over small trees of the same
package names in which one forbidden import is planted, which must break a contract. The planted
imports sit inside a function, as this codebase's lazy imports do: those count too.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = ROOT / "pyproject.toml"
PACKAGES = {"api", "assistant", "retrieval", "prompts", "evals"}

# Imports the layers allow: each higher package uses the ones below it.
ALLOWED = {
    "api": ["assistant", "retrieval", "prompts"],
    "assistant": ["retrieval", "prompts"],
    "evals": ["api", "assistant", "retrieval", "prompts"],
}


def _config() -> dict[str, Any]:
    config: dict[str, Any] = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["tool"][
        "importlinter"
    ]
    return config


def _lint(cwd: Path) -> subprocess.CompletedProcess[str]:
    """``lint-imports`` over the packages importable from ``cwd`` (first on the path)."""
    env = {**os.environ, "PYTHONPATH": str(cwd)}
    code = "import sys; from importlinter.cli import lint_imports_command; lint_imports_command()"
    return subprocess.run(
        [sys.executable, "-c", code, "--config", str(PYPROJECT), "--no-cache"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _tree(root: Path, planted: tuple[str, str] | None = None) -> Path:
    """The five packages, each importing only what :data:`ALLOWED` lets it, plus ``planted``
    (importer, imported) as a lazy import."""
    for package in PACKAGES:
        (root / package).mkdir(parents=True)
        (root / package / "__init__.py").write_text("")
        lines = [f"import {below}\n" for below in ALLOWED.get(package, [])]
        if planted and planted[0] == package:
            lines.append(f"\n\ndef later() -> None:\n    import {planted[1]}  # noqa\n")
        (root / package / "uses.py").write_text("".join(lines))
    return root


def test_the_contracts_name_every_package() -> None:
    config = _config()
    assert set(config["root_packages"]) == PACKAGES
    contracts = config["contracts"]
    assert {c["type"] for c in contracts} == {"layers", "forbidden"}
    named = set()
    for contract in contracts:
        for key in ("layers", "source_modules", "forbidden_modules"):
            for entry in contract.get(key, []):
                named.update(part.strip() for part in entry.split("|"))
    assert named == PACKAGES


def test_this_tree_keeps_the_contracts() -> None:
    ran = _lint(ROOT)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert "0 broken" in ran.stdout


def test_a_tree_that_only_imports_downwards_passes(tmp_path: Path) -> None:
    ran = _lint(_tree(tmp_path))
    assert ran.returncode == 0, ran.stdout + ran.stderr


@pytest.mark.parametrize(
    "planted",
    [
        ("retrieval", "assistant"),
        ("retrieval", "api"),
        ("assistant", "api"),
        ("prompts", "assistant"),
        ("prompts", "retrieval"),
        ("retrieval", "prompts"),
        ("assistant", "evals"),
        ("api", "evals"),
        ("retrieval", "evals"),
        ("prompts", "evals"),
    ],
)
def test_a_forbidden_import_breaks_a_contract(tmp_path: Path, planted: tuple[str, str]) -> None:
    ran = _lint(_tree(tmp_path, planted))
    assert ran.returncode == 1, ran.stdout + ran.stderr
    assert f"{planted[0]}.uses -> {planted[1]}" in ran.stdout
