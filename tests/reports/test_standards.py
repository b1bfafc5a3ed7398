"""Each OGP standard checked from the data: met, not met (saying what is missing), not applicable."""
from __future__ import annotations

from datetime import date

import pytest

from consult.core.extensions import db
from consult.reports import standards
from tests.reports.scenario import TODAY, _at, add_committee, build


def _checked(world, today=TODAY) -> dict:
    return {r.code: r for r in standards.check(world.consultation, "en", today=today)}


def test_the_whole_cycle_meets_every_standard(ctx):
    checked = _checked(build())
    assert {code: r.status for code, r in checked.items()} == {code: "met" for code in standards.REQUIREMENTS}
    assert "4 meetings held" in checked["forum_meets_every_six_months"].evidence
    assert "6 of the 6 proposals" in checked["reasoned_response_to_every_proposal"].evidence
    assert checked["forum_minutes_published"].link is None or "/consultations/" in checked["forum_minutes_published"].link


def _drop_meeting(world):
    db.session.delete(world.meetings[2])     # 2023-12-15: nothing from July 2023 to May 2024
    db.session.commit()


def _hide_charter(world):
    world.committee.charter_published_at = None
    db.session.commit()


def _draft_minutes(world):
    world.meetings[1].minutes_published_at = None
    db.session.commit()


def _calendar_late(world):
    world.consultation.created_at = _at("2023-03-05")
    db.session.commit()


def _unanswered(world):
    from tests.factories import make_proposal
    make_proposal(world.consultation, "Une proposition restée sans réponse")


def _civil_society_excused(world):
    from consult.committee.models import Attendance
    for meeting in world.meetings[1:3]:
        row = db.session.scalar(db.select(Attendance).filter_by(meeting_id=meeting.id,
                                                                member_id=world.members[1].id))
        row.status = "excused"
    db.session.commit()


@pytest.mark.parametrize("code, spoil, today, missing", [
    ("forum_meets_every_six_months", _drop_meeting, TODAY, "no meeting from July 1, 2023 to May 1, 2024"),
    ("forum_rules_published", _hide_charter, TODAY, "charter"),
    ("forum_minutes_published", _draft_minutes, TODAY, "July 1, 2023"),
    # Seen at the end of 2025: nothing was recorded in 2025.
    ("repository_updated_twice_a_year", None, date(2025, 12, 31), "2025: 0 of the 1 updates needed"),
    ("calendar_published_before_opening", _calendar_late, TODAY, "4 days after"),
    ("reasoned_response_to_every_proposal", _unanswered, TODAY, "1 proposals have no reasoned response"),
    ("civil_society_met_twice_during_implementation", _civil_society_excused, TODAY, "1 more meetings"),
])
def test_each_standard_not_met_says_what_is_missing(ctx, code, spoil, today, missing):
    world = build()
    if spoil:
        spoil(world)
    checked = _checked(world, today)
    assert checked[code].met is False and checked[code].status == "not_met"
    assert missing in checked[code].missing
    others = {c: r.met for c, r in checked.items() if c != code}
    if today == TODAY:   # one thing spoilt: the other standards still hold
        assert all(others.values()), others


def test_without_a_committee_the_forum_standards_are_not_met(ctx):
    checked = _checked(build(committee=False))
    for code in ("forum_meets_every_six_months", "forum_rules_published", "forum_minutes_published",
                 "civil_society_met_twice_during_implementation"):
        assert checked[code].met is False
        assert "No multistakeholder forum" in checked[code].evidence


def test_not_applicable_before_it_is_due(ctx):
    world = build(proposals=False, committee=False)
    add_committee(world, meetings=())
    checked = _checked(world, today=date(2023, 5, 20))     # before implementation starts
    assert checked["reasoned_response_to_every_proposal"].met is None     # no proposal
    assert checked["civil_society_met_twice_during_implementation"].met is None
    assert checked["forum_minutes_published"].met is None                 # no meeting held yet
    world.consultation.phases = [p for p in world.consultation.phases if p.kind != "collection"]
    db.session.commit()
    assert _checked(world)["calendar_published_before_opening"].met is None


def test_the_open_data_api(app, ctx, client):
    world = build()
    _unanswered(world)
    answer = client.get(f"/api/v1/standards?consultation={world.consultation.id}")
    assert answer.status_code == 200
    requirements = answer.get_json()["requirements"]
    assert [r["code"] for r in requirements] == list(standards.REQUIREMENTS)
    assert all(set(r) >= {"code", "met", "evidence"} for r in requirements)
    # Checked on the real today: the plan is still being carried out.
    by_code = {r["code"]: r for r in requirements}
    assert by_code["reasoned_response_to_every_proposal"]["met"] is False
    assert "@" not in answer.get_data(as_text=True)
    french = client.get(f"/api/v1/standards?consultation={world.consultation.id}&language=fr").get_json()
    assert french["language"] == "fr"
    assert client.get("/api/v1/standards").status_code == 400
    assert client.get("/api/v1/standards?consultation=999999").status_code == 404


def test_the_standards_page_is_public(app, ctx, client):
    world = build()
    page = client.get(f"/consultations/{world.consultation.id}/standards?lang=en")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "at least every six months" in text and "@" not in text.replace("@context", "")
