"""Progress updates, progress computed from milestones, flags, the dashboard and who may update."""
from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest

from consult.commitments import plans, progress
from consult.commitments.errors import CommitmentError
from consult.commitments.models import Commitment
from consult.core.audit import history
from consult.core.extensions import db
from consult.core.permissions import can
from tests.commitments.conftest import draft_plan, shortlisted
from tests.factories import login, make_user


def test_an_update_sets_progress_and_completion_and_is_audited(world, today):
    commitment = draft_plan(world).commitments[0]
    update = progress.add_update(commitment, world.coordinator, reported_on=today - timedelta(days=3),
                                 progress=60, completion=None, done_text="Projets de décrets rédigés",
                                 difficulties="Pas encore examinés", evidence=["https://example.org/pv.pdf"])
    db.session.commit()
    assert (commitment.progress, commitment.completion, commitment.last_update_on) == (
        60, "substantial", today - timedelta(days=3))
    assert update.progress_given and update.evidence == ["https://example.org/pv.pdf"]
    assert [e.action for e in history("commitment", commitment.id)] == ["progress"]
    # The same update again (a double click) adds nothing.
    assert progress.add_update(commitment, world.coordinator, reported_on=today - timedelta(days=3), progress=60,
                               completion=None, done_text="Projets de décrets rédigés",
                               difficulties="Pas encore examinés", evidence=["https://example.org/pv.pdf"]) is None
    # An older update completes the history without turning the clock back.
    progress.add_update(commitment, world.coordinator, reported_on=today - timedelta(days=60), progress=10,
                        completion="limited")
    assert commitment.progress == 60 and len(commitment.updates) == 2


@pytest.mark.parametrize("values", [
    {"progress": 140}, {"progress": None, "completion": None},
    {"progress": 10, "reported_on": timedelta(days=2)}, {"completion": "halfway"},
    {"progress": 10, "evidence": ["javascript:alert(1)"]}, {"progress": 10, "milestone_ids": [999999]}])
def test_bad_updates_are_refused(world, values, today):
    commitment = draft_plan(world).commitments[0]
    values = {"reported_on": today, "progress": None, "completion": None, **values}
    if isinstance(values["reported_on"], timedelta):   # a date relative to the day the test runs
        values["reported_on"] = today + values["reported_on"]
    with pytest.raises(CommitmentError):
        progress.add_update(commitment, world.coordinator, **values)


def test_progress_is_computed_from_weighted_milestones(world, today):
    commitment = draft_plan(world).commitments[0]
    light = plans.add_milestone(commitment, {"deliverable": "Étude", "weight": 1}, world.coordinator)
    heavy = plans.add_milestone(commitment, {"deliverable": "Plateforme", "weight": 3}, world.coordinator)
    assert progress.milestone_progress(commitment) == 0
    progress.add_update(commitment, world.coordinator, reported_on=today, progress=None, completion=None,
                        milestone_ids=[heavy.id])
    assert heavy.done and heavy.done_on == today and not light.done
    assert (commitment.progress, commitment.completion) == (75, "substantial")
    assert not commitment.updates[0].progress_given
    progress.add_update(commitment, world.coordinator, reported_on=today, progress=None, completion=None,
                        milestone_ids=[light.id])
    assert (commitment.progress, commitment.completion) == (100, "complete")
    # Without weights every milestone counts alike.
    second = commitment.plan.commitments[1]
    for name in ("a", "b", "c", "d"):
        plans.add_milestone(second, {"deliverable": name}, world.coordinator)
    second.milestones[0].done = True
    assert progress.milestone_progress(second) == 25


def test_late_milestones_and_silent_commitments_are_flagged(world, today):
    plan = draft_plan(world)
    first, second, third = plan.commitments
    late = plans.add_milestone(first, {"deliverable": "Décret publié", "due_on": today - timedelta(days=1)},
                               world.coordinator)
    plans.add_milestone(first, {"deliverable": "Plus tard", "due_on": today + timedelta(days=30)}, world.coordinator)
    for commitment in plan.commitments:
        commitment.starts_on = today - timedelta(days=200)
    assert progress.late_milestones(first) == [late]
    assert not progress.is_silent(first)   # a draft is not followed up yet
    plans.publish(plan, "", world.coordinator)
    progress.add_update(second, world.coordinator, reported_on=today - timedelta(days=10), progress=30, completion=None)
    progress.add_update(third, world.coordinator, reported_on=today - timedelta(days=91), progress=30, completion=None)
    assert [progress.is_silent(c) for c in plan.commitments] == [True, False, True]
    board = progress.dashboard(plan)
    assert board.late == [(first, late)] and board.silent == [first, third]
    # The first one is not measured (no update yet): the mean is over the two measured ones, and says so.
    assert board.progress.public() == {"progress": 30, "measured": 2, "commitments": 3}
    assert board.counts["limited"] == 2 and board.counts["not_started"] == 1
    assert board.axes[0].total == 3 and board.latest[0].commitment == second


def test_dashboard_and_page_render_in_every_language(app, client, today):
    with app.app_context():
        world = shortlisted()
        plan = draft_plan(world)
        first = plan.commitments[0]
        plans.add_milestone(first, {"deliverable": "Décret publié", "due_on": today - timedelta(days=1)}, None)
        progress.add_update(first, None, reported_on=today, progress=40, completion="limited",
                            done_text="Atelier tenu")
        plans.publish(plan, "Plan final", None)
        db.session.commit()
        consultation_id, commitment_id = world.consultation.id, first.id
    for lang in ("ar", "fr", "en"):
        board = client.get(f"/consultations/{consultation_id}/plan?lang={lang}")
        assert board.status_code == 200
        html = board.get_data(as_text=True)
        assert "Atelier tenu" in html and "Décret publié" in html and "stacked-svg" in html
        assert "author1@example.org" not in html
        page = client.get(f"/commitments/{commitment_id}?lang={lang}").get_data(as_text=True)
        assert "Proposition 1a" in page and "author1@example.org" not in page and "40%" in page
    rtl = client.get(f"/consultations/{consultation_id}/plan?lang=ar").get_data(as_text=True)
    assert 'class="progress-fill" x="60"' in rtl     # the bar starts on the right in Arabic
    ltr = client.get(f"/consultations/{consultation_id}/plan?lang=fr").get_data(as_text=True)
    assert 'class="progress-fill" x="0"' in ltr


def test_who_may_update_what(ctx):
    world = shortlisted()
    plan = draft_plan(world)
    first, second = plan.commitments[:2]
    contact = make_user("member")
    facilitator = make_user("facilitator")
    citizen = make_user("citizen")
    first.contact_id = contact.id
    db.session.commit()
    anonymous = SimpleNamespace(is_authenticated=False)
    assert can(world.coordinator, "commitments.update", first) and can(world.coordinator, "commitments.manage", plan)
    assert can(contact, "commitments.update", first) and not can(contact, "commitments.update", second)
    assert not can(contact, "commitments.manage", first)
    for user in (facilitator, citizen, anonymous):
        assert not can(user, "commitments.update", first) and not can(user, "commitments.manage", first)
    # Reading: the draft during the draft phase; comments only then.
    assert can(anonymous, "commitments.read", first) and can(anonymous, "commitments.comment", first)
    plans.publish(plan, "", world.coordinator)
    assert can(anonymous, "commitments.read", first) and not can(anonymous, "commitments.comment", first)


def test_the_contact_records_progress_through_the_web_others_may_not(app, client, today):
    with app.app_context():
        world = shortlisted()
        plan = draft_plan(world)
        contact, other = make_user("member"), make_user("member")
        plan.commitments[0].contact_id = contact.id
        db.session.commit()
        commitment_id, emails = plan.commitments[0].id, (contact.email, other.email)
    url = f"/commitments/{commitment_id}/progress"
    login(client, SimpleNamespace(email=emails[1]))
    assert client.get(url).status_code == 403
    assert client.post(url, data={"reported_on": today.isoformat(), "progress": "50"}).status_code == 403
    client.post("/accounts/logout")
    login(client, SimpleNamespace(email=emails[0]))
    assert client.get(url).status_code == 200
    assert client.post(url, data={"reported_on": today.isoformat(), "progress": "500"}).status_code == 400
    response = client.post(url, data={"reported_on": today.isoformat(), "progress": "50", "completion": "",
                                      "done_text": "Réunion tenue", "evidence": "https://example.org/a\n"})
    assert response.status_code == 302
    with app.app_context():
        commitment = db.session.get(Commitment, commitment_id)
        assert (commitment.progress, commitment.completion) == (50, "substantial")
        assert commitment.updates[0].evidence == ["https://example.org/a"]
    assert client.get(f"/commitments/{commitment_id}/edit").status_code == 403
