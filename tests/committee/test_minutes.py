"""Minutes: a draft is read by the committee's members and the coordinators only, on the page and
in the API; the coordinator's approval publishes them, and then they are fixed."""
from __future__ import annotations

import pytest

from consult.committee import services
from consult.committee.services import CommitteeError
from consult.core.extensions import db
from consult.core.permissions import can
from tests.committee.conftest import english_client, signin
from tests.factories import make_user

DRAFT = "محضر الجلسة: تمّ الاتفاق على صياغة ميثاق"
DECISION = "صياغة ميثاق أو نظام داخلي لعمل اللجنة"


def _draft(world):
    meeting = world.meetings[0]
    services.save_minutes(meeting, DRAFT, DECISION + "\n- تنظيم جلسة عمل", world.coordinator)
    services.add_action_item(meeting, "كتابة الميثاق", "اللجنة", None, world.coordinator)
    db.session.commit()
    return meeting


def test_draft_minutes_are_hidden_from_the_public_and_the_api(world, client):
    meeting = _draft(world)
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert DRAFT not in page and DECISION not in page and "كتابة الميثاق" not in page
    assert "The minutes are not published yet." in page
    committee_page = client.get(f"/consultations/{world.consultation.id}/committee").get_data(as_text=True)
    assert "كتابة الميثاق" not in committee_page
    api = client.get(f"/api/v1/meetings?consultation={world.consultation.id}").get_json()
    first = api["meetings"][0]
    assert first["minutes"] is None and first["decisions"] == [] and first["action_items"] == []
    assert not first["minutes_published"] and DRAFT not in str(api)


def test_a_linked_member_and_the_coordinator_read_the_draft_another_member_does_not(world, app):
    meeting = _draft(world)
    for user, sees in ((world.linked, True), (world.coordinator, True), (world.outsider, False),
                       (make_user("facilitator"), False)):
        client = english_client(app)
        signin(client, user)
        page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
        assert (DRAFT in page) is sees, user.name
        assert ("Draft minutes" in page) is sees
        assert can(user, "committee.read_minutes", meeting) is sees


def test_approval_publishes_the_minutes_and_fixes_them(world, client):
    meeting = _draft(world)
    signin(client, world.linked)   # a member may read, not approve
    assert client.post(f"/meetings/{meeting.id}/approve").status_code == 403
    client.get("/accounts/logout")
    signin(client, world.coordinator)
    assert client.post(f"/meetings/{meeting.id}/approve").status_code == 302
    anonymous = english_client(client.application)
    page = anonymous.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert DRAFT in page and DECISION in page and "كتابة الميثاق" in page
    first = anonymous.get(f"/api/v1/meetings?consultation={world.consultation.id}").get_json()["meetings"][0]
    assert first["minutes"] == DRAFT and first["decisions"] == [DECISION, "تنظيم جلسة عمل"]
    assert first["minutes_published_at"] and first["action_items"][0]["text"] == "كتابة الميثاق"
    again = client.post(f"/meetings/{meeting.id}/minutes", data={"minutes": "autre", "decisions": ""})
    assert again.status_code == 409 and "can no longer be changed" in again.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(type(meeting), meeting.id).minutes == DRAFT


def test_minutes_cannot_be_approved_empty_or_before_the_meeting(world):
    with pytest.raises(CommitteeError):
        services.approve_minutes(world.meetings[0], world.coordinator)
    with pytest.raises(CommitteeError):
        services.save_minutes(world.meetings[0], "  ", "", world.coordinator)
    services.save_minutes(world.meetings[2], "ordre du jour", "", world.coordinator)
    with pytest.raises(CommitteeError):
        services.approve_minutes(world.meetings[2], world.coordinator)


def test_the_charter_is_published_on_demand(world, client):
    from consult.committee import summary
    url = f"/consultations/{world.consultation.id}/committee"
    assert "الميثاق" not in client.get(url).get_data(as_text=True).split("charter-heading")[1][:600]
    assert not summary.charter_published(world.committee)
    signin(client, world.coordinator)
    refused = client.post(f"{url}/edit", data={"name_ar": "اللجنة", "publish_charter": "y"})
    assert refused.status_code == 400 and "Write the charter before publishing it." in refused.get_data(as_text=True)
    assert client.post(f"{url}/edit", data={"name_ar": "اللجنة", "charter_ar": "يجتمع مرة في الشهر",
                                            "publish_charter": "y"}).status_code == 302
    db.session.expire_all()
    assert summary.charter_published(world.committee) and summary.charter_published_at(world.committee)
    public = english_client(client.application).get(url).get_data(as_text=True)
    assert "يجتمع مرة في الشهر" in public
