"""Each OGP standard checked from the data: met, not met (saying what is missing), not applicable."""
from __future__ import annotations

from datetime import date, timedelta

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


NEW_CONSULTATION = {"title_ar": "استشارة", "title_fr": "Consultation", "title_en": "", "description_ar": "وصف",
                    "description_fr": "", "description_en": "", "scope": "national", "governorate": "",
                    "municipality": ""}


def _calendar_form(collection: tuple[date, date]) -> dict:
    """The calendar form as a browser sends it, with only a collection phase."""
    from consult.consultations.models import PHASE_KINDS
    data = {"removal_reason": ""}
    for kind in PHASE_KINDS:
        start, end = collection if kind == "collection" else ("", "")
        data[f"{kind}_starts_on"], data[f"{kind}_ends_on"] = str(start), str(end)
    return data


def test_the_calendar_is_judged_on_the_version_in_force_when_the_consultation_opened(app, ctx, client, today):
    # Published 30 days ago, opened 20 days ago, its collection extended today: it was published
    # before the consultation opened, and stays so (the last save used to decide, and failed it for good).
    from datetime import datetime, time, timezone

    import time_machine

    from consult.consultations.models import Consultation
    from tests.factories import login, make_user
    coordinator = make_user("coordinator", name="Samia Ben Salah")
    published, opened = today - timedelta(days=30), today - timedelta(days=20)
    with time_machine.travel(datetime.combine(published, time(12), tzinfo=timezone.utc), tick=True):
        login(client, coordinator)
        assert client.post("/consultations/new", data=NEW_CONSULTATION).status_code == 302
        consultation = db.session.scalar(db.select(Consultation))
        url = f"/consultations/{consultation.id}/calendar"
        assert client.post(url, data=_calendar_form((opened, opened + timedelta(days=20)))).status_code == 302
    login(client, coordinator)
    assert client.post(url, data=_calendar_form((opened, opened + timedelta(days=40)))).status_code == 302
    client.post("/accounts/logout")

    page = client.get(f"/consultations/{consultation.id}/standards?lang=en").get_data(as_text=True)
    block = page[page.index('id="calendar_published_before_opening"'):]
    block = block[:block.index('<li class="border', 1)] if '<li class="border' in block[1:] else block
    assert "Not met" not in block and "Met" in block
    assert "is version 1, published on" in block
    assert f'datetime="{published.isoformat()}"' in block and "#calendar-version-1" in block

    answer = client.get(f"/api/v1/standards?consultation={consultation.id}").get_json()
    calendar = {r["code"]: r for r in answer["requirements"]}["calendar_published_before_opening"]
    assert calendar["met"] is True and calendar["link"].endswith("#calendar-version-1")
    facts = {fact["date"]: fact for fact in calendar["facts"]}
    assert facts[published.isoformat()]["link"].endswith(f"/consultations/{consultation.id}#calendar-version-1")
    assert opened.isoformat() in facts
    assert "Samia" not in str(answer)

    # The fact opens: the consultation's public page lists both versions, dated, without who saved them.
    detail = client.get(f"/consultations/{consultation.id}?lang=en").get_data(as_text=True)
    versions = detail[detail.index('id="calendar-versions"'):]
    assert 'id="calendar-version-1"' in versions and 'id="calendar-version-2"' in versions
    assert (opened + timedelta(days=20)).isoformat() in versions and (opened + timedelta(days=40)).isoformat() in versions
    assert "Samia" not in versions


def test_a_calendar_first_published_after_opening_is_not_met(app, ctx, client, today):
    from consult.consultations.models import Consultation
    from tests.factories import login, make_user
    login(client, make_user("coordinator"))
    assert client.post("/consultations/new", data=NEW_CONSULTATION).status_code == 302
    consultation = db.session.scalar(db.select(Consultation))
    opened = today - timedelta(days=3)
    client.post(f"/consultations/{consultation.id}/calendar", data=_calendar_form((opened, today)))
    calendar = {r["code"]: r for r in client.get(
        f"/api/v1/standards?consultation={consultation.id}").get_json()["requirements"]}[
        "calendar_published_before_opening"]
    assert calendar["met"] is False and "3 days after" in calendar["missing"]
