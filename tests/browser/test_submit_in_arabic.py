"""A real Chromium submits a proposal in Arabic, follows it by its reference, then switches language.

The app runs in a thread on a free port, on a temporary SQLite database built by the real
migrations. Playwright drives Debian's Chromium (no browser download).
(Chromium itself is the session's, from conftest.py.)
"""
from __future__ import annotations

import os
import re
import threading
from pathlib import Path

import pytest

from consult import create_app
from consult.core.extensions import db
from tests.factories import make_consultation

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    if not os.path.exists(CHROMIUM) and os.environ.get("CI") != "true":
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (`make test` installs it)")
    from flask_migrate import upgrade
    from werkzeug.serving import make_server

    database = tmp_path_factory.mktemp("browser") / "consult.db"
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}", "SECRET_KEY": "browser-test-secret"})
    with app.app_context():
        upgrade()
        consultation_id = make_consultation("collection").id
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield {"url": f"http://127.0.0.1:{server.server_port}", "consultation_id": consultation_id}
    server.shutdown()
    thread.join(timeout=5)
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ar-TN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def _layout(page) -> tuple[str, str, str, bool]:
    """The page's lang and dir, the body's computed direction, and whether the brand sits on the right."""
    html = page.locator("html")
    brand = page.locator(".navbar-brand").bounding_box()
    width = page.viewport_size["width"]
    direction = page.evaluate("getComputedStyle(document.body).direction")
    return html.get_attribute("lang"), html.get_attribute("dir"), direction, brand["x"] > width / 2


def test_submit_in_arabic_then_follow_by_reference(site, page):
    page.goto(site["url"] + "/")
    assert _layout(page) == ("ar", "rtl", "rtl", True)

    page.get_by_role("link", name="تقديم مقترح", exact=True).click()
    page.get_by_label("العنوان", exact=True).click()
    page.keyboard.type("نشر محاضر جلسات المجلس البلدي بالكاف")
    page.get_by_label("الإشكالية والوضع الحالي", exact=True).fill(
        "لا تُنشر محاضر جلسات المجلس البلدي ولا يعرف المواطنون ما تقرر بشأن أحيائهم.")
    page.get_by_label("الإصلاح المقترح وأنشطته", exact=True).fill(
        "نشر المحاضر على موقع البلدية خلال أسبوع من كل جلسة، مع ملخص بلغة مبسطة.")
    page.get_by_label("النتائج المنتظرة", exact=True).fill("مواطنون يتابعون قرارات بلديتهم.")
    page.get_by_label("المحور", exact=True).select_option(label="الحوكمة المحلية")
    page.get_by_label("صفة صاحب المقترح", exact=True).select_option(label="جمعية")
    page.get_by_label("الولاية", exact=True).select_option(label="الكاف")
    page.get_by_label("البلدية", exact=True).fill("تاجروين")
    page.get_by_role("button", name="إرسال مقترحي").click()

    page.wait_for_url(re.compile(r"/p/P-[0-9A-Z]+$"))
    reference = page.locator("#proposal-ref").inner_text().strip()
    assert re.fullmatch(r"P-[0-9A-Z]{4,6}", reference)
    assert reference in page.get_by_role("alert").inner_text()
    assert page.get_by_role("heading", level=1).inner_text() == "نشر محاضر جلسات المجلس البلدي بالكاف"

    page.get_by_role("link", name="متابعة مقترحي", exact=True).click()
    page.get_by_label("مرجع مقترحك", exact=True).click()
    page.keyboard.type(reference.lower())   # as someone copies it by hand
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/p/{reference}$"))
    assert page.locator("#proposal-ref").inner_text().strip() == reference
    assert "تمّ الاستلام" in page.locator("main").inner_text()   # its status: received
    assert _layout(page) == ("ar", "rtl", "rtl", True)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "proposal-followed-in-arabic.png"), full_page=True)


def test_language_menu_switches_to_french_and_english(site, page):
    page.goto(f"{site['url']}/consultations/{site['consultation_id']}")
    assert _layout(page) == ("ar", "rtl", "rtl", True)

    page.locator("#language-menu").click()
    page.get_by_role("link", name="Français", exact=True).click()
    page.wait_for_load_state()
    assert _layout(page) == ("fr", "ltr", "ltr", False)
    assert page.get_by_role("link", name="Soumettre une proposition").is_visible()

    page.locator("#language-menu").click()
    page.get_by_role("link", name="English", exact=True).click()
    page.wait_for_load_state()
    assert _layout(page) == ("en", "ltr", "ltr", False)
    assert page.get_by_role("link", name="Submit a proposal").is_visible()

    # The choice is remembered from page to page.
    page.get_by_role("link", name="Follow my proposal", exact=True).click()
    assert page.locator("html").get_attribute("lang") == "en"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "consultation-in-english.png"))
