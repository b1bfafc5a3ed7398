"""A real Chromium reads the demo's joint committee and one of its meetings in Arabic, French and
English, at desktop and phone width: right-to-left in Arabic, nothing scrolls sideways, and the
members who did not agree to be named are shown by their body."""
from __future__ import annotations

import pytest

from tests.browser.conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def committee_site(demo_site):
    """The demo served live, with the committee of the 4th national plan and its meetings."""
    from consult.committee import summary
    from consult.demo.loader import find_consultation, read_data
    with demo_site["app"].app_context():
        consultation_id = find_consultation(read_data("action_plans.json")["national"]["title"]).id
        meeting_id = summary.meetings_of(consultation_id)[0].id
    return {**demo_site, "consultation_id": consultation_id, "meeting_id": meeting_id}


@pytest.mark.parametrize("width", [1366, 390])
@pytest.mark.parametrize("lang", ["ar", "fr", "en"])
def test_the_committee_and_its_meeting(committee_site, browser, lang, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    ARTIFACTS.mkdir(exist_ok=True)
    try:
        for name, path in (("committee", f"/consultations/{committee_site['consultation_id']}/committee"),
                           ("meeting", f"/meetings/{committee_site['meeting_id']}")):
            page.goto(f"{committee_site['url']}{path}?lang={lang}")
            assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
            scroll = page.evaluate("document.documentElement.scrollWidth")
            assert scroll <= width, f"{name} scrolls sideways at {width}px in {lang}: {scroll}"
            page.screenshot(path=str(ARTIFACTS / f"committee-{name}-{lang}-{width}.png"), full_page=True)
            text = page.locator("main").inner_text() if page.locator("main").count() else page.inner_text("body")
            assert "خالد السلامي" in text            # agreed to be named
            assert "سلوى السويسي" not in text        # did not: shown by her body
            assert "رئاسة الحكومة — المكتب المركزي للعلاقات مع المواطن" in text
        # The meeting's progress links to the commitments' follow-up.
        assert page.locator("#discussed a[href*='/commitments/']").count() == 12
    finally:
        context.close()
