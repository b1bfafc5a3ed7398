"""Reasoned responses in three languages: pre-filled in plain words, editable, and each author reads
the version in the language of their proposal (on its page and by e-mail)."""
from __future__ import annotations

import re
from datetime import date

from consult.core.extensions import db
from consult.core import mail
from consult.proposals.models import Proposal
from consult.shortlist import services as shortlists
from consult.workshops.models import Workshop
from tests.factories import login, make_consultation, make_proposal, make_theme
from tests.scoring.helpers import PASSWORD, joint_group, person, submit

HIGH = {"specific": 3, "measurable": 3, "answerable": 3, "relevant": 3, "time_bound": 2, "impact": 3}


def _decided():
    consultation = make_consultation()
    coordinator = person("Coordinatrice Sonia", "coordinator", None)
    members = [person("Amina Civil", affiliation="civil_society"), person("Bechir Admin", affiliation="administration")]
    db.session.add(Workshop(consultation_id=consultation.id, code="kef-2023", governorate="kef",
                            held_on=date(2023, 5, 9), venue={"fr": "Le Kef"}))
    arabic = make_proposal(consultation, "نشر ميزانيات البلديات كبيانات مفتوحة", problem="لا تنشر البلديات ميزانياتها.",
                           reform="نشر الميزانيات كل ثلاثة أشهر.", author_email="amal@example.tn")
    french = make_proposal(consultation, "Publier les budgets municipaux", author_email="luc@example.tn")
    theme = make_theme(consultation, {"ar": "الميزانيات المفتوحة", "fr": "Budgets ouverts", "en": "Open budgets"},
                       arabic, french)
    group = joint_group(consultation, members, [theme], coordinator)
    for member in members:
        submit(group, theme, member, HIGH, justification="Concret.")
    return consultation, coordinator, theme, arabic, french


def test_the_outcomes_form_is_prefilled_in_three_languages_in_plain_words(ctx, client):
    consultation, coordinator, theme, _a, _f = _decided()
    login(client, coordinator, PASSWORD)
    client.post(f"/consultations/{consultation.id}/scoring/shortlist/{theme.id}",
                data={f"t{theme.id}-decision": "retained", f"t{theme.id}-reason": "Demandé dans trois régions."})
    page = client.get(f"/consultations/{consultation.id}/scoring/outcomes?lang=fr").get_data(as_text=True)
    fields = {code: re.search(rf'<textarea[^>]*name="t{theme.id}-response_{code}"[^>]*>(.*?)</textarea>', page, re.S)
              for code in ("ar", "fr", "en")}
    assert all(fields.values())
    ar, fr, en = (fields[code].group(1) for code in ("ar", "fr", "en"))
    assert "الميزانيات المفتوحة" in ar and "2,83" not in ar and "2.83" in ar
    assert "« Budgets ouverts »" in fr or "“Budgets ouverts”" in fr
    assert "2,83 sur 3" in fr                                    # French numbers in French
    assert "Open budgets" in en and "2.83 out of 3" in en and "minimum" in en
    for text in (ar, fr, en):                                    # plain words, the coordinator's reason kept
        assert "pondéré" not in text and "weighted" not in text.lower() and "مرجح" not in text
        assert "Demandé dans trois régions." in text
    assert 'lang="ar"' in page and 'dir="rtl"' in page


def test_each_author_reads_the_response_in_the_language_of_their_proposal(ctx, client, monkeypatch):
    sent = []
    monkeypatch.setattr(mail, "send", lambda address, subject, text: sent.append((address, subject, text)))
    consultation, coordinator, theme, arabic, french = _decided()
    login(client, coordinator, PASSWORD)
    client.post(f"/consultations/{consultation.id}/scoring/shortlist/{theme.id}",
                data={f"t{theme.id}-decision": "retained", f"t{theme.id}-reason": "Score élevé."})
    response = client.post(f"/consultations/{consultation.id}/scoring/outcomes/{theme.id}", data={
        f"t{theme.id}-response_ar": "تم قبول مقترحك ضمن التعهد.", f"t{theme.id}-response_fr": "Votre proposition est retenue.",
        f"t{theme.id}-response_en": "Your proposal is retained."})
    assert response.status_code == 302
    client.post("/accounts/logout")

    arabic_page = client.get(f"/p/{arabic.ref}?lang=fr").get_data(as_text=True).split('id="history-title"')[1]
    french_page = client.get(f"/p/{french.ref}?lang=ar").get_data(as_text=True).split('id="history-title"')[1]
    # The proposal's own language first, whatever the page's; the others one click away.
    assert arabic_page.index("تم قبول مقترحك") < arabic_page.index("Votre proposition est retenue.")
    assert french_page.index("Votre proposition est retenue.") < french_page.index("تم قبول مقترحك")
    mails = {address: text for address, _subject, text in sent}
    assert "تم قبول مقترحك" in mails["amal@example.tn"] and "Votre proposition" not in mails["amal@example.tn"]
    assert "Votre proposition est retenue." in mails["luc@example.tn"] and "تم قبول" not in mails["luc@example.tn"]
    db.session.expire_all()
    assert db.session.get(Proposal, arabic.id).events[-1].response == "تم قبول مقترحك ضمن التعهد."


def test_a_response_left_empty_in_one_language_falls_back_and_an_empty_one_is_refused(ctx, client):
    consultation, coordinator, theme, arabic, _french = _decided()
    login(client, coordinator, PASSWORD)
    client.post(f"/consultations/{consultation.id}/scoring/shortlist/{theme.id}",
                data={f"t{theme.id}-decision": "not_retained", f"t{theme.id}-reason": "Hors du champ."})
    empty = client.post(f"/consultations/{consultation.id}/scoring/outcomes/{theme.id}",
                        data={f"t{theme.id}-response_ar": " ", f"t{theme.id}-response_fr": ""})
    assert empty.status_code == 400
    assert db.session.get(Proposal, arabic.id).status != "not_retained"
    done = client.post(f"/consultations/{consultation.id}/scoring/outcomes/{theme.id}",
                       data={f"t{theme.id}-response_fr": "Hors du champ du plan national."})
    assert done.status_code == 302
    # Only French was written: the Arabic author reads it rather than nothing.
    assert "Hors du champ du plan national." in client.get(f"/p/{arabic.ref}").get_data(as_text=True)
    # What was sent is offered again to amend.
    page = client.get(f"/consultations/{consultation.id}/scoring/outcomes?lang=en").get_data(as_text=True)
    assert "Hors du champ du plan national." in page


def test_default_responses_say_when_a_theme_was_not_scored(ctx):
    consultation, coordinator, theme, _a, _f = _decided()
    decision = shortlists.decide(consultation, theme, "not_retained", "Not scored by a working group.", coordinator)
    texts = shortlists.default_responses(decision, None, [])
    assert texts["en"].startswith("Not retained for the action plan.")
    assert "No working group scored this theme." in texts["en"]
    assert "Not scored by a working group." not in texts["en"]      # the suggested reason is not repeated
