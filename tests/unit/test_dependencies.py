"""Every runtime dependency in pyproject.toml is used by the product: a dependency nothing imports
(langchain-openai was one) only costs install time and attack surface."""

from __future__ import annotations

import ast
import re
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCT = ("assistant", "api", "retrieval", "evals", "prompts")
# Used without an ``import`` of their own name, and by what.
INDIRECT = {
    "jinja2": "fastapi.templating.Jinja2Templates renders the web UI",
    "python-multipart": "FastAPI parses the web UI's Form() fields with it",
    "psycopg": "SQLAlchemy loads it for postgresql+psycopg:// URLs",
}


def _name(requirement: str) -> str:
    return re.split(r"[\s\[<>=!~;]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _imported_distributions() -> set[str]:
    by_module = packages_distributions()
    found: set[str] = set()
    for package in PRODUCT:
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    roots = [alias.name.split(".")[0] for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    roots = [node.module.split(".")[0]]
                else:
                    continue
                for root in roots:
                    found |= {_name(d) for d in by_module.get(root, ())}
    return found


def test_every_runtime_dependency_is_used() -> None:
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    unused = {_name(r) for r in declared} - _imported_distributions() - set(INDIRECT)
    assert unused == set()


def test_the_indirect_ones_are_still_declared() -> None:
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    assert set(INDIRECT) <= {_name(r) for r in declared}
