from consult.core.extensions import db
from consult.proposals.models import Proposal
from tests.factories import make_consultation, proposal_form


def test_citizen_submits_without_account_and_follows_by_reference(ctx, client):
    consultation = make_consultation()
    response = client.post(f"/consultations/{consultation.id}/propose", data=proposal_form(consultation, email="a@b.tn"))
    assert response.status_code == 302
    proposal = db.session.scalar(db.select(Proposal))
    assert proposal.language == "ar" and proposal.ref.startswith("P-")
    page = client.get(f"/p/{proposal.ref}?lang=fr").get_data(as_text=True)
    assert "نشر ميزانيات البلديات" in page and proposal.ref in page
    assert "a@b.tn" not in page
    assert client.get(f"/follow?ref={proposal.ref.lower()}").headers["Location"].endswith(f"/p/{proposal.ref}")


def test_double_click_creates_one_proposal(ctx, client):
    consultation = make_consultation()
    data = proposal_form(consultation)
    first = client.post(f"/consultations/{consultation.id}/propose", data=data)
    second = client.post(f"/consultations/{consultation.id}/propose", data=data)
    assert first.headers["Location"] == second.headers["Location"]
    assert db.session.scalar(db.select(db.func.count(Proposal.id))) == 1


def test_empty_form_is_refused_with_messages_in_the_users_language(ctx, client):
    consultation = make_consultation()
    response = client.post(f"/consultations/{consultation.id}/propose?lang=en", data={"submission_token": "x"})
    assert response.status_code == 400
    assert "This field is required." in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(Proposal.id))) == 0


def test_submission_closed_outside_collection(ctx, client):
    consultation = make_consultation(open_phase="scoring")
    response = client.post(f"/consultations/{consultation.id}/propose", data=proposal_form(consultation))
    assert response.status_code == 403
    assert db.session.scalar(db.select(db.func.count(Proposal.id))) == 0
