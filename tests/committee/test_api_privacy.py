"""Open data: attendance counts by side; members named only when they agreed; never an e-mail."""
from __future__ import annotations

import json

from consult.committee import services
from consult.core.extensions import db


def test_members_appear_by_name_only_when_they_agreed_and_no_email(world, client):
    services.record_attendance(world.meetings[0], {m.id: "present" for m in world.members}, world.coordinator)
    db.session.commit()
    answer = client.get(f"/api/v1/meetings?consultation={world.consultation.id}")
    assert answer.status_code == 200
    text = json.dumps(answer.get_json(), ensure_ascii=False)
    for member in world.members:
        assert member.body in text
        assert (member.name in text) is member.public_name, member.name
    assert "@" not in text and world.linked.email not in text and "user_id" not in text
    first = answer.get_json()["meetings"][0]
    assert first["attendance"] == {"government": 2, "civil_society": 2, "other": 1}
    assert first["date"] == world.meetings[0].held_on.isoformat() and first["mode"] == "hybrid"
    assert [m["date"] for m in answer.get_json()["meetings"]] == sorted(m.held_on.isoformat() for m in world.meetings)


def test_the_public_page_hides_unnamed_members_names(world, client):
    page = client.get(f"/consultations/{world.consultation.id}/committee").get_data(as_text=True)
    for member in world.members:
        assert (member.name in page) is member.public_name
        assert member.body in page
    assert world.linked.email not in page


def test_api_errors(world, client):
    assert client.get("/api/v1/meetings").status_code == 400
    assert client.get("/api/v1/meetings?consultation=999999").status_code == 404
    assert client.get("/api/v1/meetings?consultation=abc").status_code == 400
