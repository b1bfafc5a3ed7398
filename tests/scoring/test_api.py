"""`GET /api/v1/scoring`: the scoring for independent reviewers, only what is already public."""
from consult.core.extensions import db
from consult.scoring import services
from tests.factories import make_consultation, make_proposal, make_theme
from tests.scoring.helpers import joint_group, person, submit


def test_the_scoring_api_shows_closed_groups_only_with_pseudonyms(ctx, client):
    consultation = make_consultation(open_phase="scoring")
    coordinator = person("Coordinatrice", "coordinator", None)
    amina = person("Amina Civil", affiliation="civil_society")
    item = make_theme(consultation, "Budgets ouverts", make_proposal(consultation, "Publier les budgets"))
    group = joint_group(consultation, [amina], [item], coordinator)
    submit(group, item, amina)
    assert client.get("/api/v1/scoring").status_code == 400
    data = client.get(f"/api/v1/scoring?consultation={consultation.id}").get_json()
    assert data["scores"] == [] and data["groups"] == [] and data["themes"] == []   # still blind
    assert [c["code"] for c in data["criteria"]][0] == "specific"
    services.set_closed(group, True, coordinator)
    db.session.commit()
    response = client.get(f"/api/v1/scoring?consultation={consultation.id}")
    text = response.get_data(as_text=True)
    data = response.get_json()
    assert {s["member"] for s in data["scores"]} == {services.pseudonym(amina.id)}
    assert data["themes"][0]["n_scores"] == 1 and data["groups"] == [{"group": group.id, "name": group.name}]
    assert "Amina" not in text and "@" not in text
    assert client.get("/api/v1/scoring?consultation=999999").status_code == 404
