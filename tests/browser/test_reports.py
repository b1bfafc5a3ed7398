"""A real Chromium reads the published self-assessment report and the OGP standards page in
Arabic, French and English, at 1366 and 390 px: right to left in Arabic, no sideways scrolling on a
phone, and the PDF and DOCX links answer. Screenshots go to test-artifacts/."""
from __future__ import annotations

import pytest

from tests.browser.conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def site(demo_site):
    """The demo served live, with the published report of the 4th national plan."""
    from consult.demo.loader import find_consultation, read_data
    with demo_site["app"].app_context():
        consultation_id = find_consultation(read_data("action_plans.json")["national"]["title"]).id
    return {**demo_site, "consultation_id": consultation_id}


@pytest.mark.parametrize("width", [1366, 390])
@pytest.mark.parametrize("lang", ["ar", "fr", "en"])
def test_report_and_standards_pages(site, browser, lang, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    ARTIFACTS.mkdir(exist_ok=True)
    cid = site["consultation_id"]
    for name, path in (("report", f"/consultations/{cid}/report"), ("standards", f"/consultations/{cid}/standards")):
        answer = page.goto(f"{site['url']}{path}?lang={lang}")
        assert answer.status == 200
        assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at {width}px in {lang}"
        page.screenshot(path=str(ARTIFACTS / f"reports-{name}-{lang}-{width}.png"), full_page=True)
    assert page.locator("#forum_meets_every_six_months .badge").count() == 1
    page.goto(f"{site['url']}/consultations/{cid}/report?lang={lang}")
    pdf = page.request.get(f"{site['url']}/consultations/{cid}/report.pdf?language={lang}")
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")
    docx = page.request.get(f"{site['url']}/consultations/{cid}/report.docx?language={lang}")
    assert docx.status == 200 and docx.body().startswith(b"PK")
    context.close()
