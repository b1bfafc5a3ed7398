"""Search folds Arabic diacritics and letter forms and French accents; open data has no e-mail."""
import pytest

from consult.core.extensions import db
from consult.proposals import services
from tests.factories import make_consultation, proposal_form


def submit(client, consultation, **overrides) -> str:
    response = client.post(f"/consultations/{consultation.id}/propose", data=proposal_form(consultation, **overrides))
    assert response.status_code == 302
    client.get(response.headers["Location"])   # shows (and so clears) the "thank you" message
    return response.headers["Location"].rsplit("/", 1)[1]


@pytest.mark.parametrize("stored, query", [
    ("الإدارة المفتوحة في البلديات", "الاداره"),
    ("مُقتَرَح لنشر الميزانيات", "مقترح"),
    ("Renforcer la société civile locale", "societe"),
    ("Renforcer la societe civile locale", "Société"),
])
def test_search_ignores_diacritics_letter_forms_and_accents(ctx, client, stored, query):
    consultation = make_consultation()
    wanted = submit(client, consultation, title=stored)
    other = submit(client, consultation, title="Open contracting", problem="Contracts are secret.",
                   reform="Publish all contracts.", results="", body="", municipality="")
    page = client.get(f"/consultations/{consultation.id}/proposals", query_string={"q": query}).get_data(as_text=True)
    assert wanted in page and other not in page


def test_api_and_csv_never_contain_the_authors_email(ctx, client):
    consultation = make_consultation()
    ref = submit(client, consultation, email="secret.author@example.tn")
    api = client.get(f"/api/v1/proposals?consultation={consultation.id}")
    assert ref in api.get_data(as_text=True)
    assert "secret.author" not in api.get_data(as_text=True)
    csv = client.get(f"/api/v1/proposals.csv?consultation={consultation.id}")
    assert ref in csv.get_data(as_text=True)
    assert "secret.author" not in csv.get_data(as_text=True)
    assert "secret.author" not in client.get(f"/p/{ref}").get_data(as_text=True)


def test_api_pages_through_every_proposal_once(ctx, client):
    consultation = make_consultation()
    refs = set()
    for number in range(103):
        fields = {"title": f"Proposition {number}", "problem": "P", "reform": "R", "governorate": "tunis"}
        refs.add(services.submit(consultation, fields).ref)
    db.session.commit()
    first = client.get(f"/api/v1/proposals?consultation={consultation.id}").get_json()
    assert (first["total"], first["pages"], len(first["proposals"]), first["previous"]) == (103, 2, 100, None)
    second = client.get(first["next"]).get_json()
    assert second["next"] is None and len(second["proposals"]) == 3
    assert {p["ref"] for p in first["proposals"] + second["proposals"]} == refs
    assert client.get(f"/api/v1/proposals?consultation={consultation.id}&page=9").get_json()["proposals"] == []
    assert client.get("/api/v1/proposals").status_code == 400


def test_csv_never_hands_a_formula_to_a_spreadsheet(ctx, client):
    consultation = make_consultation()
    client.post(f"/consultations/{consultation.id}/propose",
                data=proposal_form(consultation, title='=HYPERLINK("http://evil.example","click")'))
    csv_text = client.get(f"/api/v1/proposals.csv?consultation={consultation.id}").get_data(as_text=True)
    assert "'=HYPERLINK" in csv_text
    assert ',=HYPERLINK' not in csv_text and '"=HYPERLINK' not in csv_text


def test_list_with_extra_query_parameters_still_offers_its_csv(ctx, client):
    consultation = make_consultation()
    response = client.get(f"/consultations/{consultation.id}/proposals?consultation={consultation.id}&q=x")
    assert response.status_code == 200
    assert f"proposals.csv?consultation={consultation.id}" in response.get_data(as_text=True).replace("&amp;", "&")


def test_an_empty_result_says_so_once_without_a_zero_count(ctx, client):
    consultation = make_consultation()
    submit(client, consultation, title="Publier les budgets communaux")
    url = f"/consultations/{consultation.id}/proposals"
    found = client.get(url, query_string={"q": "budgets", "lang": "ar"}).get_data(as_text=True)
    assert "مقترح واحد" in found and "لا يوجد مقترح يطابق هذه المعايير" not in found
    empty = client.get(url, query_string={"q": "introuvable", "lang": "ar"}).get_data(as_text=True)
    assert "لا يوجد مقترح يطابق هذه المعايير" in empty and "0 مقترح" not in empty
