"""The submission form's lookup: existing proposals that may already say it, in any language."""
from __future__ import annotations

import pytest

from consult.core.extensions import db
from consult.proposals import services as proposals
from tests.clustering_platform.conftest import add, add_sample
from tests.factories import make_consultation


def _similar(client, consultation, text):
    response = client.get(f"/consultations/{consultation.id}/similar", query_string={"text": text})
    assert response.status_code == 200 and response.is_json
    return response.get_json()["results"]


@pytest.mark.real_encoder
def test_typing_the_arabic_translation_finds_the_french_proposal(client, ctx):
    consultation = make_consultation()
    french = add(consultation, "Publier le budget de la commune et ses dépenses en ligne",
                 "Les citoyens ne savent pas comment la commune dépense son argent.",
                 "Publier chaque trimestre le budget et les dépenses sur le site de la commune.")
    add(consultation, "Construire des terrains de sport dans les quartiers populaires",
        "Les jeunes n'ont pas d'espace pour faire du sport.", "Aménager des terrains de proximité.")
    add(consultation, "Améliorer l'accueil dans les hôpitaux publics",
        "Les patients attendent des heures.", "Un système de rendez-vous en ligne.")

    results = _similar(client, consultation, "نشر ميزانية البلدية ونفقاتها على موقع البلدية على الانترنت")

    assert results and results[0]["ref"] == french.ref
    # Public fields only; "add my voice" adds the count and where to add one (never who supports).
    assert set(results[0]) == {"ref", "title", "score", "url", "status", "supports", "support_url"}
    assert results[0]["url"].endswith(f"/p/{french.ref}") and 0.5 <= results[0]["score"] <= 1


def test_empty_text_gives_an_empty_list(client, ctx):
    consultation = make_consultation()
    add_sample(consultation)
    assert _similar(client, consultation, "") == []
    assert _similar(client, consultation, "   ") == []


def test_hidden_proposals_and_other_consultations_never_come_back(client, ctx):
    consultation, other = make_consultation(), make_consultation()
    shown = add(consultation, "Publier le budget de la commune")
    hidden = add(consultation, "Publish the municipal budget")
    elsewhere = add(other, "نشر ميزانية البلدية")
    proposals.hide(hidden, "abuse", None)
    db.session.commit()
    refs = [r["ref"] for r in _similar(client, consultation, "the budget of the town, published")]
    assert refs == [shown.ref]
    assert elsewhere.ref not in refs


def test_the_index_follows_new_proposals(client, ctx):
    consultation = make_consultation()
    add(consultation, "Améliorer l'eau potable")
    assert _similar(client, consultation, "budget published online") == []
    later = add(consultation, "Publier le budget en ligne")
    assert [r["ref"] for r in _similar(client, consultation, "budget published online")] == [later.ref]


def test_a_huge_text_is_cut_not_refused(client, ctx, fake_encoder):
    consultation = make_consultation()
    add(consultation, "Publier le budget en ligne")
    calls = fake_encoder.calls
    results = _similar(client, consultation, "budget " * 200_000)
    assert [r["title"] for r in results] == ["Publier le budget en ligne"]
    assert fake_encoder.calls == calls + 1


def test_unknown_consultation_is_a_404(client, ctx):
    assert client.get("/consultations/999/similar?text=budget").status_code == 404
