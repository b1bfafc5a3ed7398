"""The coordinators' forms: empty or wrong input gives a clear message, never a 500; unknown ids
are 404; only coordinators manage."""
from __future__ import annotations

from consult.committee import summary
from consult.committee.models import CommitteeMember, Meeting
from consult.core.extensions import db
from tests.committee.conftest import english_client, signin
from tests.factories import make_consultation


def _text(response) -> str:
    return response.get_data(as_text=True)


def test_members(world, client):
    signin(client, world.coordinator)
    base = f"/consultations/{world.consultation.id}/committee/members/new"
    assert client.get(base).status_code == 200
    empty = client.post(base, data={})
    assert empty.status_code == 400 and "This field is required." in _text(empty)
    reversed_term = client.post(base, data={"name": "Mona", "body": "ATCP", "side": "civil_society",
                                            "term_start": "2023-05-01", "term_end": "2023-01-01"})
    assert reversed_term.status_code == 400 and "The term cannot end before it starts." in _text(reversed_term)
    wrong_side = client.post(base, data={"name": "Mona", "body": "ATCP", "side": "press"})
    assert wrong_side.status_code == 400
    taken = client.post(base, data={"name": "Mona", "body": "ATCP", "side": "civil_society",
                                    "user_id": str(world.linked.id)})
    assert taken.status_code == 400 and "already linked" in _text(taken)
    assert client.post(base, data={"name": "Mona", "body": "ATCP", "side": "civil_society",
                                   "public_name": "y", "user_id": str(world.outsider.id)}).status_code == 302
    db.session.expire_all()
    assert len(summary.members_of(world.consultation.id)) == 6
    member = world.members[0]
    edit = f"/committee-members/{member.id}/edit"
    assert client.get(edit).status_code == 200
    assert client.post(edit, data={"name": member.name, "body": "رئاسة الحكومة", "side": "civil_society"}).status_code == 302
    assert db.session.get(CommitteeMember, member.id).side == "civil_society"
    assert client.get("/committee-members/999999/edit").status_code == 404
    assert client.get("/consultations/999999/committee/members/new").status_code == 404


def test_meetings(world, client, today):
    signin(client, world.coordinator)
    base = f"/consultations/{world.consultation.id}/committee/meetings/new"
    assert client.get(base).status_code == 200
    empty = client.post(base, data={})
    assert empty.status_code == 400 and "This field is required." in _text(empty)
    bad_time = client.post(base, data={"held_on": today.isoformat(), "mode": "online", "language": "fr",
                                       "starts_at": "25:99"})
    assert bad_time.status_code == 400 and "like 14:30" in _text(bad_time)
    made = client.post(base, data={"held_on": today.isoformat(), "mode": "online", "language": "fr",
                                   "starts_at": "14:30", "agenda": "- Point 1\n\n- Point 2"})
    assert made.status_code == 302
    meeting = db.session.scalars(db.select(Meeting).order_by(Meeting.id.desc())).first()
    assert meeting.agenda == ["Point 1", "Point 2"] and meeting.language == "fr"
    assert client.get(f"/meetings/{meeting.id}/edit").status_code == 200
    assert client.post(f"/meetings/{meeting.id}/edit", data={"held_on": "", "mode": "online",
                                                             "language": "fr"}).status_code == 400
    assert client.get("/meetings/999999").status_code == 404
    assert client.get("/meetings/999999/edit").status_code == 404
    empty_minutes = client.post(f"/meetings/{meeting.id}/minutes", data={})
    assert empty_minutes.status_code == 400 and "Write the minutes or at least one decision." in _text(empty_minutes)


def test_a_consultation_without_committee(ctx, client):
    from tests.factories import make_user
    consultation = make_consultation("collection")
    assert client.get(f"/consultations/{consultation.id}/committee").status_code == 404
    assert client.get(f"/api/v1/meetings?consultation={consultation.id}").get_json() == {"committee": None,
                                                                                         "meetings": []}
    signin(client, make_user("coordinator"))
    assert client.get(f"/consultations/{consultation.id}/committee").status_code == 302
    empty = client.post(f"/consultations/{consultation.id}/committee/edit", data={})
    assert empty.status_code == 400 and "at least one language" in _text(empty)
    assert client.get(f"/consultations/{consultation.id}/committee/meetings/new").status_code == 404
    assert client.post(f"/consultations/{consultation.id}/committee/edit",
                       data={"name_fr": "Comité de pilotage"}).status_code == 302
    assert client.get(f"/consultations/{consultation.id}/committee").status_code == 200
    assert "Comité de pilotage" in _text(client.get(f"/consultations/{consultation.id}/committee"))
    # The consultation's page links the committee, for everyone.
    link = f'href="/consultations/{consultation.id}/committee"'
    assert link in _text(english_client(client.application).get(f"/consultations/{consultation.id}"))


def test_only_coordinators_manage(world, app):
    client = english_client(app)
    signin(client, world.linked)
    meeting = world.meetings[0]
    for url in (f"/meetings/{meeting.id}/edit", f"/meetings/{meeting.id}/attendance",
                f"/meetings/{meeting.id}/minutes", f"/meetings/{meeting.id}/progress",
                f"/consultations/{world.consultation.id}/committee/edit"):
        assert client.get(url).status_code == 403, url
    assert client.post(f"/meetings/{meeting.id}/action-items", data={"text": "x"}).status_code == 403
