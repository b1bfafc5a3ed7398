"""A real Chromium adds its voice: in one click from the similar-proposals box while writing a
proposal, and from a proposal's page (with an e-mail); in Arabic and French, at 1366 and 390 px.

The app runs in a thread on a free port, on a temporary SQLite database built by the real
migrations, with the tests' fake encoder (budget texts in any language look alike).
"""
from __future__ import annotations

import os
import threading

import pytest

from consult import create_app
from consult.core.extensions import db
from tests.browser.conftest import ARTIFACTS, CHROMIUM
from tests.factories import make_consultation, make_proposal

pytestmark = [pytest.mark.browser, pytest.mark.slow]

BUDGET_AR = "نشر ميزانية البلدية ونفقاتها على موقع البلدية"
SECRET = "voice.browser@example.tn"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    if not os.path.exists(CHROMIUM) and os.environ.get("CI") != "true":
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (`make test` installs it)")
    from flask_migrate import upgrade
    from werkzeug.serving import make_server

    from consult.clustering import embedding
    from tests.fakes import FakeEncoder
    database = tmp_path_factory.mktemp("voice") / "consult.db"
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}", "SECRET_KEY": "browser-voice-secret"})
    saved, embedding.ENCODER = embedding.ENCODER, FakeEncoder()
    try:
        with app.app_context():
            upgrade()
            consultation = make_consultation("collection")
            budget = make_proposal(consultation, "Publier le budget municipal en données ouvertes",
                                   problem="Les communes ne publient pas leur budget.",
                                   reform="Publier le budget et les dépenses chaque trimestre.")
            arabic = make_proposal(consultation, "نشر ميزانيات البلديات كاملة", problem="لا تنشر البلديات ميزانياتها.",
                                  reform="نشر الميزانيات والنفقات كل ثلاثة أشهر.")
            ids = {"consultation_id": consultation.id, "budget": budget.ref, "arabic": arabic.ref}
    finally:
        embedding.ENCODER = saved
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield {"url": f"http://127.0.0.1:{server.server_port}", "app": app, **ids}
    server.shutdown()
    thread.join(timeout=5)
    with app.app_context():
        db.engine.dispose()


def _page(browser, width: int, agent: str):
    context = browser.new_context(viewport={"width": width, "height": 844 if width < 500 else 768}, user_agent=agent)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def _no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{page.url} is {width} px wide"


def _supports(site, ref: str) -> int:
    from consult.proposals import services, support
    with site["app"].app_context():
        return support.count(services.get_by_ref(ref))


@pytest.mark.parametrize("width", [1366, 390])
def test_one_click_from_the_similar_box_while_writing_in_arabic(site, browser, width):
    before = _supports(site, site["budget"])
    context, page = _page(browser, width, f"Chromium voice test similar {width}")
    try:
        page.goto(f"{site['url']}/consultations/{site['consultation_id']}/propose?lang=ar")
        page.get_by_label("العنوان", exact=True).fill(BUDGET_AR)
        page.get_by_label("الإشكالية والوضع الحالي", exact=True).fill("لا يعرف المواطنون كيف تُصرف ميزانية بلديتهم.")
        box = page.locator("#similar-proposals")
        button = box.locator("li", has_text=site["budget"]).get_by_role("button", name="أضف صوتي")
        button.wait_for()
        _no_sideways_scroll(page)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"voice-similar-box-ar-{width}.png"), full_page=True)
        button.click()
        note = box.locator("li", has_text=site["budget"]).locator(".voice-note")
        note.wait_for()
        assert "شكرًا لك: تم احتساب صوتك." in note.inner_text()
        assert box.locator("li", has_text=site["budget"]).get_by_role("button", name="أضف صوتي").count() == 0
        assert _supports(site, site["budget"]) == before + 1
        # What was typed is still there: the citizen can go on and send their own proposal.
        assert page.get_by_label("العنوان", exact=True).input_value() == BUDGET_AR
        _no_sideways_scroll(page)
        page.screenshot(path=str(ARTIFACTS / f"voice-similar-box-added-ar-{width}.png"), full_page=True)
        # The proposal's page says this browser's voice is counted, and offers to leave an e-mail.
        page.goto(f"{site['url']}/p/{site['budget']}?lang=ar")
        assert "تم احتساب صوتك." in page.locator("#voice").inner_text()
        assert page.get_by_role("button", name="أعلمني بمآله").is_visible()
    finally:
        context.close()


@pytest.mark.parametrize("width", [1366, 390])
def test_add_my_voice_from_the_proposal_page_in_french_with_an_email(site, browser, width):
    before = _supports(site, site["arabic"])
    context, page = _page(browser, width, f"Chromium voice test page {width}")
    try:
        page.goto(f"{site['url']}/p/{site['arabic']}?lang=fr")
        section = page.locator("#voice")
        assert section.get_by_role("heading", name="J’ajoute ma voix").is_visible()
        _no_sideways_scroll(page)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"voice-proposal-page-fr-{width}.png"), full_page=True)
        section.get_by_label("Courriel (facultatif, pour connaître son issue)").fill(SECRET)
        section.get_by_role("button", name="J’ajoute ma voix").click()
        page.wait_for_url(f"**/p/{site['arabic']}#voice")
        assert "Merci : votre voix est comptée." in page.get_by_role("alert").first.inner_text()
        assert "Nous vous écrirons quand son issue sera connue." in section.inner_text()
        assert SECRET not in page.content()                         # never shown, even to its owner
        assert section.locator("form").count() == 0                 # nothing more to do
        assert _supports(site, site["arabic"]) == before + 1
        _no_sideways_scroll(page)
        page.screenshot(path=str(ARTIFACTS / f"voice-proposal-page-added-fr-{width}.png"), full_page=True)
        # A second try from the same browser adds nothing (the page no longer offers it; a replayed
        # POST is counted once).
        page.goto(f"{site['url']}/consultations/{site['consultation_id']}/proposals?lang=fr")
        card = page.locator("article", has_text=site["arabic"])
        assert "soutien" in card.inner_text()
        _no_sideways_scroll(page)
    finally:
        context.close()
