"""The web UI in a real headless Chromium (Debian's /usr/bin/chromium) against `cadence serve`.

Screenshots of each page land in artifacts/screenshots/ (gitignored) as test artifacts.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from live_server import ROOT, free_port, start_server, stop_server
from sqlalchemy import select

from assistant.models import Feedback, Person
from assistant.runtime import Runtime
from assistant.settings import Settings
from tests.orgs.api_org import seed_org

pytestmark = [pytest.mark.integration, pytest.mark.browser]
playwright_api = pytest.importorskip("playwright.sync_api")

CHROMIUM = "/usr/bin/chromium"
SHOTS = ROOT / "artifacts" / "screenshots"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@dataclass
class Site:
    base: str
    tokens: dict[str, str]
    ids: dict[str, int]
    data_dir: Path


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    data_dir = tmp_path_factory.mktemp("browser")
    runtime = Runtime(Settings(data_dir=data_dir, environment="test"))
    org = seed_org(runtime)
    runtime.close()
    port = free_port()
    proc = start_server(data_dir, port)
    try:
        yield Site(f"http://127.0.0.1:{port}", org.tokens, org.ids, data_dir)
    finally:
        stop_server(proc)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium")
    SHOTS.mkdir(parents=True, exist_ok=True)
    with playwright_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


def sign_in(browser: Any, site: Site, who: str, width: int = 1280) -> Any:
    page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
    # Anything the Content-Security-Policy blocks shows up as a console error: collect them.
    page.csp_errors = []
    page.on(
        "console",
        lambda m: page.csp_errors.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.goto(site.base + "/")
    assert page.url.endswith("/signin")
    page.get_by_label("Token").fill(site.tokens[who])
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    return page


def shot(page: Any, name: str) -> None:
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_manager_preps_a_one_on_one_and_opens_a_citation(browser: Any, site: Site) -> None:
    page = sign_in(browser, site, "maya")
    assert page.url.endswith("/manager")
    card = page.locator("li.report", has_text="Dana Eng")
    assert "Goals at risk" in card.inner_text()
    shot(page, "01-manager-home")
    card.get_by_role("link", name="Prep 1:1").click()
    page.wait_for_url(f"**/prep/{site.ids['dana']}**")
    assert page.get_by_role("heading", name="1:1 with Dana Eng").is_visible()
    cite = page.locator("details.cite").first
    record = cite.locator(".record")
    assert not record.is_visible()
    cite.locator("summary").click()
    assert record.is_visible() and record.inner_text().strip()
    shot(page, "02-prep-citation-open")
    # Mark the open action item done: it leaves the list.
    page.get_by_role("button", name="Mark done").first.click()
    page.wait_for_load_state()
    assert page.get_by_role("button", name="Mark done").count() == 0
    # Phone width still lays out.
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "03-prep-phone")
    assert page.csp_errors == []
    page.context.close()


def test_employee_cannot_reach_manager_only_items_by_url(browser: Any, site: Site) -> None:
    maya = sign_in(browser, site, "maya")
    maya.goto(f"{site.base}/prep/{site.ids['dana']}")
    maya_draft_url = maya.url
    maya.context.close()
    runtime = Runtime(Settings(data_dir=site.data_dir, environment="test"))
    with runtime.sessions() as session:
        manager_only = session.scalars(
            select(Feedback.id).where(Feedback.external_id == "f-mgr")
        ).one()
    runtime.close()

    page = sign_in(browser, site, "dana")
    assert page.url.endswith("/me")
    shot(page, "04-employee-me")
    for url, status in (
        (f"/prep/{site.ids['eli']}", 404),
        # The UI's session is not an API credential: the API wants a bearer token.
        (f"/v1/feedback/{manager_only}", 401),
        (maya_draft_url.replace(site.base, ""), 404),
    ):
        resp = page.goto(site.base + url)
        assert resp is not None and resp.status == status, url
    assert "Reviews arrive late" not in page.content()
    page.goto(f"{site.base}/prep/{site.ids['eli']}")
    shot(page, "05-employee-404")
    page.goto(site.base + "/me")
    page.get_by_role("button", name="Draft my self-reflection").click()
    page.wait_for_url("**/drafts/**")
    assert "self-reflection" in page.inner_text("h1")
    shot(page, "06-employee-reflection")
    page.context.close()


def test_hr_sees_a_suppressed_small_team(browser: Any, site: Site) -> None:
    page = sign_in(browser, site, "hana")
    assert page.url.endswith("/hr")
    sales = page.locator("section.team", has_text="Sales")
    assert "Suppressed" in sales.inner_text()
    assert sales.locator("svg").count() == 0
    eng = page.locator("section.team", has_text="Engineering")
    assert eng.locator("svg polyline").count() == 1
    shot(page, "07-hr-themes")
    assert page.csp_errors == []
    page.context.close()


def test_feedback_from_the_form_appears_in_the_next_agenda(browser: Any, site: Site) -> None:
    page = sign_in(browser, site, "eli")
    page.goto(site.base + "/feedback/new")
    page.get_by_label("To").select_option(label="Dana Eng")
    page.get_by_label("Constructive").check()
    page.get_by_label("Manager Only").check()
    assert "not Dana Eng" in page.locator("#vis-help").inner_text()
    page.get_by_label("Craft").check()
    assert page.csp_errors == []  # the form's script (a static file) ran under the CSP
    page.get_by_label("Feedback", exact=True).fill(
        "The on-call handover notes were hard to follow last week; a checklist would help."
    )
    shot(page, "08-give-feedback")
    page.get_by_role("button", name="Send feedback").click()
    page.wait_for_url("**/me?sent=1")
    page.context.close()

    runtime = Runtime(Settings(data_dir=site.data_dir, environment="test"))
    with runtime.sessions() as session:
        eli = session.scalars(select(Person.id).where(Person.email == "eli@example.com")).one()
        new_id = session.scalars(
            select(Feedback.id).where(Feedback.giver_id == eli).order_by(Feedback.id.desc())
        ).first()
    runtime.close()

    maya = sign_in(browser, site, "maya")
    maya.goto(f"{site.base}/prep/{site.ids['dana']}")
    maya.get_by_role("button", name="Regenerate").click()
    maya.wait_for_url("**draft=**")
    assert maya.locator(f'[data-citation="F{new_id}"]').count() >= 1
    shot(maya, "09-agenda-with-new-feedback")
    maya.context.close()


def test_questions_from_the_me_and_prep_pages(browser: Any, site: Site) -> None:
    dana = sign_in(browser, site, "dana")
    dana.goto(site.base + "/me")
    dana.get_by_label("Ask about your records").fill("What did I promise in my last 1:1?")
    shot(dana, "10-me-ask-box")
    dana.get_by_role("button", name="Ask").click()
    dana.wait_for_url("**/drafts/**")
    assert dana.get_by_role("heading", name="Answer", level=1).is_visible()
    assert "What did I promise in my last 1:1?" in dana.locator(".question").inner_text()
    cite = dana.locator("details.cite").first
    cite.locator("summary").click()
    assert "Write the rollback plan" in cite.locator(".record").inner_text()
    shot(dana, "11-me-answer-cited")
    assert dana.csp_errors == []
    dana.context.close()

    maya = sign_in(browser, site, "maya")
    maya.goto(f"{site.base}/prep/{site.ids['dana']}")
    maya.get_by_label("Ask about Dana Eng").fill("Any word on Kubernetes?")
    maya.get_by_role("button", name="Ask").click()
    maya.wait_for_url("**/drafts/**")
    assert maya.get_by_text("Nothing on record about that.", exact=True).is_visible()
    assert maya.locator("details.cite").count() == 0
    shot(maya, "12-prep-nothing-on-record")
    maya.context.close()
