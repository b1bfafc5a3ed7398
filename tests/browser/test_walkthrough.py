"""What a walk through the demo found, each fixed and shown in a real Chromium (issue 12).

One live server on this module's copy of the demo; pages are opened at desktop or phone width.
"""
from __future__ import annotations

import re

import pytest

from tests.browser.conftest import COORDINATOR, FACILITATOR, PHONE, new_page, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def site(demo_site):
    return demo_site


# --- 1. downloads never freeze the page -----------------------------------------------------------

def test_every_download_button_works_again_and_again(site, browser):
    page = new_page(browser, locale="ar")
    page.goto(f"{site['url']}/consultations/{site['consultation_id']}/workshops")
    names = []
    for label in ("Excel (XLSX)", "CSV", "JSON", "CSV"):
        button = page.get_by_role("button", name=label, exact=True).first
        assert button.is_enabled(), f"{label} is disabled after {names}"
        with page.expect_download() as download:
            button.click()
        names.append(download.value.suggested_filename)
    assert [name.rsplit(".", 1)[1] for name in names] == ["xlsx", "csv", "json", "csv"]
    assert page.get_by_role("button", name="PDF", exact=True).first.is_enabled()
    page.context.close()


# --- 4. the first visit speaks the visitor's language ---------------------------------------------

@pytest.mark.parametrize("locale, expected", [("fr-FR", "fr"), ("en-GB", "en"), ("ar-TN", "ar"), ("de-DE", "ar")])
def test_first_visit_follows_the_browser_language(site, browser, locale, expected):
    page = new_page(browser, locale=locale)
    page.goto(site["url"] + "/")
    assert page.locator("html").get_attribute("lang") == expected
    page.context.close()


def test_lang_in_the_address_survives_the_redirect_and_is_remembered(site, browser):
    page = new_page(browser, locale="ar-TN")
    page.goto(site["url"] + "/?lang=fr")
    assert re.search(r"/consultations/\d+$", page.url)
    assert page.locator("html").get_attribute("lang") == "fr"
    page.get_by_role("link", name="Suivre ma proposition").click()
    assert page.locator("html").get_attribute("lang") == "fr"   # remembered over the browser's Arabic
    page.context.close()


# --- 5. a file is downloaded in the page's language -------------------------------------------------

@pytest.mark.parametrize("lang", ["fr", "en", "ar"])
def test_export_language_defaults_to_the_page_language(site, browser, lang):
    page = new_page(browser, locale="ar")
    page.goto(f"{site['url']}/workshops/{site['workshop_ids'][0]}?lang={lang}")
    assert page.locator("select[name=language]").input_value() == lang
    with page.expect_download() as download:
        page.get_by_role("button", name="CSV", exact=True).click()
    assert download.value.suggested_filename.endswith(f"-{lang}.csv")
    page.context.close()
