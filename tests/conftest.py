"""Test fixtures: the app on SQLite and, when TEST_DATABASE_URL is set, on PostgreSQL too.

Each backend's schema is built once by the real migrations; tables are emptied after each test.
"""
from __future__ import annotations

import os
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import create_engine, text

from consult import create_app
from consult.core.extensions import db, limiter

BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])


def _reset_postgres(url: str) -> None:
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(scope="session", params=BACKENDS)
def app(request, tmp_path_factory):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    else:
        url = os.environ["TEST_DATABASE_URL"]
        _reset_postgres(url)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True, "SECRET_KEY": "test-secret",
                      "WTF_CSRF_ENABLED": False, "SERVER_NAME": "localhost"})
    limiter.enabled = False
    with app.app_context():
        from flask_migrate import upgrade
        upgrade()
    app.backend = request.param
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _clean_database(request):
    yield
    if "app" not in request.fixturenames:
        return
    app = request.getfixturevalue("app")
    app.config["WTF_CSRF_ENABLED"] = False
    limiter.enabled = False
    with app.app_context():
        db.session.remove()
        with db.engine.begin() as connection:
            for table in reversed(db.metadata.sorted_tables):
                connection.execute(table.delete())


@pytest.fixture(autouse=True)
def _encoder(request, monkeypatch):
    """Every test embeds with the fake encoder (fast, and groups known in advance), except those
    marked `real_encoder`, which test what the real multilingual model understands."""
    from consult.clustering import embedding
    from tests.fakes import FakeEncoder
    encoder = None if request.node.get_closest_marker("real_encoder") else FakeEncoder()
    monkeypatch.setattr(embedding, "ENCODER", encoder)
    yield encoder
    if "app" in request.fixturenames:   # a similar index built with one encoder is not reused by another
        request.getfixturevalue("app").extensions.pop("clustering_similar", None)


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield app


@pytest.fixture
def client(app):
    with app.test_client() as client:
        yield client


@pytest.fixture
def csrf(app):
    """Turn CSRF protection on for one test; returns a function reading a page's token."""
    app.config["WTF_CSRF_ENABLED"] = True

    def token(client, url: str) -> str:
        match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"',
                          client.get(url).get_data(as_text=True))
        assert match, f"no CSRF token on {url}"
        return match.group(1) or match.group(2)
    return token


# --- factories -----------------------------------------------------------------------------------

def make_consultation(open_phase: str | None = "collection", **fields):
    """A consultation whose `open_phase` is the one running today (None: no phase today)."""
    from consult.consultations.models import Axis, Consultation, Phase, PHASE_KINDS
    consultation = Consultation(
        title={"ar": "استشارة خطة العمل الوطنية الخامسة", "fr": "Consultation du 5e plan d'action",
               "en": "Consultation on the 5th action plan"},
        description={"ar": "وصف", "fr": "Description", "en": "Description"}, **fields)
    consultation.axes = [
        Axis(code="participation", position=1,
             name={"ar": "المشاركة العمومية", "fr": "Participation publique", "en": "Public participation"}),
        Axis(code="local", position=2,
             name={"ar": "الحوكمة المحلية", "fr": "Gouvernance locale", "en": "Local governance"}),
    ]
    today = date.today()
    start = today - timedelta(days=100)
    if open_phase:
        start = today - timedelta(days=10 * PHASE_KINDS.index(open_phase) + 5)
    for index, kind in enumerate(PHASE_KINDS):
        consultation.phases.append(Phase(kind=kind, starts_on=start + timedelta(days=10 * index),
                                         ends_on=start + timedelta(days=10 * index + 9)))
    if open_phase is None:
        for phase in consultation.phases:
            phase.starts_on += timedelta(days=400)
            phase.ends_on += timedelta(days=400)
    db.session.add(consultation)
    db.session.commit()
    return consultation


def make_user(role: str = "citizen", email: str | None = None, password: str = "correct horse battery",
              affiliation: str | None = None):
    from consult.accounts import services
    user, _ = services.create_user(role.title(), email or f"{role}-{os.urandom(3).hex()}@example.org",
                                   role, password=password, affiliation=affiliation)
    db.session.commit()
    return user


def login(client, user, password: str = "correct horse battery"):
    response = client.post("/accounts/login", data={"email": user.email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response


def proposal_form(consultation, **overrides) -> dict:
    data = {"title": "نشر ميزانيات البلديات كبيانات مفتوحة",
            "problem": "لا تنشر أغلب البلديات ميزانياتها بصيغة قابلة لإعادة الاستعمال.",
            "reform": "نشر الميزانيات ونتائج تنفيذها على بوابة البيانات المفتوحة كل ثلاثة أشهر.",
            "results": "مواطنون قادرون على متابعة المال العام المحلي.",
            "body": "وزارة الداخلية", "axis_id": str(consultation.axes[0].id), "governorate": "kef",
            "municipality": "الكاف", "proposer_type": "association", "email": "", "website": "",
            "submission_token": os.urandom(8).hex()}
    data.update(overrides)
    return data
