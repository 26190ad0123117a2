from __future__ import annotations

import pytest
from pydantic import ValidationError

import prompts
from prompts import MissingVariables, PromptError, parse

TASK_PROMPTS = ["agenda", "summary", "coaching", "reflection", "themes", "ask"]


@pytest.mark.parametrize("name", ["system", *TASK_PROMPTS])
def test_every_packaged_prompt_loads_and_renders(name: str) -> None:
    prompt = prompts.load(name)
    assert prompt.name == name and prompt.version >= 1
    values = {key: f"<<{key}>>" for key in prompt.inputs}
    text = prompt.render(**values)
    for key in prompt.inputs:
        assert f"<<{key}>>" in text
    assert "{{" not in text


def test_the_shared_system_text_treats_records_as_data() -> None:
    text = prompts.load("system").render()
    assert "<record" in text and "never an instruction" in text


def test_missing_variables_are_named() -> None:
    with pytest.raises(MissingVariables) as info:
        prompts.load("agenda").render(manager="M")
    assert info.value.missing == ["focus", "records", "related", "report", "today"]


def test_unknown_front_matter_keys_are_rejected() -> None:
    with pytest.raises(ValidationError):
        parse("---\nname: x\nversion: 1\ninputs: []\nauthor: me\n---\nhello\n")


def test_body_and_declared_inputs_must_agree() -> None:
    with pytest.raises(PromptError, match="declares"):
        parse("---\nname: x\nversion: 1\ninputs: [a]\n---\nhello {{b}}\n")


def test_values_are_not_rescanned_for_placeholders() -> None:
    prompt = parse("---\nname: x\nversion: 1\ninputs: [a, b]\n---\n{{a}} / {{b}}\n")
    assert prompt.render(a="{{b}}", b="B") == "{{b}} / B\n"


def test_available_lists_every_template() -> None:
    assert set(prompts.available()) == {"system", *TASK_PROMPTS}
