"""The agenda's "build on a strength" line counts exactly the people it cites: grounding drops a
line whose number no cited record supports (it once lost a demo agenda's strength line)."""

from __future__ import annotations

import datetime as dt
import re

from dana_context import HANNAH, LUIS, MARCO, ZARA, brief_for, fb

from assistant.grounding import Grounding, check
from assistant.tasks.registry import draft_offline
from assistant.tasks.schemas import Agenda

PRAISE = (
    "You shipped the billing export a week early and flagged the one risk before it bit.",
    "The billing export landed ahead of the date you committed to, with no surprises.",
    "You hit every milestone on the billing export and told us early about the one slip.",
    "Delivered the billing export on time again; your commitments hold.",
)


def test_the_strength_line_counts_the_givers_it_cites() -> None:
    praise = [
        fb(f"F{70 + n}", dt.date(2026, 10, 1 + 7 * n), giver, "praise", text)
        for n, (giver, text) in enumerate(zip((HANNAH, MARCO, ZARA, LUIS), PRAISE, strict=True))
    ]
    context = praise  # alone, so the strength is theirs
    agenda = draft_offline(context, brief_for("agenda"))
    assert isinstance(agenda, Agenda)
    lines = [i for i in agenda.growth if i.text.startswith("Build on")]
    assert lines, [i.text for i in agenda.growth]
    for line in lines:
        said = re.search(r"(\d+) people praised it", line.text)
        cited_givers = {i.author_id for i in context if i.citation in line.citations}
        assert said is None or int(said.group(1)) == len(cited_givers), line
    assert not [p for p in check(agenda, Grounding(context=context)) if p.section == "growth"]
