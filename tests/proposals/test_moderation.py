"""Coordinators hide, show again, decide and merge; every decision is kept with its public reason."""
import logging

from consult.core import audit
from consult.core.extensions import db
from consult.proposals import services
from consult.proposals.models import Proposal
from tests.factories import login, make_consultation, make_user, proposal_form


def submit(client, consultation, **overrides) -> Proposal:
    response = client.post(f"/consultations/{consultation.id}/propose", data=proposal_form(consultation, **overrides))
    assert response.status_code == 302
    return services.get_by_ref(response.headers["Location"].rsplit("/", 1)[1])


def test_hiding_keeps_the_proposal_shows_the_reason_and_removes_it_from_lists_and_api(ctx, client):
    consultation = make_consultation()
    spam = submit(client, consultation, title="Achetez des montres pas chères")
    kept = submit(client, consultation, title="Publier les marchés publics")
    login(client, make_user("coordinator"))
    response = client.post(f"/p/{spam.ref}/hide", data={"moderation-reason": "Publicité sans rapport avec la consultation"})
    assert response.status_code == 302
    client.post("/accounts/logout")

    assert db.session.get(Proposal, spam.id).status == "hidden"   # kept, not deleted
    page = client.get(f"/p/{spam.ref}?lang=fr").get_data(as_text=True)
    assert "Publicité sans rapport avec la consultation" in page
    assert "Achetez des montres" not in page
    listing = client.get(f"/consultations/{consultation.id}/proposals").get_data(as_text=True)
    assert kept.ref in listing and spam.ref not in listing
    api = client.get(f"/api/v1/proposals?consultation={consultation.id}").get_json()
    assert [p["ref"] for p in api["proposals"]] == [kept.ref]
    assert spam.ref not in client.get(f"/api/v1/proposals?consultation={consultation.id}&status=hidden").get_data(as_text=True)
    assert spam.ref not in client.get(f"/api/v1/proposals.csv?consultation={consultation.id}").get_data(as_text=True)
    assert [e.details["new"] for e in audit.history("proposal", spam.id)] == ["hidden"]


def test_hiding_needs_a_reason(ctx, client):
    consultation = make_consultation()
    proposal = submit(client, consultation)
    login(client, make_user("coordinator"))
    response = client.post(f"/p/{proposal.ref}/hide?lang=en", data={"moderation-reason": "  "})
    assert response.status_code == 400
    assert "This field is required." in response.get_data(as_text=True)
    assert db.session.get(Proposal, proposal.id).status == "received"


def test_unhiding_restores_the_previous_status(ctx, client):
    consultation = make_consultation()
    proposal = submit(client, consultation)
    coordinator = make_user("coordinator")
    login(client, coordinator)
    client.post(f"/p/{proposal.ref}/status", data={"status": "retained", "response": "Retenue par le groupe."})
    client.post(f"/p/{proposal.ref}/hide", data={"moderation-reason": "Signalée par erreur ?"})
    assert client.post(f"/p/{proposal.ref}/unhide", data={"moderation-reason": "Vérifiée : ce n'est pas un abus."}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Proposal, proposal.id).status == "retained"
    assert proposal.ref in client.get(f"/consultations/{consultation.id}/proposals").get_data(as_text=True)


def test_a_status_change_shows_the_response_in_the_history_and_notifies_without_the_address(
        ctx, client, caplog, monkeypatch):
    # The migrations' logging setup (run in-process by the app fixture) disables existing loggers.
    monkeypatch.setattr(logging.getLogger("consult.core.mail"), "disabled", False)
    consultation = make_consultation()
    proposal = submit(client, consultation, email="author@example.tn")
    login(client, make_user("coordinator"))
    with caplog.at_level(logging.INFO, logger="consult.core.mail"):
        response = client.post(f"/p/{proposal.ref}/status", data={
            "status": "not_retained", "response": "Hors du champ du plan national : relève de la commune."})
    assert response.status_code == 302
    client.post("/accounts/logout")
    page = client.get(f"/p/{proposal.ref}?lang=fr").get_data(as_text=True)
    history = page.split('id="history-title"', 1)[1]
    assert "Non retenue" in history or "Non retenu" in history
    assert "Hors du champ du plan national : relève de la commune." in history
    assert any("would send to <hidden>" in r.getMessage() for r in caplog.records)
    assert "author@example.tn" not in caplog.text


def test_a_status_change_needs_a_response(ctx, client):
    consultation = make_consultation()
    proposal = submit(client, consultation)
    login(client, make_user("coordinator"))
    response = client.post(f"/p/{proposal.ref}/status", data={"status": "retained", "response": ""})
    assert response.status_code == 400
    assert db.session.get(Proposal, proposal.id).status == "received"


def test_merging_checks_the_target(ctx, client):
    consultation = make_consultation()
    other_consultation = make_consultation()
    first = submit(client, consultation, title="Budget ouvert")
    second = submit(client, consultation, title="Budgets ouverts des communes")
    elsewhere = submit(client, other_consultation, title="Ailleurs")
    login(client, make_user("coordinator"))

    def merge(proposal, target_ref):
        return client.post(f"/p/{proposal.ref}/status?lang=en", data={
            "status": "merged", "response": "Même demande.", "merged_into": target_ref})

    for target, message in ((second.ref, "cannot be merged into itself"),
                            (elsewhere.ref, "No proposal of this consultation has the reference"),
                            ("P-ZZZZZZ", "No proposal of this consultation has the reference"),
                            ("", "Give the reference of the proposal it is merged into.")):
        response = merge(second, target)
        assert response.status_code == 400 and message in response.get_data(as_text=True)
        assert db.session.get(Proposal, second.id).status == "received"

    assert merge(second, first.ref.lower()).status_code == 302
    db.session.expire_all()
    merged = db.session.get(Proposal, second.id)
    assert merged.status == "merged" and merged.merged_into_id == first.id
    assert f'href="/p/{first.ref}"' in client.get(f"/p/{second.ref}").get_data(as_text=True)
    # The other way round would make a loop.
    response = merge(first, second.ref)
    assert response.status_code == 400 and "already merged into this proposal" in response.get_data(as_text=True)


def test_moderation_list_shows_hidden_proposals_and_filters_by_status(ctx, client):
    consultation = make_consultation()
    spam = submit(client, consultation, title="Spam spam spam")
    normal = submit(client, consultation, title="Une vraie proposition")
    login(client, make_user("coordinator"))
    client.post(f"/p/{spam.ref}/hide", data={"moderation-reason": "Spam"})
    url = f"/consultations/{consultation.id}/moderation"
    everything = client.get(url).get_data(as_text=True)
    assert spam.ref in everything and normal.ref in everything
    hidden = client.get(url + "?status=hidden").get_data(as_text=True)
    assert spam.ref in hidden and normal.ref not in hidden


def test_only_coordinators_moderate(ctx, client):
    consultation = make_consultation()
    proposal = submit(client, consultation)
    urls = [f"/p/{proposal.ref}/hide", f"/p/{proposal.ref}/status"]
    anonymous = client.get(f"/consultations/{consultation.id}/moderation")
    assert anonymous.status_code == 302 and "/accounts/login" in anonymous.headers["Location"]
    for role in ("citizen", "facilitator", "member"):
        login(client, make_user(role))
        assert client.get(f"/consultations/{consultation.id}/moderation").status_code == 403
        for url in urls:
            assert client.post(url, data={"moderation-reason": "x", "status": "retained", "response": "x"}).status_code == 403
        assert 'id="moderation"' not in client.get(f"/p/{proposal.ref}").get_data(as_text=True)
        client.post("/accounts/logout")
    assert db.session.get(Proposal, proposal.id).status == "received"
    assert len(db.session.get(Proposal, proposal.id).events) == 1


def test_moderation_forms_are_protected_against_forged_requests(ctx, client, request):
    consultation = make_consultation()
    proposal = submit(client, consultation)
    login(client, make_user("coordinator"))
    csrf = request.getfixturevalue("csrf")   # on from here: signing in above sent no token
    assert client.post(f"/p/{proposal.ref}/hide", data={"moderation-reason": "forged"}).status_code == 400
    token = csrf(client, f"/p/{proposal.ref}")
    response = client.post(f"/p/{proposal.ref}/hide", data={"moderation-reason": "Spam", "moderation-csrf_token": token})
    assert response.status_code == 302
    assert db.session.get(Proposal, proposal.id).status == "hidden"


def test_an_empty_moderation_list_shows_no_zero_count(ctx, client):
    consultation = make_consultation()
    submit(client, consultation, title="Une vraie proposition")
    login(client, make_user("coordinator"))
    url = f"/consultations/{consultation.id}/moderation?lang=en"
    assert "1 proposal" in client.get(url).get_data(as_text=True)
    empty = client.get(url + "&status=hidden").get_data(as_text=True)
    assert "No proposal matches these filters." in empty and "0 proposals" not in empty


def test_the_author_is_told_only_once_the_decision_is_saved(ctx, client, caplog, monkeypatch):
    from consult.core import transactions
    monkeypatch.setattr(logging.getLogger("consult.core.mail"), "disabled", False)
    consultation = make_consultation()
    proposal = submit(client, consultation, email="author@example.tn")
    coordinator = make_user("coordinator")
    with caplog.at_level(logging.INFO, logger="consult.core.mail"):
        services.decide(proposal, "retained", "Retenue.", coordinator)
        transactions.rollback()   # e.g. a later step of the same request failed
        assert not any("would send" in r.getMessage() for r in caplog.records)
        proposal = services.get_by_ref(proposal.ref)
        services.decide(proposal, "retained", "Retenue.", coordinator)
        assert not any("would send" in r.getMessage() for r in caplog.records)
        transactions.commit()
    assert sum("would send to <hidden>" in r.getMessage() for r in caplog.records) == 1
