"""Test fixtures: the app on SQLite and, when TEST_DATABASE_URL is set, on PostgreSQL too.

Each backend's schema is built once by the real migrations; tables are emptied after each test.

Time is an input: the whole run sees a clock that starts at noon (UTC) of the day it starts and
moves on from there (time-machine). A run started at 23:59:50, or on the last day of a month, never
crosses midnight halfway through a test, and a test that needs another day moves there itself.
A test asks for the `today` fixture rather than reading the clock when its module is imported.
"""
from __future__ import annotations

import os
import re
from datetime import date, datetime, time, timezone

import pytest
import time_machine
from sqlalchemy import create_engine, text

from consult import create_app
from consult.core.extensions import db, limiter
from consult.core.cache import cache

BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])


def pytest_configure(config):
    noon = datetime.combine(date.today(), time(12), tzinfo=timezone.utc)
    config.suite_clock = time_machine.travel(noon, tick=True)
    config.suite_clock.start()


def pytest_unconfigure(config):
    clock = getattr(config, "suite_clock", None)
    if clock is not None:
        clock.stop()


@pytest.fixture
def today() -> date:
    """The day the test runs (by the suite's clock)."""
    return date.today()


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
                      "WTF_CSRF_ENABLED": False, "SERVER_NAME": "localhost",
                      "SIMILAR_INDEX_FOLDER": str(tmp_path_factory.mktemp("similar")),
                      "EXPORTS_FOLDER": str(tmp_path_factory.mktemp("exports"))})
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
        cache.clear()   # what was kept for the deleted rows (ids are reused on SQLite)


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
