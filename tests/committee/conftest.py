"""Builders for the committee tests: a consultation in follow-up with a published plan of three
commitments, its committee (2 government, 2 civil society, 1 other; one civil-society member linked
to an account) and three meetings (two held, one planned)."""
from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from consult.committee import services
from consult.core.extensions import db
from tests.commitments.conftest import draft_plan, shortlisted
from tests.factories import make_user

def committee_world(with_plan: bool = True, publish: bool = True):
    made = shortlisted("followup")
    plan = None
    if with_plan:
        from consult.commitments import plans
        plan = draft_plan(made)
        if publish:
            plans.publish(plan, "", made.coordinator)
    coordinator = made.coordinator
    linked = make_user("member", affiliation="civil_society", name="Aicha Karafi")
    outsider = make_user("member", affiliation="administration", name="Other member")
    committee = services.save_committee(made.consultation, {"ar": "اللجنة الاستشارية المشتركة", "fr": "Comité mixte"},
                                        {"ar": "الميثاق", "fr": "La charte"}, False, coordinator)
    seats = [("خالد السلامي", "رئاسة الحكومة", "government", True, None),
             ("ريم القرناوي", "المعهد الوطني للإحصاء", "government", False, None),
             ("عائشة قرافي", "الجمعية التونسية للحوكمة المحلية", "civil_society", False, linked.id),
             ("منى المكي", "الجمعية التونسية للمراقبين العموميين", "civil_society", True, None),
             ("خولة بن منصور", "الجامعة", "other", False, None)]
    members = [services.add_member(committee, {"name": name, "body": body, "side": side, "public_name": public,
                                               "user_id": user_id}, coordinator)
               for name, body, side, public, user_id in seats]
    today = date.today()
    meetings = [services.add_meeting(committee, {"held_on": today - timedelta(days=days), "mode": mode,
                                                 "language": "ar", "place": "تونس", "agenda": "نقطة 1\nنقطة 2"},
                                     coordinator)
                for days, mode in ((60, "hybrid"), (30, "online"), (-20, "in_person"))]
    db.session.commit()
    return SimpleNamespace(consultation=made.consultation, coordinator=coordinator, plan=plan, committee=committee,
                           members=members, meetings=meetings, linked=linked, outsider=outsider)


@pytest.fixture
def world(ctx):
    return committee_world()


def english_client(app):
    """A test client whose pages are in English (the messages the tests read)."""
    client = app.test_client()
    client.get("/consultations/?lang=en")
    return client


@pytest.fixture
def client(app):
    return english_client(app)


def signin(client, user):
    """Sign in (which starts a new session), then read the pages in English again."""
    from tests.factories import login
    login(client, user)
    client.get("/consultations/?lang=en")
