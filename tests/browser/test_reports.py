"""A real Chromium reads the published self-assessment report and the OGP standards page in
Arabic, French and English, at 1366 and 390 px: right to left in Arabic, no sideways scrolling on a
phone, and the PDF and DOCX links answer. Screenshots go to test-artifacts/."""
from __future__ import annotations

import os
import threading

import pytest

from consult import create_app
from consult.core.extensions import db
from tests.browser.conftest import ARTIFACTS, CHROMIUM

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    if not os.path.exists(CHROMIUM) and os.environ.get("CI") != "true":
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (`make test` installs it)")
    from flask_migrate import upgrade
    from werkzeug.serving import make_server

    database = tmp_path_factory.mktemp("browser-reports") / "consult.db"
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}", "SECRET_KEY": "browser-test-secret"})
    with app.app_context():
        upgrade()
        from consult.demo.action_plans import load_action_plans
        from consult.demo.committee import load_committees
        from consult.demo.reports import load_reports
        load_action_plans()
        load_committees()
        load_reports()
        db.session.commit()
        from consult.demo.loader import find_consultation, read_data
        consultation_id = find_consultation(read_data("action_plans.json")["national"]["title"]).id
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield {"url": f"http://127.0.0.1:{server.server_port}", "consultation_id": consultation_id}
    server.shutdown()
    thread.join(timeout=5)
    with app.app_context():
        db.engine.dispose()


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
