"""The progress recorded in a meeting becomes the commitments' progress updates in one step, and
the commitment's follow-up shows it with a link to the meeting."""
from __future__ import annotations

from consult.commitments.models import Commitment, ProgressUpdate
from consult.committee import summary
from consult.committee.models import DiscussedCommitment
from consult.core.extensions import db
from tests.committee.conftest import english_client, signin


def _count(model) -> int:
    return db.session.scalar(db.select(db.func.count(model.id)))


def test_recorded_once_shown_on_the_follow_up_with_a_link_to_the_meeting(world, client):
    meeting = world.meetings[1]
    first, second, third = world.plan.commitments
    signin(client, world.coordinator)
    assert client.get(f"/meetings/{meeting.id}/progress").status_code == 200
    answer = client.post(f"/meetings/{meeting.id}/progress", data={
        f"c{first.id}-progress": "60", f"c{first.id}-done_text": "تمت صياغة مشاريع الأوامر",
        f"c{first.id}-difficulties": "لم يتم النظر فيها بعد",
        f"c{second.id}-discussed": "1",
        f"c{third.id}-progress": ""})
    assert answer.status_code == 302
    db.session.expire_all()
    commitment = db.session.get(Commitment, first.id)
    assert (commitment.progress, commitment.completion, commitment.last_update_on) == (60, "substantial",
                                                                                          meeting.held_on)
    update = commitment.updates[0]
    assert update.source == "meeting" and update.done_text == "تمت صياغة مشاريع الأوامر"
    rows = {row.commitment_id: row for row in summary.discussed_in(db.session.get(type(meeting), meeting.id))}
    assert rows[first.id].progress_update_id == update.id and rows[second.id].progress_update_id is None
    assert third.id not in rows
    follow_up = english_client(client.application).get(f"/commitments/{first.id}").get_data(as_text=True)
    assert f'href="/meetings/{meeting.id}"' in follow_up and "تمت صياغة مشاريع الأوامر" in follow_up
    meeting_page = english_client(client.application).get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert f"/commitments/{first.id}#update-{update.id}" in meeting_page
    # Recording it again at the same meeting is refused (a correction goes on the commitment's page).
    again = client.post(f"/meetings/{meeting.id}/progress", data={f"c{first.id}-progress": "70"})
    assert again.status_code == 400 and "already recorded" in again.get_data(as_text=True)
    assert _count(ProgressUpdate) == 1


def test_one_wrong_row_records_nothing(world, client):
    meeting = world.meetings[1]
    first, second, _ = world.plan.commitments
    signin(client, world.coordinator)
    answer = client.post(f"/meetings/{meeting.id}/progress", data={
        f"c{first.id}-progress": "40", f"c{second.id}-progress": "140"})
    assert answer.status_code == 400
    assert f"Commitment {second.number}: the progress is a percentage from 0 to 100." in answer.get_data(as_text=True)
    assert 'value="40"' in answer.get_data(as_text=True)   # what was typed is kept
    empty = client.post(f"/meetings/{meeting.id}/progress", data={})
    assert empty.status_code == 400 and "Nothing to record" in empty.get_data(as_text=True)
    planned = client.post(f"/meetings/{world.meetings[2].id}/progress", data={f"c{first.id}-progress": "40"})
    assert planned.status_code == 400 and "has not taken place yet" in planned.get_data(as_text=True)
    assert _count(ProgressUpdate) == 0 and _count(DiscussedCommitment) == 0


def test_without_an_action_plan_there_is_nothing_to_record(ctx, client):
    from tests.committee.conftest import committee_world, signin
    world = committee_world(with_plan=False)
    signin(client, world.coordinator)
    page = client.get(f"/meetings/{world.meetings[0].id}/progress")
    assert page.status_code == 200 and "no action plan yet" in page.get_data(as_text=True)


def test_a_plan_that_is_not_public_is_not_shown_through_the_meetings(ctx, client):
    from consult.committee import record
    from tests.committee.conftest import committee_world
    world = committee_world(publish=False)
    meeting, commitment = world.meetings[1], world.plan.commitments[0]
    record.record_meeting(meeting, [record.Entry(commitment.id, progress=30)], world.coordinator)
    db.session.commit()
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert f"/commitments/{commitment.id}" not in page and commitment.title["fr"] not in page
    api = client.get(f"/api/v1/meetings?consultation={world.consultation.id}").get_json()
    assert api["meetings"][1]["commitments"] == []
    signin(client, world.coordinator)
    assert f"/commitments/{commitment.id}" in client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
