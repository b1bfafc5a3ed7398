"""A real Chromium: the coordinator hides an abusive comment on a commitment's page with a reason,
in Arabic, French and English, at desktop and phone width; visitors then read the reason in its
place, never the text."""
from __future__ import annotations

import pytest

from tests.browser.conftest import COORDINATOR, new_page, page_width, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ABUSE = "Ce responsable est un voleur, appelez-le au 98 123 456."
REASONS = {"ar": "شتيمة ورقم هاتف شخصي.", "fr": "Insulte et numéro de téléphone personnel.",
           "en": "An insult and a personal phone number."}


def _comment_on_a_commitment(site) -> tuple[int, int]:
    from consult.commitments.models import Comment, Commitment
    from consult.core.extensions import db
    with site["app"].app_context():
        commitment = db.session.scalars(db.select(Commitment).order_by(Commitment.id)).first()
        comment = Comment(commitment=commitment, body=ABUSE)
        db.session.add(comment)
        db.session.commit()
        return commitment.id, comment.id


@pytest.mark.parametrize("width", [1366, 390])
@pytest.mark.parametrize("lang", ["ar", "fr", "en"])
def test_the_coordinator_hides_a_comment_and_visitors_read_the_reason(demo_site, browser, lang, width):
    commitment_id, comment_id = _comment_on_a_commitment(demo_site)
    page = new_page(browser, viewport={"width": width, "height": 900})
    try:
        sign_in(page, demo_site, COORDINATOR)
        page.goto(f"{demo_site['url']}/commitments/{commitment_id}?lang={lang}#comment-{comment_id}")
        assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
        article = page.locator(f"#comment-{comment_id}")
        article.locator("summary").click()
        reason = article.locator(f"#comment-{comment_id}-reason")
        # Its label is tied to it, and it is the only field of that id on the page.
        assert article.locator(f"label[for='comment-{comment_id}-reason']").is_visible()
        assert page.locator(f"[id='comment-{comment_id}-reason']").count() == 1
        article.scroll_into_view_if_needed()
        screenshot(page, f"comment-hide-form-{lang}-{width}", full_page=False)
        reason.fill(REASONS[lang])
        article.locator("button.btn-outline-danger").click()
        page.wait_for_load_state()
        assert page.locator(".alert-success").is_visible()
        assert page_width(page) <= width, f"the page scrolls sideways at {width}px in {lang}"
        hidden = page.locator(f"#comment-{comment_id}")
        assert REASONS[lang] in hidden.inner_text()
        screenshot(page, f"comment-hidden-staff-{lang}-{width}", full_page=False)

        visitor = new_page(browser, viewport={"width": width, "height": 900})
        try:
            visitor.goto(f"{demo_site['url']}/commitments/{commitment_id}?lang={lang}#comment-{comment_id}")
            shown = visitor.locator(f"#comment-{comment_id}")
            shown.scroll_into_view_if_needed()
            text = shown.inner_text()
            assert REASONS[lang] in text and "98 123 456" not in visitor.content()
            screenshot(visitor, f"comment-hidden-public-{lang}-{width}", full_page=False)
        finally:
            visitor.context.close()
    finally:
        page.context.close()
