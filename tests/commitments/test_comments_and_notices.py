"""Comments on the draft with reasoned responses; authors told at publication and on completion changes."""
from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from consult.commitments import plans, progress
from consult.commitments.models import Comment
from consult.core import transactions
from consult.core.extensions import db, limiter
from consult.core import mail
from tests.commitments.conftest import draft_plan, shortlisted
from tests.factories import login


@pytest.fixture
def sent(monkeypatch):
    messages = []
    monkeypatch.setattr(mail, "send", lambda address, subject, text: messages.append((address, subject, text)))
    return messages


def test_anyone_comments_during_the_draft_phase_and_the_coordinator_answers(app, client):
    with app.app_context():
        world = shortlisted()
        plan = draft_plan(world)
        commitment_id, coordinator = plan.commitments[0].id, SimpleNamespace(email=world.coordinator.email)
    url = f"/commitments/{commitment_id}/comments"
    form = client.get(f"/commitments/{commitment_id}").get_data(as_text=True)
    assert 'name="website"' in form and 'name="submission_token"' in form
    assert client.post(url, data={"body": "Ajouter un calendrier par trimestre.", "website": "",
                                  "submission_token": "tok-1"}).status_code == 302
    # A double click sends the same token: one comment.
    client.post(url, data={"body": "Ajouter un calendrier par trimestre.", "submission_token": "tok-1"})
    assert client.post(url, data={"body": "spam", "website": "http://spam"}).status_code == 400
    assert client.post(url, data={"body": "  "}).status_code == 400
    with app.app_context():
        comment = db.session.scalars(db.select(Comment)).one()
        comment_id = comment.id
    assert client.post(f"/comments/{comment_id}/respond", data={f"comment-{comment_id}-response": "Non"}).status_code == 302
    login(client, coordinator)
    assert client.post(f"/comments/{comment_id}/respond", data={f"comment-{comment_id}-response": ""}).status_code == 400
    assert client.post(f"/comments/{comment_id}/respond",
                       data={f"comment-{comment_id}-response": "Retenu : le calendrier sera trimestriel."}).status_code == 302
    html = client.get(f"/commitments/{commitment_id}").get_data(as_text=True)
    assert "Retenu : le calendrier sera trimestriel." in html
    with app.app_context():
        plans.publish(plans.plan_of(db.session.get(Comment, comment_id).commitment.plan.consultation), "", None)
        db.session.commit()
    client.post("/accounts/logout")
    assert client.post(url, data={"body": "Trop tard ?", "submission_token": "tok-2"}).status_code == 302
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Comment.id))) == 1


def test_comments_are_rate_limited(app, client):
    with app.app_context():
        world = shortlisted()
        commitment_id = draft_plan(world).commitments[0].id
    app.config["SUBMISSION_RATE_LIMIT"], limiter.enabled = "2 per minute", True
    try:
        statuses = [client.post(f"/commitments/{commitment_id}/comments",
                                data={"body": f"Commentaire {n}", "submission_token": f"t{n}"}).status_code
                    for n in range(3)]
    finally:
        limiter.enabled, app.config["SUBMISSION_RATE_LIMIT"] = False, "10 per minute;100 per day"
    assert statuses == [302, 302, 429]


def test_authors_are_told_at_publication_and_when_completion_changes(ctx, sent):
    world = shortlisted()
    plan = draft_plan(world, {world.themes[0].id: 1, world.themes[1].id: 1, world.themes[2].id: 2})
    plans.publish(plan, "", world.coordinator)
    assert sent == []                      # nothing before the commit
    transactions.commit()
    assert sorted(address for address, _s, _t in sent) == ["author1@example.org", "author2@example.org",
                                                           "author3@example.org"]
    assert "Proposition" not in sent[0][2] and "P-" in sent[0][2]
    sent.clear()
    plans.publish(plan, "correction", world.coordinator)   # nothing new in this version
    transactions.commit()
    assert sent == []
    first = plan.commitments[0]
    progress.add_update(first, None, reported_on=date.today(), progress=20, completion=None)
    transactions.commit()
    assert sorted(address for address, _s, _t in sent) == ["author1@example.org", "author2@example.org"]
    sent.clear()
    progress.add_update(first, None, reported_on=date.today(), progress=30, completion=None)   # still limited
    transactions.commit()
    assert sent == []
    progress.add_update(first, None, reported_on=date.today(), progress=40, completion=None, done_text="x")
    transactions.rollback()                # not saved: nobody is told
    assert sent == []


def test_the_proposal_page_shows_the_commitment_it_became(app, client):
    with app.app_context():
        world = shortlisted(phase="scoring")
        draft_plan(world)
        ref = world.themes[0].proposals[0].ref
        consultation_id = world.consultation.id
    assert "proposal-commitment" not in client.get(f"/p/{ref}").get_data(as_text=True)   # draft not public yet
    with app.app_context():
        from consult.commitments.models import ActionPlan
        plans.publish(db.session.scalars(db.select(ActionPlan)).one(), "", None)
        db.session.commit()
    html = client.get(f"/p/{ref}?lang=fr").get_data(as_text=True)
    assert 'id="proposal-commitment"' in html and "Thème 1" in html
    assert f"/consultations/{consultation_id}/plan" in client.get(f"/consultations/{consultation_id}").get_data(as_text=True)
