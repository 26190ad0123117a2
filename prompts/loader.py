"""Prompt templates as validated data.

Each template is a Markdown file in this package with YAML front matter::

    ---
    name: agenda
    version: 1
    description: ...
    inputs: [manager, report, today, records]
    ---
    Prepare {{manager}}'s next 1:1 with {{report}} ...

Loading checks the front matter strictly (unknown keys are an error) and that the body uses exactly
the declared inputs. Rendering substitutes values once, left to right: a value is never re-scanned
for placeholders, so text from a record cannot inject a template variable.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

import yaml
from pydantic import BaseModel, ConfigDict, Field

_PLACEHOLDER = re.compile(r"\{\{\s*([a-z_][a-z0-9_]*)\s*\}\}")
_FRONT = re.compile(r"\A---\n(.*?)\n---\n(.*)\Z", re.DOTALL)


class PromptError(ValueError):
    """A template file that cannot be loaded."""


class MissingVariables(PromptError):
    def __init__(self, template: str, missing: list[str]):
        self.missing = missing
        super().__init__(f"prompt {template!r} is missing variables: {', '.join(missing)}")


class Prompt(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=r"^[a-z_]+$")
    version: int = Field(ge=1)
    description: str = ""
    inputs: list[str]
    body: str

    @property
    def tag(self) -> str:
        """What a Draft records: ``agenda@1``."""
        return f"{self.name}@{self.version}"

    def render(self, **values: object) -> str:
        missing = sorted(set(self.inputs) - set(values))
        if missing:
            raise MissingVariables(self.name, missing)
        unknown = sorted(set(values) - set(self.inputs))
        if unknown:
            raise PromptError(f"prompt {self.name!r} does not take: {', '.join(unknown)}")
        return _PLACEHOLDER.sub(lambda m: str(values[m.group(1)]), self.body).strip() + "\n"


def parse(text: str, *, source: str = "<string>") -> Prompt:
    match = _FRONT.match(text.replace("\r\n", "\n"))
    if not match:
        raise PromptError(f"{source}: no '---' front matter")
    meta = yaml.safe_load(match.group(1)) or {}
    if not isinstance(meta, dict):
        raise PromptError(f"{source}: front matter must be a mapping")
    prompt = Prompt.model_validate({**meta, "body": match.group(2)})
    used = set(_PLACEHOLDER.findall(prompt.body))
    declared = set(prompt.inputs)
    if used != declared:
        raise PromptError(
            f"{source}: body uses {sorted(used)} but front matter declares {sorted(declared)}"
        )
    return prompt


@cache
def load(name: str) -> Prompt:
    """The packaged template ``prompts/<name>.md``."""
    try:
        text = resources.files("prompts").joinpath(f"{name}.md").read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PromptError(f"no prompt template named {name!r}") from None
    prompt = parse(text, source=f"prompts/{name}.md")
    if prompt.name != name:
        raise PromptError(f"prompts/{name}.md declares name {prompt.name!r}")
    return prompt


def available() -> list[str]:
    return sorted(
        entry.name.removesuffix(".md")
        for entry in resources.files("prompts").iterdir()
        if entry.name.endswith(".md")
    )
