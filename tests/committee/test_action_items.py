"""Action items: an open one past its due date is flagged; marking it done clears the flag."""
from __future__ import annotations

from datetime import timedelta

from consult.committee import services, summary
from consult.committee.models import ActionItem
from consult.core.extensions import db
from tests.committee.conftest import signin


def test_an_overdue_action_item_is_flagged_until_done(world, client, today):
    meeting = world.meetings[0]
    late = services.add_action_item(meeting, "صياغة ميثاق اللجنة", "اللجنة", today - timedelta(days=1),
                                    world.coordinator)
    services.add_action_item(meeting, "جلسة عمل مع المعهد", "رئاسة الحكومة", today + timedelta(days=10),
                             world.coordinator)
    services.add_action_item(meeting, "بلا أجل", "", None, world.coordinator)
    services.save_minutes(meeting, "محضر", "", world.coordinator)
    services.approve_minutes(meeting, world.coordinator)
    db.session.commit()
    assert [item.text for item in summary.overdue_action_items(world.consultation.id)] == ["صياغة ميثاق اللجنة"]
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert page.count("Overdue") == 1
    signin(client, world.coordinator)
    assert client.post(f"/action-items/{late.id}/status", data={"status": "done"}).status_code == 302
    db.session.expire_all()
    item = db.session.get(ActionItem, late.id)
    assert item.status == "done" and item.done_on == today and not summary.is_overdue(item)
    assert summary.overdue_action_items(world.consultation.id) == []
    assert client.post(f"/action-items/{late.id}/status", data={"status": "later"}).status_code == 400


def test_the_action_item_form(world, client, today):
    signin(client, world.coordinator)
    meeting = world.meetings[0]
    empty = client.post(f"/meetings/{meeting.id}/action-items", data={})
    assert empty.status_code == 400 and "Write what is to be done" in empty.get_data(as_text=True)
    bad_date = client.post(f"/meetings/{meeting.id}/action-items", data={"text": "x", "due_on": "31/31/2023"})
    assert bad_date.status_code == 400
    assert client.post(f"/meetings/{meeting.id}/action-items", data={
        "text": "تنظيم جلسة عمل", "owner": "رئاسة الحكومة", "due_on": today.isoformat()}).status_code == 302
    assert client.post("/meetings/999999/action-items", data={"text": "x"}).status_code == 404
    assert client.post("/action-items/999999/status", data={"status": "done"}).status_code == 404
    assert len(summary.action_items_of(world.consultation.id)) == 1
