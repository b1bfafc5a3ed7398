"""Approved minutes are never rewritten: the coordinator publishes a correction beside them, dated,
with its reason, on the meeting's page and in the open-data API."""
from __future__ import annotations

from consult.committee import services
from consult.committee.models import Meeting, MinutesCorrection
from consult.core.extensions import db
from consult.core.models import AuditEntry
from tests.committee.conftest import english_client, signin

MINUTES = "حضر ممثل وزارة المالية. تقرر نشر الميزانية."
CORRECTION = "حضر ممثل وزارة الداخلية، لا وزارة المالية."
REASON = "Erreur sur le ministère présent, signalée à la réunion suivante."


def _published(world) -> Meeting:
    meeting = world.meetings[0]
    services.save_minutes(meeting, MINUTES, "", world.coordinator)
    services.approve_minutes(meeting, world.coordinator)
    db.session.commit()
    return meeting


def _correct(client, meeting, text=CORRECTION, reason=REASON):
    return client.post(f"/meetings/{meeting.id}/corrections", data={"text": text, "reason": reason})


def test_a_correction_is_published_beside_the_approved_minutes(world, app):
    meeting = _published(world)
    coordinator = english_client(app)
    signin(coordinator, world.coordinator)
    assert _correct(coordinator, meeting).status_code == 302

    visitor = english_client(app)
    page = visitor.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert MINUTES in page                                       # the approved text is unchanged
    assert CORRECTION in page and REASON in page
    assert page.index(MINUTES) < page.index(CORRECTION)         # beside (after) the minutes
    assert "Publish a correction" not in page                   # the form is the coordinator's
    record = visitor.get(f"/api/v1/meetings?consultation={world.consultation.id}").get_json()["meetings"][0]
    assert record["minutes"] == MINUTES
    assert [(c["text"], c["reason"]) for c in record["corrections"]] == [(CORRECTION, REASON)]
    assert record["corrections"][0]["date"]

    db.session.expire_all()
    assert db.session.get(Meeting, meeting.id).minutes == MINUTES
    entry = db.session.scalars(db.select(AuditEntry).filter_by(entity="meeting", entity_id=meeting.id,
                                                               action="correct_minutes")).one()
    assert entry.details["reason"] == REASON and entry.actor_id == world.coordinator.id


def test_a_correction_needs_its_text_and_its_reason(world, app):
    meeting = _published(world)
    client = english_client(app)
    signin(client, world.coordinator)
    for text, reason in (("", REASON), (CORRECTION, "  "), ("x" * 1001, REASON)):
        refused = _correct(client, meeting, text, reason)
        assert refused.status_code == 400
        assert "Write the correction and its reason" in refused.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(MinutesCorrection.id))) == 0


def test_a_double_click_publishes_the_correction_once(world, app):
    meeting = _published(world)
    client = english_client(app)
    signin(client, world.coordinator)
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert 'name="submission_token"' in page
    data = {"text": CORRECTION, "reason": REASON, "submission_token": "form-1"}
    assert [client.post(f"/meetings/{meeting.id}/corrections", data=data).status_code for _ in range(2)] == [302, 302]
    assert db.session.scalar(db.select(db.func.count(MinutesCorrection.id))) == 1


def test_draft_minutes_are_changed_directly_not_corrected(world, app):
    meeting = world.meetings[0]
    services.save_minutes(meeting, MINUTES, "", world.coordinator)
    db.session.commit()
    client = english_client(app)
    signin(client, world.coordinator)
    refused = _correct(client, meeting)
    assert refused.status_code == 409 and "change them directly" in refused.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(MinutesCorrection.id))) == 0


def test_only_the_coordinator_publishes_a_correction(world, app):
    meeting = _published(world)
    member = english_client(app)
    signin(member, world.linked)          # a committee member reads the minutes, does not correct them
    assert _correct(member, meeting).status_code == 403
    anonymous = english_client(app)
    assert _correct(anonymous, meeting).status_code == 302
    assert db.session.scalar(db.select(db.func.count(MinutesCorrection.id))) == 0
    assert CORRECTION not in anonymous.get(f"/meetings/{meeting.id}").get_data(as_text=True)


def test_a_correction_counts_as_an_update_of_the_repository(world):
    """OGP's standard asks the repository to be updated twice a year: a correction is an update."""
    from datetime import date, datetime

    from consult.reports.updates import update_days
    meeting = _published(world)
    correction = services.correct_minutes(meeting, CORRECTION, REASON, world.coordinator)
    correction.created_at = datetime(2024, 5, 6, 10, 0)
    db.session.commit()
    assert date(2024, 5, 6) in update_days(world.consultation)
