"""Facilitators enter paper proposals; citizens with an account find theirs in "My proposals"."""
import re

from consult.core.extensions import db
from consult.proposals.models import Proposal
from consult.workshops.models import Workshop
from tests.factories import login, make_consultation, make_user, proposal_form


def add_workshop(consultation, code="kef-2023", governorate="kef", name="Kef", facilitators=()) -> Workshop:
    from datetime import date
    workshop = Workshop(consultation_id=consultation.id, code=code, governorate=governorate,
                        venue={"ar": f"ورشة {name}", "fr": f"Atelier {name}", "en": f"{name} workshop"},
                        held_on=date(2023, 5, 9), facilitators=list(facilitators))
    db.session.add(workshop)
    db.session.commit()
    return workshop


def test_facilitator_enters_a_workshop_proposal_during_grouping(ctx, client):
    consultation = make_consultation(open_phase="grouping")
    facilitator = make_user("facilitator")
    workshop = add_workshop(consultation, facilitators=[facilitator])
    login(client, facilitator)
    url = f"/consultations/{consultation.id}/proposals/enter"
    assert client.get(url).status_code == 200
    data = proposal_form(consultation, channel="workshop", workshop_id=str(workshop.id))
    response = client.post(url, data=data)
    assert response.status_code == 302
    assert client.post(url, data=data).status_code == 302          # a double click enters it once
    proposal = db.session.scalar(db.select(Proposal))
    assert db.session.scalar(db.select(db.func.count(Proposal.id))) == 1
    assert (proposal.channel, proposal.workshop_id, proposal.entered_by_id, proposal.author_id) == (
        "workshop", workshop.id, facilitator.id, None)
    follow = client.get(response.headers["Location"]).get_data(as_text=True)
    assert proposal.ref in follow
    # The next sheet keeps the channel and the workshop.
    assert re.search(r'<option selected value="workshop">', follow)
    assert re.search(rf'<option selected value="{workshop.id}">', follow)


def test_a_facilitator_enters_and_imports_only_for_the_workshops_they_run(ctx, client):
    from tests.proposals.test_import import upload
    consultation = make_consultation()
    facilitator, coordinator = make_user("facilitator"), make_user("coordinator")
    kef = add_workshop(consultation, facilitators=[facilitator])
    sfax = add_workshop(consultation, code="sfax-2023", governorate="sfax", name="Sfax")
    enter = f"/consultations/{consultation.id}/proposals/enter?lang=en"
    login(client, facilitator)
    for url in (enter, f"/consultations/{consultation.id}/proposals/import?lang=en"):
        page = client.get(url).get_data(as_text=True)
        assert "Regional workshop · Kef · 09/05/2023" in page and "Regional workshop · Sfax" not in page
        assert re.search(rf'<option selected value="{kef.id}">', page)   # their own, preselected
    response = client.post(enter, data=proposal_form(consultation, channel="workshop", workshop_id=str(sfax.id)))
    assert response.status_code == 400 and db.session.scalar(db.select(db.func.count(Proposal.id))) == 0
    assert client.post(enter, data=proposal_form(consultation, channel="workshop",
                                                 workshop_id=str(kef.id))).status_code == 302
    # A spreadsheet row naming someone else's workshop is refused; one naming theirs goes in.
    sheet = ("title,problem,reform,axis,workshop\r\n"
             "Publier les budgets,Pas publiés,Publier en ligne,local,sfax-2023\r\n"
             "Filmer les conseils,Pas filmés,Filmer,local,kef-2023\r\n").encode()
    page = upload(client, consultation, sheet, "atelier.csv").get_data(as_text=True)
    assert "the workshop &#39;sfax-2023&#39; is not one you facilitate" in page
    assert db.session.scalars(db.select(Proposal.workshop_id)).all() == [kef.id, kef.id]
    assert upload(client, consultation, sheet, "atelier.csv", workshop_id=str(sfax.id)).status_code == 400
    # Coordinators keep every workshop.
    client.post("/accounts/logout")
    login(client, coordinator)
    page = client.get(enter).get_data(as_text=True)
    assert "Regional workshop · Kef · 09/05/2023" in page and "Regional workshop · Sfax · 09/05/2023" in page
    assert client.post(enter, data=proposal_form(consultation, channel="workshop",
                                                 workshop_id=str(sfax.id))).status_code == 302


def test_the_workshop_channel_needs_a_workshop(ctx, client):
    from tests.proposals.test_import import upload
    consultation = make_consultation()
    facilitator = make_user("facilitator")
    add_workshop(consultation, facilitators=[facilitator])
    login(client, facilitator)
    enter = f"/consultations/{consultation.id}/proposals/enter?lang=en"
    response = client.post(enter, data=proposal_form(consultation, channel="workshop", workshop_id="0"))
    assert response.status_code == 400
    assert "Choose the workshop where this proposal was collected." in response.get_data(as_text=True)
    assert client.post(enter, data=proposal_form(consultation, channel="letter", workshop_id="0")).status_code == 302
    # A sheet imported as from a workshop, naming none, is refused row by row.
    sheet = "title,problem,reform,axis\r\nPublier les budgets,Pas publiés,Publier en ligne,local\r\n".encode()
    page = upload(client, consultation, sheet, "atelier.csv", channel="workshop").get_data(as_text=True)
    assert "no workshop: a proposal from a workshop names it" in page
    assert db.session.scalar(db.select(db.func.count(Proposal.id))) == 1


def test_entering_is_closed_after_grouping_and_refused_to_citizens(ctx, client):
    scoring = make_consultation(open_phase="scoring")
    collecting = make_consultation()
    assert client.get(f"/consultations/{collecting.id}/proposals/enter").status_code == 302   # to sign in
    login(client, make_user("citizen"))
    assert client.post(f"/consultations/{collecting.id}/proposals/enter",
                       data=proposal_form(collecting, channel="letter")).status_code == 403
    client.post("/accounts/logout")
    login(client, make_user("coordinator"))
    response = client.post(f"/consultations/{scoring.id}/proposals/enter", data=proposal_form(scoring, channel="letter"))
    assert response.status_code == 403
    assert db.session.scalar(db.select(db.func.count(Proposal.id))) == 0


def test_entering_refuses_the_online_channel_and_empty_fields(ctx, client):
    consultation = make_consultation()
    login(client, make_user("facilitator"))
    url = f"/consultations/{consultation.id}/proposals/enter?lang=en"
    assert client.post(url, data=proposal_form(consultation, channel="online")).status_code == 400
    response = client.post(url, data=proposal_form(consultation, channel="letter", title=""))
    assert response.status_code == 400 and "This field is required." in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(Proposal.id))) == 0


def test_my_proposals_lists_only_mine_with_their_status(ctx, client):
    consultation = make_consultation()
    login(client, make_user("citizen"))
    client.post(f"/consultations/{consultation.id}/propose", data=proposal_form(consultation, title="Ma proposition"))
    client.post("/accounts/logout")
    client.post(f"/consultations/{consultation.id}/propose", data=proposal_form(consultation, title="Celle d'un autre"))
    mine = db.session.scalar(db.select(Proposal).filter_by(title="Ma proposition"))
    from consult.proposals import services
    services.change_status(mine, "retained", "Retenue.")
    db.session.commit()

    assert client.get("/my/proposals").status_code == 302                 # sign in first
    login(client, db.session.get(type(make_user()), mine.author_id))
    page = client.get("/my/proposals?lang=en").get_data(as_text=True)
    assert "Ma proposition" in page and mine.ref in page and "Retained" in page
    assert "Celle d&#39;un autre" not in page and "Celle d'un autre" not in page


def test_registering_leads_to_sign_in_then_to_my_proposals(ctx, client):
    response = client.post("/accounts/register", data={"name": "Amira", "email": "amira@example.tn",
                                                       "password": "a long enough password"})
    assert response.headers["Location"].endswith("/accounts/login")
    response = client.post("/accounts/login?next=/my/proposals", data={"email": "amira@example.tn",
                                                                      "password": "a long enough password"})
    assert response.headers["Location"].endswith("/my/proposals")
    assert client.get("/my/proposals").status_code == 200
