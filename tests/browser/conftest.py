"""Shared pieces of the browser tests: one Chromium per session, the demo built once per session
(its SQLite file copied for each module, so that each module runs one live server of its own on a
database it may change), pages at desktop and phone width, and the measures the tests take."""
from __future__ import annotations

import os
import shutil
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


def _require_chromium() -> None:
    if not os.path.exists(CHROMIUM) and os.environ.get("CI") != "true":
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (`make test` installs it)")


@contextmanager
def live_server(database: Path, **config):
    """The app on a free port, on `database` (SQLite), in a thread."""
    from werkzeug.serving import make_server

    from consult import create_app
    from consult.core.extensions import db
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}", "SECRET_KEY": "browser-test-secret",
                      "RATELIMIT_ENABLED": False, **config})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield app, f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)
        with app.app_context():
            db.engine.dispose()


@pytest.fixture(scope="session")
def demo_database(tmp_path_factory):
    """The demo (consultation in collection, workshops, 190 proposals, themes, a scored group),
    loaded once; returns the file and the accounts' passwords by role."""
    _require_chromium()
    from flask_migrate import upgrade

    from consult import create_app
    from consult.core import transactions
    from consult.core.extensions import db
    from consult.demo.loader import load_demo
    database = tmp_path_factory.mktemp("demo") / "demo.db"
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}", "SECRET_KEY": "browser-test-secret"})
    with app.app_context():
        upgrade()
        result = load_demo()
        info = {"consultation_id": result.consultation.id,
                "workshop_ids": [w.id for w in result.workshops],
                "accounts": {a.user.email: a.password for a in result.accounts},
                **_demo_ids(result.consultation)}
        transactions.commit()
        db.engine.dispose()
    return database, info


def _demo_ids(consultation) -> dict:
    """Where the demo's pages are: its working group, a theme it scores, a proposal, the grouping run."""
    from consult.clustering.models import ClusteringRun, Theme
    from consult.core.extensions import db
    from consult.proposals.models import Proposal
    from consult.scoring.models import WorkingGroup
    group = db.session.scalars(db.select(WorkingGroup).filter_by(consultation_id=consultation.id)).first()
    proposal = db.session.scalars(db.select(Proposal).filter_by(consultation_id=consultation.id)
                                  .order_by(Proposal.id)).first()
    theme = db.session.scalars(db.select(Theme).filter_by(consultation_id=consultation.id).order_by(Theme.id)).first()
    run = db.session.scalars(db.select(ClusteringRun).filter_by(consultation_id=consultation.id)).first()
    return {"group_id": group.id, "scored_theme_id": group.themes[0].id, "theme_id": theme.id,
            "proposal_ref": proposal.ref, "run_id": run.id}


@pytest.fixture(scope="module")
def demo_site(demo_database, tmp_path_factory):
    """This module's own copy of the demo, served live: {"url", "app", "consultation_id", ...}."""
    source, info = demo_database
    database = tmp_path_factory.mktemp("site") / "demo.db"
    shutil.copy(source, database)
    with live_server(database) as (app, url):
        yield {"url": url, "app": app, **info}


@pytest.fixture(scope="session")
def browser():
    _require_chromium()
    from playwright.sync_api import sync_playwright
    playwright = sync_playwright().start()
    chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()
    playwright.stop()


def new_page(browser, viewport=DESKTOP, **context_options):
    context = browser.new_context(viewport=viewport, **context_options)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def sign_in(page, site, email: str) -> None:
    page.goto(site["url"] + "/accounts/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(site["accounts"][email])
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()
    assert "/accounts/login" not in page.url, "sign-in failed"


COORDINATOR = "coordinator@demo.consult.tn"
FACILITATOR = "facilitator@demo.consult.tn"
MEMBER = "member1@demo.consult.tn"


def page_width(page) -> int:
    """How wide the page really is (more than the viewport: it scrolls sideways)."""
    return page.evaluate("Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)")


def screenshot(page, name: str, full_page: bool = True) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full_page)


def wait_for_focus(page, element_id: str, timeout: float = 5000) -> None:
    """Wait until the element has the focus (app.js gives it once the page's scripts ran, a
    moment after the element appears); fails after `timeout` ms if it never does."""
    page.wait_for_function("id => document.activeElement && document.activeElement.id === id",
                           arg=element_id, timeout=timeout)
