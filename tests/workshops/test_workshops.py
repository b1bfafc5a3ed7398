"""Workshops end to end: coordinators set them up, the public reads what each produced, the regional
shortlists merge into the national view, and everything downloads — through the scoring feature."""
from __future__ import annotations

import csv
import io
import json
from datetime import date

from openpyxl import load_workbook

from consult.core.audit import history
from consult.core.extensions import db
from consult.scoring import services as scoring
from consult.shortlist import workshop_shortlist
from consult.shortlist.cli import shortlist_group
from consult.shortlist import services as shortlists
from consult.workshops.models import Workshop
from tests.factories import login, make_consultation, make_user
from tests.workshops.conftest import make_proposal, make_workshop, scenario

LEVELS_HIGH = {"specific": 3, "measurable": 3, "answerable": 2, "relevant": 3, "time_bound": 2, "impact": 3}
LEVELS_MID = {"specific": 2, "measurable": 2, "answerable": 2, "relevant": 2, "time_bound": 2, "impact": 2}


def score_themes(consultation, levels_by_theme: dict) -> None:
    """A joint working group of two scores each theme through the scoring feature's services."""
    coordinator = make_user("coordinator")
    members = [make_user("member", affiliation="civil_society"), make_user("member", affiliation="administration")]
    group = scoring.create_group(consultation, "فريق العمل المشترك", coordinator)
    for member in members:
        scoring.add_member(group, member, coordinator)
    for theme, levels in levels_by_theme.items():
        scoring.assign_theme(group, theme, coordinator)
        for member in members:
            scoring.save_scores(group, theme, member, levels, "مبرّر التقييم", ["transparency"], submit=True)
    db.session.commit()


def scored_scenario():
    consultation = make_consultation(open_phase="scoring")
    s = scenario(consultation)
    score_themes(consultation, {s.budget: LEVELS_HIGH, s.youth: LEVELS_MID})
    return s


# --- the national view -----------------------------------------------------------------------------

def test_three_regions_sharing_a_theme_show_it_once_with_the_three_regions(ctx, client):
    s = scored_scenario()
    view = workshop_shortlist.national_view(s.consultation)
    assert [w.governorate for w, _entries in view.regional] == ["gafsa", "kairouan", "kef"]
    # Each regional shortlist holds what its own proposals fall into.
    by_region = {w.governorate: [e.theme.id for e in entries] for w, entries in view.regional}
    assert by_region == {"gafsa": [s.budget.id], "kairouan": [s.budget.id], "kef": [s.budget.id, s.youth.id]}
    budget_rows = [row for row in view.rows if row.theme.id == s.budget.id]
    assert len(budget_rows) == 1
    assert budget_rows[0].regions == ["gafsa", "kairouan", "kef"] and budget_rows[0].entry.rank == 1
    youth = next(row for row in view.rows if row.theme.id == s.youth.id)
    assert youth.regions == ["kef"]

    page = client.get(f"/consultations/{s.consultation.id}/workshops?lang=ar").get_data(as_text=True)
    assert page.count("نشر ميزانيات البلديات") >= 1
    national = page.split('id="national-heading"')[1].split('id="regional-heading"')[0]
    assert national.count("نشر ميزانيات البلديات") == 1
    assert all(name in national for name in ("قفصة", "القيروان", "الكاف"))


def test_workshop_page_shows_its_proposals_themes_scores_and_shortlist_without_personal_data(ctx, client):
    s = scored_scenario()
    kef = s.workshops[2]
    facilitator = make_user("facilitator", email="facilitator.private@example.org")
    kef.facilitators = [facilitator]
    hidden = make_proposal(s.consultation, "مقترح مخفي من الورشة", workshop=kef, theme=s.budget)
    hidden.status = "hidden"
    db.session.commit()
    response = client.get(f"/workshops/{kef.id}?lang=fr")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    kef_refs = [p.ref for p in s.proposals if p.workshop_id == kef.id]
    assert all(ref in page for ref in kef_refs)
    gafsa_ref = next(p.ref for p in s.proposals if p.workshop_id == s.workshops[0].id)
    assert gafsa_ref not in page
    assert "Publier les budgets municipaux" in page and "Conseils locaux des jeunes" in page
    assert "2,67" in page       # the weighted mean of LEVELS_HIGH, as the scoring feature computes it (in French)
    assert "Tajerouine" not in page and "Le Kef" in page
    assert hidden.ref not in page
    for secret in ("facilitator.private@example.org", "author.secret@example.org", facilitator.name):
        assert secret not in page


def test_a_workshop_without_scores_says_nothing_is_retained_yet(ctx, client):
    consultation = make_consultation()
    s = scenario(consultation)
    page = client.get(f"/workshops/{s.workshops[0].id}?lang=en").get_data(as_text=True)
    assert "No theme is retained yet." in page
    assert client.get("/workshops/999999").status_code == 404


def test_a_workshop_without_proposals_says_so_once_without_a_zero_count(ctx, client):
    consultation = make_consultation()
    workshop = make_workshop(consultation, "kef", date(2026, 3, 1))
    db.session.commit()
    page = client.get(f"/workshops/{workshop.id}?lang=en").get_data(as_text=True)
    assert "No proposal has been entered for this workshop yet." in page and "0 proposals" not in page
    make_proposal(consultation, workshop=workshop)
    db.session.commit()
    page = client.get(f"/workshops/{workshop.id}?lang=en").get_data(as_text=True)
    assert "1 proposal" in page and "No proposal has been entered" not in page


# --- downloads -------------------------------------------------------------------------------------

def test_downloads_from_the_workshop_and_consultation_pages(ctx, client):
    s = scored_scenario()
    kef = s.workshops[2]
    response = client.get(f"/workshops/{kef.id}/shortlist.xlsx?language=ar")
    assert response.status_code == 200 and "spreadsheetml" in response.mimetype
    assert f"shortlist-{kef.code}-ar.xlsx" in response.headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.data)).worksheets[0]
    assert sheet.sheet_view.rightToLeft
    values = [c for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert "نشر ميزانيات البلديات" in values and "مجالس الشباب المحلية" in values

    response = client.get(f"/consultations/{s.consultation.id}/shortlist.json?language=fr")
    data = json.loads(response.data)
    assert [e["label"] for e in data["shortlist"]] == ["Publier les budgets municipaux", "Conseils locaux des jeunes"]
    assert sorted(data["shortlist"][0]["regions"]) == ["gafsa", "kairouan", "kef"]

    csv_body = client.get(f"/consultations/{s.consultation.id}/shortlist.csv?language=ar").data
    assert csv_body.startswith(b"\xef\xbb\xbf") and "نشر ميزانيات البلديات".encode() in csv_body
    assert client.get(f"/workshops/{kef.id}/shortlist.pdf").data.startswith(b"%PDF")

    page = client.get(f"/workshops/{kef.id}?lang=fr").get_data(as_text=True)
    assert f"/workshops/{kef.id}/shortlist.xlsx" in page and f"/workshops/{kef.id}/shortlist.pdf" in page


def test_bad_download_requests_get_a_4xx(ctx, client):
    s = scored_scenario()
    assert client.get(f"/workshops/{s.workshops[0].id}/shortlist.docx").status_code == 404
    assert client.get(f"/workshops/{s.workshops[0].id}/shortlist.csv?language=de").status_code == 400
    assert client.get("/workshops/424242/shortlist.csv").status_code == 404
    assert client.get("/consultations/424242/shortlist.pdf").status_code == 404


# --- creating and editing workshops ----------------------------------------------------------------

def _form(**overrides):
    data = {"kind": "regional", "governorate": "kef", "held_on": "2023-05-09", "venue_ar": "نزل بمدينة الكاف",
            "venue_fr": "Hôtel, ville du Kef", "venue_en": "",
            "municipalities": "الكاف | Le Kef | Kef\nتاجروين | Tajerouine\nالسرس\nNebeur",
            "municipal_staff": "12", "associations": "10", "citizens": "13"}
    data.update(overrides)
    return data


def test_coordinator_creates_and_edits_a_workshop(ctx, client):
    consultation = make_consultation()
    coordinator = make_user("coordinator")
    facilitator = make_user("facilitator")
    make_user("member")
    login(client, coordinator)
    form_page = client.get(f"/consultations/{consultation.id}/workshops/new?lang=ar").get_data(as_text=True)
    assert facilitator.name in form_page and "Member" not in form_page   # only facilitator accounts
    response = client.post(f"/consultations/{consultation.id}/workshops/new",
                           data=_form(facilitators=[str(facilitator.id)]))
    assert response.status_code == 302
    workshop = db.session.scalar(db.select(Workshop))
    assert workshop.code == "kef-2023-05-09" and workshop.held_on == date(2023, 5, 9)
    assert workshop.municipalities == [{"ar": "الكاف", "fr": "Le Kef", "en": "Kef"},
                                       {"ar": "تاجروين", "fr": "Tajerouine", "en": "Tajerouine"},
                                       {"ar": "السرس"}, {"fr": "Nebeur", "en": "Nebeur"}]
    assert workshop.participants == {"municipal_staff": 12, "associations": 10, "citizens": 13}
    assert [u.id for u in workshop.facilitators] == [facilitator.id]
    assert history("workshop", workshop.id)[0].action == "create"

    edit_page = client.get(f"/workshops/{workshop.id}/edit").get_data(as_text=True)
    assert "الكاف | Le Kef | Kef" in edit_page and "Hôtel, ville du Kef" in edit_page
    response = client.post(f"/workshops/{workshop.id}/edit", data=_form(citizens="20", facilitators=[]))
    assert response.status_code == 302
    db.session.refresh(workshop)
    assert workshop.participants["citizens"] == 20 and workshop.facilitators == []
    update = history("workshop", workshop.id)[-1]
    assert update.action == "update" and update.details["new"]["participants"]["citizens"] == 20


def test_a_bad_workshop_form_is_refused_in_the_users_language_and_saves_nothing(ctx, client):
    consultation = make_consultation()
    login(client, make_user("coordinator"))
    response = client.post(f"/consultations/{consultation.id}/workshops/new?lang=fr",
                           data=_form(venue_ar="", venue_fr="", held_on="9 mai", citizens="-3", kind="local"))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Indiquez le lieu dans au moins une langue." in page
    assert "Indiquez la date au format AAAA-MM-JJ." in page
    assert "Le nombre doit être compris entre 0 et 10000." in page
    assert db.session.scalar(db.select(db.func.count(Workshop.id))) == 0
    response = client.post(f"/consultations/{consultation.id}/workshops/new", data=_form(venue_ar="x" * 5000))
    assert response.status_code == 400
    assert db.session.scalar(db.select(db.func.count(Workshop.id))) == 0


def test_only_coordinators_manage_workshops(ctx, client):
    consultation = make_consultation()
    url = f"/consultations/{consultation.id}/workshops/new"
    assert client.get(url).status_code == 302                 # anonymous: to the sign-in page
    login(client, make_user("facilitator"))
    assert client.get(url).status_code == 403
    assert client.post(url, data=_form()).status_code == 403
    assert db.session.scalar(db.select(db.func.count(Workshop.id))) == 0


def test_forged_workshop_form_without_csrf_token_is_refused(app, ctx, client):
    consultation = make_consultation()
    login(client, make_user("coordinator"))
    app.config["WTF_CSRF_ENABLED"] = True      # turned off again after the test
    response = client.post(f"/consultations/{consultation.id}/workshops/new", data=_form())
    assert response.status_code == 400
    assert db.session.scalar(db.select(db.func.count(Workshop.id))) == 0


# --- API -------------------------------------------------------------------------------------------

def test_api_lists_workshops_with_public_fields_only(ctx, client):
    consultation = make_consultation()
    s = scenario(consultation)
    facilitator = make_user("facilitator", email="facilitator.private@example.org")
    s.workshops[0].facilitators = [facilitator]
    db.session.commit()
    response = client.get(f"/api/v1/workshops?consultation={consultation.id}")
    assert response.status_code == 200
    data = response.get_json()
    assert [w["governorate"] for w in data["workshops"]] == ["gafsa", "kairouan", "kef"]
    assert data["workshops"][0]["participants"] == {"municipal_staff": 12, "associations": 8, "citizens": 5}
    body = response.get_data(as_text=True)
    assert "facilitator" not in body.lower() and facilitator.name not in body and "@" not in body
    assert client.get("/api/v1/workshops").status_code == 400
    assert client.get("/api/v1/workshops?consultation=abc").status_code == 400
    assert client.get("/api/v1/workshops?consultation=424242").status_code == 404


# --- command line ----------------------------------------------------------------------------------

def test_cli_exports_the_latest_consultation_and_a_workshop(app, ctx, tmp_path):
    s = scored_scenario()
    runner = app.test_cli_runner()
    output = tmp_path / "national.xlsx"
    result = runner.invoke(shortlist_group, ["export", "--format", "xlsx", "--lang", "fr", "--output", str(output)])
    assert result.exit_code == 0, result.output
    sheet = load_workbook(output).worksheets[0]
    assert not sheet.sheet_view.rightToLeft
    assert "Publier les budgets municipaux" in [c for row in sheet.iter_rows(values_only=True) for c in row]

    output = tmp_path / "kef.csv"
    result = runner.invoke(shortlist_group, ["export", "--workshop", str(s.workshops[2].id), "--format", "csv",
                                             "--lang", "ar", "--output", str(output)])
    assert result.exit_code == 0, result.output
    assert output.read_bytes().startswith(b"\xef\xbb\xbf") and "مجالس الشباب المحلية" in output.read_text("utf-8")


def test_cli_refuses_unknown_workshop_consultation_or_format_with_exit_code_2(app, ctx, tmp_path):
    s = scored_scenario()
    runner = app.test_cli_runner()
    output = str(tmp_path / "out")
    result = runner.invoke(shortlist_group, ["export", "--workshop", "424242", "--format", "csv", "--output", output])
    assert result.exit_code == 2 and "no workshop has the id 424242" in result.output
    result = runner.invoke(shortlist_group, ["export", "--consultation", "424242", "--format", "csv",
                                             "--output", output])
    assert result.exit_code == 2 and "no consultation has the id 424242" in result.output
    result = runner.invoke(shortlist_group, ["export", "--format", "docx", "--output", output])
    assert result.exit_code == 2 and "docx" in result.output
    other = make_consultation()
    result = runner.invoke(shortlist_group, ["export", "--consultation", str(other.id), "--workshop",
                                             str(s.workshops[0].id), "--format", "csv", "--output", output])
    assert result.exit_code == 2 and "belongs to consultation" in result.output
    assert not (tmp_path / "out").exists()


def test_a_proposed_shortlist_says_so_until_the_coordinators_confirm_it(ctx, client):
    s = scored_scenario()
    kef = s.workshops[2]
    note = "Proposed shortlist: the coordinators have not confirmed it yet."
    assert note in client.get(f"/workshops/{kef.id}?lang=en").get_data(as_text=True)
    sheet = load_workbook(io.BytesIO(client.get(f"/workshops/{kef.id}/shortlist.xlsx?language=en").data)).active
    assert any(note in (row[0] or "") and "2 pending" in row[0] for row in sheet.iter_rows(values_only=True))

    coordinator = make_user("coordinator")
    shortlists.decide(s.consultation, s.budget, "retained", "يستجيب لمبدأ الشفافية.", coordinator)
    shortlists.decide(s.consultation, s.youth, "not_retained", "خارج نطاق الخطة.", coordinator)
    db.session.commit()
    page = client.get(f"/workshops/{kef.id}?lang=en").get_data(as_text=True)
    assert note not in page and "1 confirmed · 1 not retained" in page
    data = json.loads(client.get(f"/workshops/{kef.id}/shortlist.json?language=en").data)
    assert data["confirmed"] and data["counts"] == {"confirmed": 1, "pending": 0, "not_retained": 1}
    # What was not retained stays visible, said so, after the retained themes (and unranked).
    assert [(e["label"], e["state"], e["rank"]) for e in data["shortlist"]] == [
        ("Publish municipal budgets", "confirmed", 1), ("Local youth councils", "not_retained", None)]
    view = workshop_shortlist.national_view(s.consultation)
    assert [(row.theme.id, row.entry.state) for row in view.rows] == [(s.budget.id, "confirmed"),
                                                                      (s.youth.id, "not_retained")]


def test_the_consultation_page_links_to_its_workshops_and_shortlist_downloads(ctx, client):
    consultation = make_consultation()
    page = client.get(f"/consultations/{consultation.id}?lang=fr").get_data(as_text=True)
    assert f"/consultations/{consultation.id}/workshops" in page
    assert f"/consultations/{consultation.id}/shortlist.xlsx" in page
    assert f"/consultations/{consultation.id}/shortlist.pdf" in page


def test_api_lists_workshops_as_csv_with_public_fields_only(ctx, client):
    consultation = make_consultation()
    s = scenario(consultation)
    facilitator = make_user("facilitator", email="facilitator.private@example.org")
    s.workshops[0].facilitators = [facilitator]
    s.workshops[0].venue = dict(s.workshops[0].venue, fr='=HYPERLINK("http://x","y")')
    db.session.commit()
    response = client.get(f"/api/v1/workshops.csv?consultation={consultation.id}")
    assert response.status_code == 200 and response.content_type.startswith("text/csv")
    body = response.get_data(as_text=True)
    assert body.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(body[1:])))
    assert [row["governorate"] for row in rows] == ["gafsa", "kairouan", "kef"]
    assert rows[0]["participants_municipal_staff"] == "12" and rows[0]["municipalities_fr"] == "Le Kef"
    assert rows[0]["venue_fr"] == "'=HYPERLINK(\"http://x\",\"y\")"   # text, never a live formula
    assert facilitator.name not in body and "@" not in body
    assert client.get("/api/v1/workshops.csv").status_code == 400
    assert client.get("/api/v1/workshops.csv?consultation=424242").status_code == 404
