"""Attendance per meeting, rates per member and per side over the cycle, the member who keeps missing."""
from __future__ import annotations

from datetime import timedelta

import pytest

from consult.committee import services, summary
from consult.committee.services import CommitteeError
from consult.core.extensions import db
from tests.committee.conftest import signin


def _record(world, meeting, statuses):
    services.record_attendance(meeting, {world.members[i].id: s for i, s in statuses.items()}, world.coordinator)
    db.session.commit()


def test_attendance_counts_by_side_and_rates_over_the_cycle(world):
    first, second, _planned = world.meetings
    # Meeting 1: both government present, one civil society online, the other excused; "other" not given.
    _record(world, first, {0: "present", 1: "present", 2: "online", 3: "excused"})
    # Meeting 2: one government present, civil society absent and online; "other" absent.
    _record(world, second, {0: "present", 1: "absent", 2: "absent", 3: "online", 4: "absent"})
    assert summary.attendance_by_side(first) == {"government": 2, "civil_society": 1, "other": 0}
    assert summary.attendance_counts(first)["other"]["absent"] == 1   # in term, no status: absent
    assert summary.attendance_by_side(second) == {"government": 1, "civil_society": 1, "other": 0}
    rates = summary.attendance_rates(world.consultation.id)
    assert rates.meetings == 2   # the planned meeting has no attendance: it does not count
    by_name = {row.member.name: row for row in rates.members}
    assert (by_name["خالد السلامي"].rate, by_name["ريم القرناوي"].rate) == (100, 50)
    assert (by_name["منى المكي"].excused, by_name["منى المكي"].online, by_name["منى المكي"].rate) == (1, 1, 50)
    assert by_name["خولة بن منصور"].rate == 0 and by_name["خولة بن منصور"].often_absent
    assert not by_name["ريم القرناوي"].often_absent   # one absence is not "keeps missing"
    assert (rates.sides["government"].attended, rates.sides["government"].expected, rates.sides["government"].rate) \
        == (3, 4, 75)
    assert rates.sides["civil_society"].rate == 50 and rates.sides["other"].rate == 0
    assert [row.member.name for row in rates.often_absent] == ["خولة بن منصور"]


def test_the_committee_page_shows_the_rates_and_the_often_absent_member(world, client):
    _record(world, world.meetings[0], {0: "present", 2: "online"})
    _record(world, world.meetings[1], {0: "present", 3: "present"})
    page = client.get(f"/consultations/{world.consultation.id}/committee").get_data(as_text=True)
    assert "Often absent" in page and "2+2+1" in page
    rows = {row.member.body: row for row in summary.attendance_rates(world.consultation.id).members}
    assert rows["الجامعة"].often_absent and rows["المعهد الوطني للإحصاء"].often_absent
    assert not rows["رئاسة الحكومة"].often_absent


def test_a_member_outside_their_term_is_not_expected(world, today):
    late = world.members[4]
    services.update_member(late, {"name": late.name, "body": late.body, "side": late.side,
                                  "term_start": today - timedelta(days=45)}, world.coordinator)
    _record(world, world.meetings[0], {0: "present"})
    rates = {row.member.id: row for row in summary.attendance_rates(world.consultation.id).members}
    assert rates[late.id].expected == 0 and rates[late.id].rate is None
    assert summary.balance(world.committee, on=today - timedelta(days=60))["other"] == 0
    assert summary.balance(world.committee)["other"] == 1


def test_attendance_is_refused_for_a_planned_meeting_or_a_stranger(world):
    with pytest.raises(CommitteeError):
        services.record_attendance(world.meetings[2], {world.members[0].id: "present"}, world.coordinator)
    with pytest.raises(CommitteeError):
        services.record_attendance(world.meetings[0], {999999: "present"}, world.coordinator)
    with pytest.raises(CommitteeError):
        services.record_attendance(world.meetings[0], {world.members[0].id: "maybe"}, world.coordinator)


def test_the_attendance_form(world, client):
    signin(client, world.coordinator)
    meeting = world.meetings[0]
    assert client.get(f"/meetings/{meeting.id}/attendance").status_code == 200
    empty = client.post(f"/meetings/{meeting.id}/attendance", data={})
    assert empty.status_code == 400 and "at least one member" in empty.get_data(as_text=True)
    wrong = client.post(f"/meetings/{meeting.id}/attendance", data={f"status-{world.members[0].id}": "maybe"})
    assert wrong.status_code == 400 and "Unknown attendance status" in wrong.get_data(as_text=True)
    done = client.post(f"/meetings/{meeting.id}/attendance", data={
        f"status-{world.members[0].id}": "present", f"status-{world.members[2].id}": "online"})
    assert done.status_code == 302
    db.session.expire_all()
    assert summary.attendance_by_side(db.session.get(type(meeting), meeting.id)) == {
        "government": 1, "civil_society": 1, "other": 0}
    assert client.get("/meetings/999999/attendance").status_code == 404
