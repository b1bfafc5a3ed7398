"""The draft plan from the confirmed shortlist, cards, milestones, publication and versions."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from consult.commitments import plans
from consult.commitments.errors import CommitmentError
from consult.commitments.models import Commitment
from consult.core.extensions import db
from consult.core.models import AuditEntry
from tests.commitments.conftest import draft_plan, shortlisted
from tests.factories import login, make_user


def test_draft_has_one_commitment_per_retained_theme_and_merges_same_numbers(world):
    plan = plans.create_draft(world.consultation, {world.themes[0].id: 1, world.themes[1].id: 1,
                                                    world.themes[2].id: 2}, world.coordinator)
    db.session.commit()
    assert plan.status == "draft" and len(plan.commitments) == 2
    merged, single = plan.commitments
    assert [t.id for t in merged.themes] == [world.themes[0].id, world.themes[1].id]
    assert merged.title["fr"] == "Thème 1 / Thème 2"
    assert [p.title for p in plans.source_proposals(merged)] == [
        "Proposition 1a", "Proposition 1b", "Proposition 2a", "Proposition 2b"]
    assert single.number == 2 and single.axis_id == world.consultation.axes[0].id
    with pytest.raises(CommitmentError):
        plans.create_draft(world.consultation, {world.themes[0].id: 1}, world.coordinator)


def test_draft_needs_a_confirmed_shortlist(ctx):
    from tests.factories import make_consultation
    consultation = make_consultation("draft")
    with pytest.raises(CommitmentError):
        plans.create_draft(consultation, {}, None)


def test_a_theme_feeds_one_commitment_and_one_can_come_from_elsewhere(world):
    plan = draft_plan(world, {world.themes[0].id: 1, world.themes[1].id: 2})
    assert [t.id for t in plans.available_themes(plan)] == [world.themes[2].id]
    other = plans.add_commitment(plan, {"title": {"ar": "تعهد من مراسلة وزارة", "fr": ""}, "origin": "other",
                                        "origin_note": "Lettre du ministère des finances",
                                        "lead_body": "Ministère des finances"}, world.coordinator)
    assert other.number == 3 and other.themes == []
    with pytest.raises(CommitmentError):   # already feeds commitment 1
        plans.update_card(other, {"title": other.title}, world.coordinator, theme_ids=[world.themes[0].id])
    plans.update_card(other, {"title": other.title}, world.coordinator, theme_ids=[world.themes[2].id])
    assert other.themes == [world.themes[2]]


def test_publication_keeps_versions_and_the_page_shows_what_changed(world, app, client):
    plan = draft_plan(world)
    first = plan.commitments[0]
    plans.add_milestone(first, {"deliverable": "Projet de décret rédigé", "responsible_body": "INAI"},
                        world.coordinator)
    v1 = plans.publish(plan, "Plan final adopté par le comité", world.coordinator)
    db.session.commit()
    assert plan.status == "final" and v1.number == 1
    assert {item["id"] for item in v1.snapshot["commitments"]} == {c.id for c in plan.commitments}
    assert plans.unpublished_changes(first) == []
    plans.update_card(first, {"title": {"ar": "عنوان جديد", "fr": "Nouveau titre", "en": ""},
                              "lead_body": "Instance d'accès à l'information"}, world.coordinator)
    assert set(plans.unpublished_changes(first)) == {"title", "lead_body"}
    v2 = plans.publish(plan, "Correction", world.coordinator)
    db.session.commit()
    assert v2.number == 2 and v2.note == "Correction"
    rows = plans.history(first)
    assert [r["version"].number for r in rows] == [1, 2] and rows[0]["first"]
    assert rows[1]["changes"]["lead_body"] == ("Présidence du gouvernement", "Instance d'accès à l'information")
    assert "title" in rows[1]["changes"] and "milestones" not in rows[1]["changes"]
    assert v1.snapshot["commitments"][0]["lead_body"] == "Présidence du gouvernement"   # kept as it was
    html = client.get(f"/commitments/{first.id}?lang=fr").get_data(as_text=True)
    assert "Version 2" in html and "Instance d&#39;accès à l&#39;information" in html
    assert db.session.scalar(db.select(db.func.count(AuditEntry.id)).filter_by(
        entity="action_plan", action="publish")) == 2


def test_publication_needs_a_lead_body(world):
    plan = plans.create_draft(world.consultation, {world.themes[0].id: 1}, world.coordinator)
    with pytest.raises(CommitmentError):
        plans.publish(plan, "", world.coordinator)


def test_coordinator_drafts_edits_and_publishes_through_the_web(app, client):
    with app.app_context():
        world = shortlisted()
        consultation_id, coordinator = world.consultation.id, SimpleNamespace(email=world.coordinator.email)
        theme_ids = [t.id for t in world.themes]
    login(client, coordinator)
    assert client.get(f"/consultations/{consultation_id}/plan").status_code == 302   # to the draft form
    page = client.get(f"/consultations/{consultation_id}/plan/new")
    assert page.status_code == 200 and "Thème 1" in page.get_data(as_text=True)
    response = client.post(f"/consultations/{consultation_id}/plan/new",
                           data={f"number-{theme_ids[0]}": "1", f"number-{theme_ids[1]}": "1",
                                 f"number-{theme_ids[2]}": ""})
    assert response.status_code == 302
    with app.app_context():
        commitment = db.session.scalars(db.select(Commitment)).one()
        commitment_id = commitment.id
    form = {"number": "1", "title_ar": "تعهد", "title_fr": "=HYPERLINK(\"x\")", "title_en": "", "axis_id": "0",
            "contact_id": "0", "lead_body": "Présidence", "origin": "shortlist", "starts_on": "2024-01-01",
            "ends_on": "2025-06-30", "relevance_transparency": "very", "themes": [str(theme_ids[0])]}
    assert client.post(f"/commitments/{commitment_id}/edit", data=form).status_code == 302
    assert client.post(f"/commitments/{commitment_id}/milestones/new",
                       data={"deliverable": "Portail en ligne", "due_on": "2024-06-30", "weight": "2"}).status_code == 302
    assert client.post(f"/consultations/{consultation_id}/plan/publish", data={"note": "v1"}).status_code == 302
    with app.app_context():
        commitment = db.session.get(Commitment, commitment_id)
        assert commitment.plan.status == "final" and [t.id for t in commitment.themes] == [theme_ids[0]]
        assert commitment.relevance == {"transparency": "very"} and commitment.milestones[0].weight == 2
    bad = dict(form, ends_on="2023-01-01")
    assert client.post(f"/commitments/{commitment_id}/edit", data=bad).status_code == 400
    assert "Portail en ligne" in client.get(f"/commitments/{commitment_id}").get_data(as_text=True)
    assert client.get(f"/consultations/{consultation_id}/plan").status_code == 200


def test_drafts_are_public_only_during_the_draft_phase_or_once_published(app, client):
    with app.app_context():
        world = shortlisted(phase="scoring")
        plan = draft_plan(world)
        consultation_id, commitment_id = world.consultation.id, plan.commitments[0].id
        citizen = SimpleNamespace(email=make_user("citizen").email)
    for url in (f"/consultations/{consultation_id}/plan", f"/commitments/{commitment_id}"):
        assert "/accounts/login" in client.get(url).headers["Location"]
    assert client.get(f"/api/v1/commitments?consultation={consultation_id}").status_code == 404
    login(client, citizen)
    assert client.get(f"/commitments/{commitment_id}").status_code == 403
    with app.app_context():
        from consult.commitments.models import ActionPlan
        plans.publish(db.session.scalars(db.select(ActionPlan)).one(), "", None)
        db.session.commit()
    assert client.get(f"/commitments/{commitment_id}").status_code == 200
    assert client.get(f"/consultations/{consultation_id}/plan").status_code == 200


def test_the_contacts_offered_on_a_card_are_those_the_rules_name(app, client):
    """Issue 19: who may be named a commitment's contact is "commitments.be_contact" in rules.py."""
    from consult.core.permissions import can
    with app.app_context():
        world = shortlisted()
        commitment_id = draft_plan(world).commitments[0].id
        people = {role: make_user(role, name=f"Personne {role}") for role in ("citizen", "member", "facilitator")}
        assert [role for role, user in people.items() if can(user, "commitments.be_contact")] == [
            "member", "facilitator"]
        coordinator = SimpleNamespace(email=world.coordinator.email)
    login(client, coordinator)
    html = client.get(f"/commitments/{commitment_id}/edit").get_data(as_text=True)
    assert "Personne member" in html and "Personne facilitator" in html and "Personne citizen" not in html
