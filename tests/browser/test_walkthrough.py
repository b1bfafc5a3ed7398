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


# --- 13. focus is plain to see ---------------------------------------------------------------------

def _luminance(rgb: str) -> float:
    channels = [int(x) / 255 for x in re.findall(r"\d+", rgb)[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


FOCUS = """() => { const e = document.activeElement, s = getComputedStyle(e);
  let bg = 'rgb(255, 255, 255)';
  for (let a = e.parentElement; a; a = a.parentElement) {
    const c = getComputedStyle(a).backgroundColor; if (c !== 'rgba(0, 0, 0, 0)') { bg = c; break; } }
  return {tag: e.tagName, width: s.outlineWidth, style: s.outlineStyle, color: s.outlineColor, background: bg}; }"""


def test_focus_shows_a_2px_high_contrast_outline(site, browser):
    page = new_page(browser, locale="fr")
    page.goto(f"{site['url']}/consultations/{site['consultation_id']}/propose?lang=fr")
    seen = []
    page.keyboard.press("Tab")            # the skip link
    for _ in range(12):                   # the top bar's links, then the form's fields
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS)
        seen.append(focus["tag"])
        assert focus["style"] == "solid" and focus["width"] == "2px", focus
        assert _contrast(focus["color"], focus["background"]) >= 3, focus
        if focus["tag"] in ("INPUT", "SELECT", "TEXTAREA"):
            break
    assert seen[0] == "A" and seen[-1] in ("INPUT", "SELECT", "TEXTAREA"), seen
    screenshot(page, "focus-on-a-field-fr", full_page=False)
    page.context.close()
