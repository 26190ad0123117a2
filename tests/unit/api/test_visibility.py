"""Visibility travels with the text (issue 12, finding 5): a draft item resting on manager-only
or private records is marked in the JSON and the web page, and "Copy as markdown" leaves it out
unless asked."""

from __future__ import annotations

import datetime as dt
import html
import re

from fastapi.testclient import TestClient
from ui_client import signed_in

from assistant.llm import ScriptedModel
from assistant.models import CheckIn, Feedback, Goal
from assistant.tasks.pipeline import generate
from tests.orgs.api_org import Org

TODAY = dt.date(2026, 1, 20)


def _draft(org: Org) -> int:
    """An agenda by a model that calls every item "shared" (it does not get to decide)."""
    mgr = f"F{org.record_id(Feedback, 'f-mgr')}"
    goal = f"G{org.record_id(Goal, 'g-dana')}"
    checkin = f"C{org.record_id(CheckIn, 'c-1')}"
    shared = f"F{org.record_id(Feedback, 'f-shared')}"
    wins = [
        {"text": "Great incident write-up.", "citations": [shared], "visibility": "shared"},
        {"text": "Discuss the goal.", "citations": [goal]},
    ]
    answer = {
        "wins": wins,
        "goals_at_risk": [],
        "action_items": [],
        "feedback_to_discuss": [
            {"text": "Reviews arrive late.", "citations": [mgr], "visibility": "shared"}
        ],
        "growth": [{"text": "Talk about the migration.", "citations": [checkin]}],
        "questions": [],
    }
    result = generate(
        org.runtime,
        "agenda",
        "maya@example.com",
        subject=org.ids["dana"],
        today=TODAY,
        model=ScriptedModel([answer]),
    )
    assert result.dropped == [], result.dropped
    return result.draft_id


def test_the_json_carries_each_items_visibility(client: TestClient, org: Org) -> None:
    draft = _draft(org)
    body = client.get(f"/v1/drafts/{draft}", headers=org.headers("maya")).json()
    out = body["output"]
    assert out["wins"][0]["visibility"] == "shared"
    assert out["feedback_to_discuss"][0]["visibility"] == "manager_only"
    # A model wrote it and the check-in's private notes were in its context: private.
    assert out["growth"][0]["visibility"] == "private"


def test_the_page_marks_restricted_items_and_copy_leaves_them_out(
    client: TestClient, org: Org
) -> None:
    draft = _draft(org)
    signed_in(client, org, "maya")
    page = client.get(f"/drafts/{draft}").text
    assert re.search(
        r'<li class="restricted" data-visibility="manager_only">\s*<span class="vis"', page
    )
    assert 'data-visibility="private"' in page and ">Private</span>" in page
    share = html.unescape(re.search(r'<textarea id="md"[^>]*>(.*?)</textarea>', page, re.S)[1])
    full = html.unescape(re.search(r'<textarea id="md-all"[^>]*>(.*?)</textarea>', page, re.S)[1])
    assert "Great incident write-up." in share
    assert "Reviews arrive late." not in share and "migration" not in share
    assert "2 item(s) resting on manager-only or private records left out" in share
    assert "**[Manager-only]** Reviews arrive late." in full
    assert "**[Private]** Talk about the migration." in full
    assert 'id="md-include-restricted"' in page


def test_the_offline_drafter_marks_what_it_quotes_from_private_notes(org: Org) -> None:
    with org.runtime.sessions() as session:
        checkin = session.get(CheckIn, org.record_id(CheckIn, "c-1"))
        assert checkin is not None
        checkin.private_notes = "Needs more stretch; consider offering the lead role to Eli."
        session.commit()
    result = generate(
        org.runtime, "agenda", "maya@example.com", subject=org.ids["dana"], today=TODAY
    )
    growth = result.output["growth"]
    quoting = [i for i in growth if "lead role" in i["text"]]
    assert quoting and all(i["visibility"] == "private" for i in quoting), growth
    manager_only = f"F{org.record_id(Feedback, 'f-mgr')}"
    for i in (i for v in result.output.values() for i in v):
        if i["visibility"] == "shared":
            assert manager_only not in i["citations"], i
