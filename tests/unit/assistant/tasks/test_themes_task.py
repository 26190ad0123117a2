"""HR themes through the pipeline: the period before a start date is read for the trend (never
shown), the threshold in force reaches the drafter, and a model is given the analysis."""

from __future__ import annotations

import datetime as dt

from assistant.llm import ScriptedModel
from assistant.runtime import Runtime
from assistant.settings import Settings
from assistant.tasks.pipeline import generate
from assistant.tasks.schemas import Themes
from tests.builder import Org, build
from tests.orgs.group_org import payments_group

TODAY = dt.date(2026, 11, 30)
D = dt.date
PEOPLE = ("ana", "ben", "cai", "dev", "eve", "fay")
UPDATE = "{} sends stakeholders a clear weekly status update."
PIPELINE = "{} fixed the flaky deploy pipeline and cut build times."


def _org(runtime: Runtime) -> Org:
    with build(runtime, today=TODAY) as b:
        payments_group(b, PEOPLE)
        n = 0
        # October: quiet, mostly about the pipeline; November: a review season, three times
        # the feedback, and status updates now a larger share of it.
        for month, pipeline_each, updates_each in ((10, 2, 1), (11, 3, 6)):
            for i, key in enumerate(PEOPLE):
                giver = PEOPLE[(i + 1) % len(PEOPLE)]
                for text, count in ((PIPELINE, pipeline_each), (UPDATE, updates_each)):
                    for _ in range(count):
                        n += 1
                        b.feedback(f"f{n}", text.format(key.title()), giver=giver, receiver=key,
                                   on=D(2026, month, 1 + n % 20))  # fmt: skip
    return b.org


def test_the_period_before_gives_the_trend_and_is_never_cited(
    runtime: Runtime, settings: Settings
) -> None:
    org = _org(runtime)
    result = generate(runtime, "themes", org.email("hr"), team="Payments",
                      since=D(2026, 11, 1), until=D(2026, 11, 30), today=TODAY)  # fmt: skip
    themes = Themes.model_validate(result.output).themes
    updates = next(t for t in themes if t.theme == "Communication")
    assert updates.count == 36 and updates.people == 6
    assert updates.trend == "rising" and updates.previous_share < updates.share
    october = {org.doc[f"f{n}"] for n in range(1, 19)}
    assert not october & {c for t in themes for c in t.citations}
    # The same request with a threshold above the group's size per theme: refused up front.
    strict = Runtime(settings.model_copy(update={"anonymity_k": 7}))
    try:
        from assistant.errors import GroupTooSmall

        try:
            generate(strict, "themes", org.email("hr"), team="Payments", today=TODAY)
            raise AssertionError("a group below k was drafted")
        except GroupTooSmall:
            pass
    finally:
        strict.close()


def test_a_model_is_given_the_analysis(runtime: Runtime) -> None:
    org = _org(runtime)
    model = ScriptedModel([Themes(themes=[])])
    generate(runtime, "themes", org.email("hr"), team="Payments", since=D(2026, 11, 1),
             until=D(2026, 11, 30), today=TODAY, model=model)  # fmt: skip
    prompt = model.history[0][-1].content
    assert "Analysis:\n- theme: Communication (taxonomy)" in prompt
    assert "people: 6; praise: 36; criticism: 0" in prompt
    assert "trend: rising" in prompt and "action: " in prompt
    assert "Ana Example" not in prompt
