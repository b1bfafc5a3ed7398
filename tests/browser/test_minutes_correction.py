"""A real Chromium: the coordinator publishes a correction beside a meeting's approved minutes, in
Arabic, French and English, at desktop and phone width; a visitor reads it after the minutes."""
from __future__ import annotations

import pytest

from tests.browser.conftest import COORDINATOR, new_page, page_width, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CORRECTIONS = {"ar": ("حضر ممثل وزارة الداخلية، لا وزارة المالية.", "خطأ في اسم الوزارة، نُبّه إليه في الجلسة الموالية."),
               "fr": ("Le représentant présent était celui de l'Intérieur.", "Erreur sur le ministère, signalée à la réunion suivante."),
               "en": ("The Interior ministry was present, not Finance.", "Wrong ministry, pointed out at the next meeting.")}


@pytest.fixture(scope="module")
def published_meeting(demo_site):
    from consult.committee import summary
    from consult.demo.loader import find_consultation, read_data
    with demo_site["app"].app_context():
        consultation_id = find_consultation(read_data("action_plans.json")["national"]["title"]).id
        meeting = next(m for m in summary.meetings_of(consultation_id) if m.minutes_published)
        return meeting.id


@pytest.mark.parametrize("width", [1366, 390])
@pytest.mark.parametrize("lang", ["ar", "fr", "en"])
def test_the_coordinator_corrects_published_minutes(demo_site, browser, published_meeting, lang, width):
    text, reason = CORRECTIONS[lang]
    url = f"{demo_site['url']}/meetings/{published_meeting}?lang={lang}"
    page = new_page(browser, viewport={"width": width, "height": 900})
    try:
        sign_in(page, demo_site, COORDINATOR)
        page.goto(url + "#corrections")
        section = page.locator("#corrections")
        section.locator("summary").click()
        section.locator("textarea[name=text]").fill(text)
        section.locator("textarea[name=reason]").fill(reason)
        section.scroll_into_view_if_needed()
        screenshot(page, f"minutes-correction-form-{lang}-{width}", full_page=False)
        section.locator("button[type=submit]").click()
        page.wait_for_load_state()
        assert page.locator(".alert-success").is_visible()
        assert page_width(page) <= width, f"the meeting page scrolls sideways at {width}px in {lang}"
    finally:
        page.context.close()
    visitor = new_page(browser, viewport={"width": width, "height": 900})
    try:
        visitor.goto(url)
        assert visitor.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
        corrections = visitor.locator("#corrections")
        assert text in corrections.inner_text() and reason in corrections.inner_text()
        assert visitor.locator("#corrections form").count() == 0
        corrections.scroll_into_view_if_needed()
        screenshot(visitor, f"minutes-correction-public-{lang}-{width}", full_page=False)
    finally:
        visitor.context.close()
