"""The proposal list's search finds proposals by meaning too, in any language, words first; the
Arabic article and glued particles do not matter."""
from __future__ import annotations

import pytest

from consult.clustering import embedding
from consult.proposals import services
from tests.clustering_platform.conftest import BrokenEncoder, add
from tests.factories import make_consultation


def found(client, consultation, query) -> list[str]:
    """References on the list page for the query, in the order shown."""
    page = client.get(f"/consultations/{consultation.id}/proposals",
                      query_string={"q": query}).get_data(as_text=True)
    refs = []
    for chunk in page.split("P-")[1:]:
        ref = "P-" + "".join(c for c in chunk[:6] if c.isalnum())
        if ref not in refs:
            refs.append(ref)
    return refs


def test_budget_finds_the_arabic_proposal_after_those_that_use_the_word(ctx, client):
    consultation = make_consultation()
    arabic = add(consultation, "نشر ميزانية البلدية على الانترنت")
    french = add(consultation, "Publier le budget de la commune en ligne")
    water = add(consultation, "Improve drinking water supply in rural areas")
    refs = found(client, consultation, "budget")
    assert french.ref in refs and arabic.ref in refs and water.ref not in refs
    assert refs.index(french.ref) < refs.index(arabic.ref)     # the exact word first
    api = client.get(f"/api/v1/proposals?consultation={consultation.id}&q=budget").get_json()
    assert [p["ref"] for p in api["proposals"]][:2] == [french.ref, arabic.ref]


@pytest.mark.parametrize("query", ["الشفافية", "شفافية", "والشفافية"])
def test_the_arabic_article_and_clitics_do_not_matter(ctx, client, query):
    consultation = make_consultation()
    with_article = add(consultation, "دعم الشفافية في الصفقات العمومية")
    without = add(consultation, "شفافية الانتدابات في الوظيفة العمومية")
    glued = add(consultation, "الحوكمة المحلية وبالشفافية الكاملة")
    other = add(consultation, "Construire des terrains de sport")
    refs = found(client, consultation, query)
    assert {with_article.ref, without.ref, glued.ref} <= set(refs) and other.ref not in refs


def test_without_the_encoder_the_search_still_finds_words(ctx, client, monkeypatch):
    consultation = make_consultation()
    french = add(consultation, "Publier le budget de la commune en ligne")
    arabic = add(consultation, "نشر ميزانية البلدية على الانترنت")
    monkeypatch.setattr(embedding, "ENCODER", BrokenEncoder())
    refs = found(client, consultation, "budget")
    assert french.ref in refs and arabic.ref not in refs


def test_hidden_proposals_found_by_meaning_stay_hidden(ctx, client):
    consultation = make_consultation()
    arabic = add(consultation, "نشر ميزانية البلدية على الانترنت")
    services.hide(arabic, "spam", None)
    from consult.core.extensions import db
    db.session.commit()
    assert arabic.ref not in found(client, consultation, "budget")


@pytest.mark.real_encoder
def test_budget_finds_miizaniya_with_the_real_encoder(ctx, client):
    consultation = make_consultation()
    budget = add(consultation, "نشر ميزانية البلدية ونفقاتها على موقع الانترنت",
                 "لا يعرف المواطنون كيف تصرف أموال البلدية.", "نشر الميزانية والنفقات كل ثلاثة أشهر.")
    others = [add(consultation, title, problem, reform) for title, problem, reform in (
        ("تحسين توزيع الماء الصالح للشرب في الأرياف", "تنقطع المياه في الصيف.", "صيانة الشبكة."),
        ("إنشاء ملاعب رياضية ودور للشباب", "لا توجد فضاءات للشباب.", "بناء ملاعب في الأحياء."),
        ("Améliorer le transport public entre les villes", "Les bus sont rares.", "Plus de lignes."),
    )]
    refs = found(client, consultation, "budget")
    assert budget.ref in refs
    assert not {p.ref for p in others} & set(refs)
