"""A theme reads the same in three languages: its automatic title comes from its proposals'
titles, people name it in Arabic, French and English (one is enough, the others fall back with
their language shown), and a theme made of two subjects is flagged, ready to split in one click."""
from __future__ import annotations

import re

from consult.clustering import themes as theme_services
from consult.clustering.models import Theme
from consult.core.extensions import db
from consult.proposals.models import Proposal
from tests.clustering_platform.conftest import add, run_now
from tests.clustering_platform.working_groups import group_member
from tests.factories import login, make_consultation, make_theme


def test_each_language_s_title_is_a_member_s_title_and_a_missing_language_shows_its_fallback(client, ctx):
    consultation = make_consultation()
    water = [add(consultation, "تحسين توزيع الماء الصالح للشرب في الأرياف"),
             add(consultation, "Améliorer la distribution de l'eau potable en zone rurale"),
             add(consultation, "Improve drinking water supply in rural areas")]
    budget = [add(consultation, "نشر ميزانية البلدية على الانترنت"),
              add(consultation, "Publier le budget de la commune en ligne")]
    run_now(consultation, k=2)
    water_theme = db.session.get(Theme, db.session.get(Proposal, water[0].id).theme_id)
    budget_theme = db.session.get(Theme, db.session.get(Proposal, budget[0].id).theme_id)

    assert water_theme.label == {"ar": water[0].title, "fr": water[1].title, "en": water[2].title}
    origin = water_theme.summary["label"]
    assert origin["sources"] == {"ar": water[0].id, "fr": water[1].id, "en": water[2].id}
    assert origin["languages"] == {"ar": "ar", "fr": "fr", "en": "en"}
    # No English proposal: the English title is the most representative proposal's, in its language.
    anchor = origin_of = budget_theme.summary["label"]
    assert budget_theme.label["en"] in (budget[0].title, budget[1].title)
    assert origin_of["languages"]["en"] in ("ar", "fr") and anchor["sources"]["en"] == anchor["anchor"]
    shown = {"ar": "العربية", "fr": "Français"}[origin_of["languages"]["en"]]
    assert theme_services.theme_title(budget_theme, "en") == f"{budget_theme.label['en']} ({shown})"
    page = client.get(f"/themes/{budget_theme.id}?lang=en").get_data(as_text=True)
    title = page[page.index('id="theme-title"'):page.index("</h1>")]
    assert budget_theme.label["en"].replace("'", "&#39;") in title and "theme-language" in title
    assert "Key terms" in page   # the distinctive terms stay, as secondary information


def test_a_theme_is_named_in_three_languages_and_a_missing_one_falls_back_visibly(client, ctx):
    consultation = make_consultation("grouping")
    theme = make_theme(consultation, "Eau", add(consultation, "Publier le budget de la commune en ligne"))
    db.session.commit()
    login(client, group_member(consultation))
    page = client.get(f"/themes/{theme.id}?lang=fr").get_data(as_text=True)
    assert all(f'name="rename-name_{lang}"' in page for lang in ("ar", "fr", "en"))

    response = client.post(f"/themes/{theme.id}/rename",
                           data={"rename-name_ar": "الماء الصالح للشرب", "rename-name_fr": "Eau potable",
                                 "rename-name_en": ""})
    assert response.status_code == 302
    db.session.expire_all()
    theme = db.session.get(Theme, theme.id)
    assert theme.names == {"ar": "الماء الصالح للشرب", "fr": "Eau potable"}
    assert theme_services.theme_title(theme, "ar") == "الماء الصالح للشرب"
    assert theme_services.theme_title(theme, "fr") == "Eau potable"
    assert theme_services.theme_title(theme, "en") == "Eau potable (Français)"   # the closest language, named
    page = client.get(f"/themes/{theme.id}?lang=en").get_data(as_text=True)
    title = page[page.index('id="theme-title"'):page.index("</h1>")]
    assert 'lang="fr">Eau potable</span>' in title and "French" in title
    page = client.get(f"/themes/{theme.id}?lang=ar").get_data(as_text=True)
    title = page[page.index('id="theme-title"'):page.index("</h1>")]
    assert "الماء الصالح للشرب" in title and "theme-language" not in title

    # One language is enough; emptying every field brings the automatic title back.
    client.post(f"/themes/{theme.id}/rename", data={"rename-name_en": "Drinking water"})
    db.session.expire_all()
    theme = db.session.get(Theme, theme.id)
    assert theme.names == {"en": "Drinking water"}
    assert theme_services.theme_title(theme, "ar") == "Drinking water (English)"
    client.post(f"/themes/{theme.id}/rename", data={})
    db.session.expire_all()
    assert db.session.get(Theme, theme.id).names == {}
    assert "Eau" in theme_services.theme_title(db.session.get(Theme, theme.id), "fr")


def test_a_theme_of_two_subjects_is_flagged_mixed_and_splits_in_one_click(client, ctx):
    consultation = make_consultation("grouping")
    budget = [add(consultation, text) for text in ("نشر ميزانية البلدية على الانترنت",
                                                   "Publier le budget de la commune en ligne",
                                                   "Publish the municipal budget online")]
    water = [add(consultation, text) for text in ("تحسين توزيع الماء الصالح للشرب في الأرياف",
                                                  "Améliorer la distribution de l'eau potable en zone rurale",
                                                  "Improve drinking water supply in rural areas")]
    theme = make_theme(consultation, "Budget et eau", *budget, *water)
    single = make_theme(consultation, "Budget", *[add(consultation, f"Budget de la commune {i}") for i in range(6)])
    theme_services.refresh_theme(theme)
    theme_services.refresh_theme(single)
    db.session.commit()
    assert theme.summary["mixed"]["mixed"] and not single.summary["mixed"]["mixed"]
    groups = [set(group) for group in theme.summary["mixed"]["groups"]]
    assert sorted(groups, key=min) == [{p.id for p in budget}, {p.id for p in water}]

    overview = client.get(f"/consultations/{consultation.id}/themes?lang=en").get_data(as_text=True)
    assert overview.count(">Mixed: two sub-topics</span>") == 1
    login(client, group_member(consultation))
    page = client.get(f"/themes/{theme.id}?lang=en").get_data(as_text=True)
    assert "Mixed theme" in page and 'id="split-mixed"' in page
    form = page[page.index('id="theme-mixed"'):]
    form = form[:form.index("</form>")]
    chosen = [int(value) for value in re.findall(r'name="split-proposals" value="(\d+)"', form)]
    assert set(chosen) in groups and len(chosen) == 3
    response = client.post(f"/themes/{theme.id}/split", data={"split-proposals": [str(i) for i in chosen]})
    assert response.status_code == 302
    db.session.expire_all()
    left = {p.id for p in db.session.get(Theme, theme.id).proposals}
    assert {frozenset(left), frozenset(chosen)} == {frozenset(g) for g in groups}
    assert not db.session.get(Theme, theme.id).summary["mixed"]["mixed"]
