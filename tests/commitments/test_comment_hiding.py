"""A coordinator hides an abusive comment on the draft plan with a public reason: the text is
kept (and can be shown again), the reason stands in its place, the decision is audited."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from consult.commitments import comments
from consult.commitments.models import Comment
from consult.core.extensions import db
from consult.core.models import AuditEntry
from consult.reports.figures import cocreation
from tests.commitments.conftest import draft_plan, shortlisted
from tests.factories import login, make_user

ABUSE = "Le ministre est un voleur, appelez-le au 98 123 456."
REASON = "Insulte et numéro de téléphone personnel."


@pytest.fixture
def commented(app, client):
    """A draft commitment with two public comments (one abusive), and its coordinator."""
    with app.app_context():
        world = shortlisted()
        commitment_id = draft_plan(world).commitments[0].id
        coordinator = SimpleNamespace(email=world.coordinator.email)
    for number, body in enumerate([ABUSE, "Ajouter un calendrier par trimestre."]):
        assert client.post(f"/commitments/{commitment_id}/comments",
                           data={"body": body, "submission_token": f"tok-{number}"}).status_code == 302
    with app.app_context():
        abusive = db.session.scalar(db.select(Comment.id).filter_by(body=ABUSE))
    return SimpleNamespace(commitment_id=commitment_id, comment_id=abusive, coordinator=coordinator)


def hide(client, comment_id, reason):
    return client.post(f"/comments/{comment_id}/hide", data={f"comment-{comment_id}-reason": reason})


def test_the_coordinator_hides_a_comment_with_a_public_reason_and_its_text_is_kept(app, client, commented):
    login(client, commented.coordinator)
    page = client.get(f"/commitments/{commented.commitment_id}?lang=en").get_data(as_text=True)
    assert f'id="comment-{commented.comment_id}-reason"' in page     # each comment's form has its own ids
    assert hide(client, commented.comment_id, REASON).status_code == 302
    staff_page = client.get(f"/commitments/{commented.commitment_id}?lang=en").get_data(as_text=True)
    assert ABUSE in staff_page and "Show it again" in staff_page      # the coordinator can still read it

    client.post("/accounts/logout")
    public = client.get(f"/commitments/{commented.commitment_id}?lang=en").get_data(as_text=True)
    assert ABUSE not in public and "98 123 456" not in public
    assert REASON in public and "This comment was hidden by the coordinators" in public
    assert "Ajouter un calendrier par trimestre." in public          # the other comment is untouched
    arabic = client.get(f"/commitments/{commented.commitment_id}?lang=ar").get_data(as_text=True)
    assert "أخفى المنسقون هذا التعليق" in arabic and ABUSE not in arabic

    with app.app_context():
        comment = db.session.get(Comment, commented.comment_id)
        assert (comment.body, comment.status, comment.hidden_reason) == (ABUSE, "hidden", REASON)
        entry = db.session.scalars(db.select(AuditEntry).filter_by(
            entity="commitment_comment", entity_id=comment.id, action="hide")).one()
        assert entry.actor_id is not None and entry.details["reason"] == REASON
        # Hidden comments are not counted as comments waiting for an answer, nor in the report.
        figures = cocreation(comment.commitment.consultation)
        assert figures.comments == 1
        assert comments.unanswered(comment.commitment.plan) == 1


def test_showing_it_again_restores_the_comment_as_written(app, client, commented):
    login(client, commented.coordinator)
    hide(client, commented.comment_id, REASON)
    assert client.post(f"/comments/{commented.comment_id}/show").status_code == 302
    client.post("/accounts/logout")
    public = client.get(f"/commitments/{commented.commitment_id}?lang=en").get_data(as_text=True)
    assert ABUSE in public and REASON not in public
    with app.app_context():
        actions = db.session.scalars(db.select(AuditEntry.action).filter_by(
            entity="commitment_comment", entity_id=commented.comment_id).order_by(AuditEntry.id)).all()
        assert actions == ["create", "hide", "show"]


def test_a_hiding_without_a_reason_is_refused_with_a_message_and_changes_nothing(app, client, commented):
    login(client, commented.coordinator)
    client.get("/?lang=en")
    response = hide(client, commented.comment_id, "   ")
    assert response.status_code == 400
    assert "Say why the comment is hidden" in response.get_data(as_text=True)
    assert hide(client, commented.comment_id, "x" * 5001).status_code == 400
    assert hide(client, commented.comment_id, REASON).status_code == 302
    twice = hide(client, commented.comment_id, "Autre raison")          # a double click, or two tabs
    assert twice.status_code == 409 and "already hidden" in twice.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Comment, commented.comment_id).hidden_reason == REASON


@pytest.mark.parametrize("who", ["anonymous", "citizen", "facilitator"])
def test_only_the_coordinator_hides_or_shows_a_comment(app, client, commented, who):
    if who != "anonymous":
        with app.app_context():
            email = make_user(who).email
        login(client, SimpleNamespace(email=email))
    refused = 302 if who == "anonymous" else 403   # a visitor is sent to sign in
    assert hide(client, commented.comment_id, REASON).status_code == refused
    assert client.post(f"/comments/{commented.comment_id}/show").status_code == refused
    with app.app_context():
        assert db.session.get(Comment, commented.comment_id).status == "published"
    assert ABUSE in client.get(f"/commitments/{commented.commitment_id}?lang=en").get_data(as_text=True)
