"""A coordinator in a real Chromium asks for coarser themes, reads the preview, applies it, then
undoes it: the themes come back as they were. In Arabic and French, at 1366 and 390 px."""
from __future__ import annotations

import pytest

from consult import create_app
from consult.clustering import runs
from consult.clustering.models import Theme
from consult.core.extensions import db
from tests.browser.conftest import _require_chromium, live_server, new_page, page_width, screenshot
from tests.clustering_platform.conftest import add_sample
from tests.factories import PASSWORD, make_consultation, make_user

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A consultation of nine proposals in three themes (one named), and its coordinator."""
    _require_chromium()
    from flask_migrate import upgrade

    database = tmp_path_factory.mktemp("browser-regrouping") / "consult.db"
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}", "SECRET_KEY": "browser-test-secret"})
    with app.app_context():
        upgrade()
        consultation = make_consultation("collection")
        add_sample(consultation)
        run = runs.start_run(consultation, k=3)
        runs.execute_run(run, apply=True)
        db.session.get(Theme, db.session.scalars(db.select(Theme.id).order_by(Theme.id)).first()).names = {
            "ar": "نشر الميزانيات", "fr": "Budgets publiés"}
        coordinator = make_user("coordinator")
        db.session.commit()
        info = {"consultation_id": consultation.id, "email": coordinator.email}
        db.engine.dispose()
    with live_server(database) as (served, url):
        yield {**info, "app": served, "url": url}


def _themes(site) -> dict:
    with site["app"].app_context():
        return {t.id: (dict(t.names), sorted(p.id for p in t.proposals))
                for t in db.session.scalars(db.select(Theme).order_by(Theme.id))}


def _no_sideways_scroll(page) -> bool:
    return page_width(page) <= page.viewport_size["width"] + 1


@pytest.mark.parametrize("lang,width", [("ar", 1366), ("fr", 390)])
def test_coarser_themes_are_previewed_applied_and_undone(site, browser, lang, width):
    page = new_page(browser, {"width": width, "height": 900})
    page.set_default_timeout(30_000)
    base = site["url"]
    before = _themes(site)
    page.goto(f"{base}/accounts/login?lang={lang}")
    page.fill("input[name=email]", site["email"])
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.goto(f"{base}/consultations/{site['consultation_id']}/grouping?lang={lang}")
    page.select_option("select[name=granularity]", "0.5")
    page.fill("input[name=k]", "2")
    page.locator("form button[type=submit]").last.click()

    page.wait_for_selector("#run-preview")   # the run page reloads itself once the preview is ready
    assert _themes(site) == before           # nothing changed yet
    assert page.locator("#preview-merges li").count() == 1
    expected = {"ar": "دمج واحد", "fr": "1 fusion"}[lang]
    assert expected in page.locator("#preview-counts").inner_text()
    assert _no_sideways_scroll(page)
    screenshot(page, f"regrouping-preview-{lang}-{width}")

    page.click("#run-apply")
    page.wait_for_selector("#run-undo")
    after = _themes(site)
    assert len(after) == 2 and after != before
    screenshot(page, f"regrouping-applied-{lang}-{width}")

    page.click("#run-undo")
    page.wait_for_selector(".alert-success")
    assert _themes(site) == before            # the themes, their names and members are back
    assert _no_sideways_scroll(page)
    screenshot(page, f"regrouping-undone-{lang}-{width}")
    page.context.close()
