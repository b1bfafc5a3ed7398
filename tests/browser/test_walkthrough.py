"""What a walk through the demo found, each fixed and shown in a real Chromium (issue 12).

One live server on this module's copy of the demo; pages are opened at desktop or phone width.
"""
from __future__ import annotations

import re
from pathlib import Path
from contextlib import contextmanager
from datetime import date, timedelta

import pytest

from tests.browser.conftest import COORDINATOR, FACILITATOR, MEMBER, PHONE, new_page, screenshot, sign_in, wait_for_focus

# The real encoder: the demo was embedded with it, and the similar box looks up with it.
pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.real_encoder]


@pytest.fixture(scope="module")
def site(demo_site):
    return demo_site


@contextmanager
def phase_running(site, kind: str):
    """For a while, `kind` is the consultation's phase running today (the others moved out of the
    way), then the demo's calendar comes back."""
    from consult.consultations.models import Phase
    from consult.core.extensions import db
    with site["app"].app_context():
        phases = db.session.scalars(db.select(Phase).filter_by(consultation_id=site["consultation_id"])).all()
        saved = {phase.id: (phase.starts_on, phase.ends_on) for phase in phases}
        today = date.today()
        for phase in phases:
            if phase.kind == kind:
                phase.starts_on, phase.ends_on = today - timedelta(days=1), today + timedelta(days=10)
            else:
                phase.starts_on, phase.ends_on = phase.starts_on + timedelta(days=2000), phase.ends_on + timedelta(days=2000)
        db.session.commit()
    try:
        yield
    finally:
        with site["app"].app_context():
            for phase in db.session.scalars(db.select(Phase).filter_by(consultation_id=site["consultation_id"])):
                phase.starts_on, phase.ends_on = saved[phase.id]
            db.session.commit()


def open_group_with_a_theme(site) -> tuple[int, int]:
    """A new working group, open, of which the demo's first member scores one unscored theme."""
    from consult.accounts.models import User
    from consult.clustering.models import Theme
    from consult.consultations.models import Consultation
    from consult.core.extensions import db
    from consult.scoring import groups
    with site["app"].app_context():
        consultation = db.session.get(Consultation, site["consultation_id"])
        coordinator = db.session.scalars(db.select(User).filter_by(email=COORDINATOR)).one()
        member = db.session.scalars(db.select(User).filter_by(email=MEMBER)).one()
        scored = {t.id for g in groups.groups_of(consultation) for t in g.themes}
        theme = next(t for t in db.session.scalars(db.select(Theme).filter_by(consultation_id=consultation.id)
                                                 .order_by(Theme.id)) if t.id not in scored)
        group = groups.create_group(consultation, "Groupe de test", coordinator)
        groups.add_member(group, member, coordinator)
        groups.assign_theme(group, theme, coordinator)
        db.session.commit()
        return group.id, theme.id


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


# --- 9. errors are found at once ----------------------------------------------------------------------

def test_a_refused_proposal_focuses_a_summary_that_links_each_field(site, browser):
    page = new_page(browser, PHONE, locale="fr")
    page.goto(f"{site['url']}/consultations/{site['consultation_id']}/propose?lang=fr")
    page.get_by_label("Titre", exact=True).fill("Publier les budgets")
    page.get_by_role("button", name="Envoyer ma proposition").click()
    summary = page.locator("#error-summary")
    summary.wait_for()
    wait_for_focus(page, "error-summary")
    links = summary.get_by_role("link")
    assert links.count() >= 2   # the problem and the reform at least
    assert "Le problème et la situation actuelle" in links.first.inner_text()
    screenshot(page, "error-summary-fr-phone")
    links.first.click()
    wait_for_focus(page, "problem")
    assert page.get_by_label("Titre", exact=True).input_value() == "Publier les budgets"   # nothing lost
    page.context.close()


def test_the_scoring_form_marks_the_criterion_that_needs_a_level(site, browser):
    group_id, theme_id = open_group_with_a_theme(site)
    with phase_running(site, "scoring"):
        page = new_page(browser, locale="ar")
        sign_in(page, site, MEMBER)
        page.goto(f"{site['url']}/scoring/groups/{group_id}/themes/{theme_id}?lang=ar")
        page.locator("#score-form input[type=radio][value='3']").first.check()   # the first criterion only
        page.get_by_role("button", name="إرسال تقييماتي").click()
        page.locator("#error-summary").wait_for()
        wait_for_focus(page, "error-summary")
        invalid = page.locator("fieldset.criterion-invalid")
        assert invalid.count() == 5          # the five other criteria, each marked and explained
        assert page.locator("fieldset.border-danger").first.locator("input[aria-invalid=true]").count() >= 3
        links = page.locator("#error-summary a")
        assert links.count() == 6            # five levels and the justification
        links.nth(1).click()
        focused = page.evaluate("document.activeElement.id")
        assert focused.startswith("level-") and page.locator(f"#{focused}").get_attribute("aria-invalid") == "true"
        screenshot(page, "scoring-form-errors-ar")
        page.context.close()


# --- 10. workshops are named by kind, region and date --------------------------------------------------

def test_workshops_are_named_and_the_facilitators_own_is_preselected(site, browser):
    page = new_page(browser, locale="fr")
    sign_in(page, site, FACILITATOR)
    page.goto(f"{site['url']}/consultations/{site['consultation_id']}/proposals/enter?lang=fr")
    choice = page.get_by_label("Atelier", exact=True)
    names = choice.locator("option").all_inner_texts()
    assert names[0] == "Aucun"
    assert all(re.fullmatch(r"Atelier (régional|national) · [^·]+ · \d\d/\d\d/\d{4}", name) for name in names[1:]), names
    assert not any("Hôtel" in name for name in names)
    assert choice.locator("option:checked").inner_text() != "Aucun"      # the facilitator's own
    # The workshop channel needs a workshop.
    choice.select_option(label="Aucun")
    page.get_by_label("Titre", exact=True).fill("Publier les procès-verbaux du conseil municipal")
    page.get_by_role("button", name="Enregistrer la proposition").click()
    page.locator("#error-summary").wait_for()
    assert "Choisissez l'atelier où cette proposition a été recueillie" in page.locator("#error-summary").inner_text()
    screenshot(page, "entry-workshop-required-fr")
    page.context.close()


# --- 11. on a phone, what to do comes first ---------------------------------------------------------------

@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_the_phone_home_page_opens_with_the_button_the_deadline_and_the_numbers(site, browser, lang):
    page = new_page(browser, PHONE, locale=lang)
    page.goto(f"{site['url']}/?lang={lang}")
    button = page.locator("main a.btn-primary").first
    box = button.bounding_box()
    assert box["y"] + box["height"] <= PHONE["height"], "the submit button is below the first screen"
    deadline = page.locator("#collection-deadline")
    assert deadline.is_visible() and deadline.bounding_box()["y"] < PHONE["height"]
    expected = {"fr": r"clôture le \d\d/\d\d/\d{4} — \d+ jours restants", "ar": r"يُغلق يوم \d\d/\d\d/\d{4} — "}
    assert re.match(expected[lang], deadline.inner_text()), deadline.inner_text()
    figures = page.locator("#consultation-figures")
    assert figures.locator(".figure-number").first.inner_text() == "190"
    assert {"fr": "En ligne", "ar": "عبر الإنترنت"}[lang] in figures.inner_text()
    screenshot(page, f"home-phone-{lang}")
    # The list: its filters wait behind a button, so the first proposal is on the first screen.
    page.goto(f"{site['url']}/consultations/{site['consultation_id']}/proposals?lang={lang}")
    assert not page.locator("#q").is_visible()
    first = page.locator("main article").first
    assert first.bounding_box()["y"] < PHONE["height"]
    page.locator("[aria-controls=proposal-filters]").click()
    page.locator("#q").wait_for(state="visible")
    screenshot(page, f"proposal-list-filters-open-phone-{lang}", full_page=False)
    page.context.close()


# --- 12. switching language keeps the draft ------------------------------------------------------------

def test_switching_language_while_writing_keeps_the_draft(site, browser):
    page = new_page(browser, PHONE, locale="ar")
    page.goto(f"{site['url']}/consultations/{site['consultation_id']}/propose?lang=ar")
    page.get_by_label("العنوان", exact=True).fill("نشر ميزانية البلدية في شكل بيانات مفتوحة")
    page.get_by_label("الإشكالية والوضع الحالي", exact=True).fill("الميزانية تُنشر في ملفات PDF لا تُقرأ آليًا.")
    page.get_by_label("المحور", exact=True).select_option(label="المشاركة العمومية")
    page.locator(".navbar-toggler").click()
    page.locator("#language-menu").click()
    page.get_by_role("link", name="Français", exact=True).click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.get_by_label("Titre", exact=True).input_value() == "نشر ميزانية البلدية في شكل بيانات مفتوحة"
    assert page.get_by_label("Le problème et la situation actuelle", exact=True).input_value().startswith("الميزانية")
    assert page.get_by_label("Axe thématique", exact=True).locator("option:checked").inner_text() == "Participation publique"
    assert page.locator("#draft-restored").is_visible()
    screenshot(page, "draft-kept-after-switching-to-french")
    page.context.close()


# --- 14. the smaller ones --------------------------------------------------------------------------------

def test_arabic_mirrors_the_history_arrow_and_the_score_charts(site, browser):
    from consult.accounts.models import User
    from consult.clustering import themes
    from consult.clustering.models import Theme
    from consult.core.extensions import db
    with site["app"].app_context():
        theme = db.session.get(Theme, site["theme_id"])
        themes.rename(theme, "الشفافية في الميزانيات البلدية", db.session.scalars(
            db.select(User).filter_by(email=COORDINATOR)).one())
        db.session.commit()
    page = new_page(browser, locale="ar")
    sign_in(page, site, COORDINATOR)
    page.goto(f"{site['url']}/themes/{site['theme_id']}?lang=ar")
    assert page.locator("#theme-history .history-arrow").first.inner_text() == "←"
    page.goto(f"{site['url']}/themes/{site['theme_id']}?lang=fr")
    assert page.locator("#theme-history .history-arrow").first.inner_text() == "→"
    page.goto(f"{site['url']}/scoring/groups/{site['group_id']}/results?lang=ar")
    chart = page.locator("svg.distribution").first
    low, high = (float(chart.locator(f"rect.level-{n}").get_attribute("x")) for n in (0, 3))
    assert low > high     # level 0 on the right, where an Arabic reader starts
    screenshot(page, "results-charts-ar")
    page.context.close()


def test_numbers_read_the_french_way_and_the_rubric_shows_no_codes(site, browser):
    page = new_page(browser, locale="fr")
    sign_in(page, site, COORDINATOR)
    page.goto(f"{site['url']}/scoring/groups/{site['group_id']}/results?lang=fr")
    ranking = page.locator("#ranking").inner_text()
    assert re.search(r"\d,\d\d", ranking) and not re.search(r"\d\.\d\d", ranking)
    page.goto(f"{site['url']}/grouping/runs/{site['run_id']}?lang=fr")
    text = page.locator("main").inner_text()
    assert re.search(r"\d+,\d s", text) and not re.search(r"\d\.\d s", text)
    assert page.locator("#run-status").inner_text() == "Appliqué" and "—" not in page.locator("dd.run-count").first.inner_text()
    page.goto(f"{site['url']}/consultations/{site['consultation_id']}/scoring/rubric?lang=fr")
    assert "time_bound" not in page.locator("main").inner_text()
    page.context.close()


def test_references_never_break_and_are_found_however_typed(site, browser):
    page = new_page(browser, PHONE, locale="fr")
    page.goto(f"{site['url']}/follow?lang=fr")
    field = page.locator("input[name=ref]")
    field.fill(site["proposal_ref"].replace("-", "").lower())
    field.press("Enter")
    page.wait_for_url(re.compile(rf"/p/{site['proposal_ref']}$"))
    # The similar box: its references keep their hyphen on the line.
    from consult.core.extensions import db
    from consult.proposals.models import Proposal
    with site["app"].app_context():
        known = db.session.scalars(db.select(Proposal).filter_by(ref=site["proposal_ref"])).one()
        title, problem = known.title, known.problem
    page.goto(f"{site['url']}/consultations/{site['consultation_id']}/propose?lang=fr")
    page.get_by_label("Titre", exact=True).fill(title)
    page.get_by_label("Le problème et la situation actuelle", exact=True).fill(problem)
    reference = page.locator("#similar-proposals .ref").first
    reference.wait_for()
    assert page.evaluate("e => getComputedStyle(e).whiteSpace", reference.element_handle()) == "nowrap"
    page.context.close()


def test_moderation_preselects_the_actual_status_and_refused_rows_come_back_as_a_file(site, browser, tmp_path):
    page = new_page(browser, locale="fr", accept_downloads=True)
    sign_in(page, site, COORDINATOR)
    from consult.core.extensions import db
    from consult.proposals.models import Proposal
    with site["app"].app_context():   # a proposal only received (the demo has grouped them all)
        proposal = db.session.scalars(db.select(Proposal).filter_by(
            consultation_id=site["consultation_id"], status="grouped").order_by(Proposal.id.desc())).first()
        proposal.status = "received"
        received = proposal.ref
        db.session.commit()
    page.goto(f"{site['url']}/p/{received}?lang=fr")
    status = page.locator("#moderation select[name=status]")
    assert status.input_value() == "" and "Regroupée" not in status.locator("option:checked").inner_text()
    # An import with a refused row: the report offers the refused rows back, with the reasons.
    sheet = tmp_path / "atelier.csv"
    sheet.write_text("Titre;Problème;Réforme proposée;Axe\n"
                     "Publier les budgets;Pas publiés;Publier en ligne;participation\n"
                     ";Sans titre;Une réforme;participation\n", encoding="utf-8")
    page.goto(f"{site['url']}/consultations/{site['consultation_id']}/proposals/import?lang=fr")
    page.locator("input[type=file]").set_input_files(str(sheet))
    page.get_by_label("Canal", exact=True).select_option("letter")
    page.locator("main form button[type=submit]").click()
    with page.expect_download() as download:
        page.locator("#refused-rows-file").click()
    content = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert content.splitlines()[0].startswith("Titre;Problème;Réforme proposée") and "Motif du refus" in content
    assert "Sans titre" in content and "Publier les budgets" not in content
    screenshot(page, "import-report-refused-rows-fr")
    page.context.close()
