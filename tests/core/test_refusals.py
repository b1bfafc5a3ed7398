"""One way to refuse (consult.core.errors) and one load per guarded route (permission_required's `to`):
a refusal is said in the page or in JSON with its status and saves nothing; the object a rule
checked is the one the view gets."""
from __future__ import annotations

import pytest
from flask import Blueprint, jsonify
from flask_migrate import upgrade

from consult import create_app
from consult.core.errors import Refused, refused
from consult.core.extensions import db
from consult.core.permissions import define, everyone, permission_required
from consult.core.transactions import wrap_views

LOADS = []


def _load_item(item_id: int, **_rest):
    LOADS.append(item_id)
    return {"id": item_id}


def _build(tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'refusals.db'}", "TESTING": True,
                      "SECRET_KEY": "test", "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False})
    define("test_refusals.open", everyone)
    bp = Blueprint("test_refusals", __name__)

    @bp.post("/test-refusals/<int:item_id>/<word>")
    @permission_required("test_refusals.open", load=_load_item, to="item")
    def guarded(item, word):
        return jsonify({"item": item, "word": word})

    @bp.post("/test-refusals/raise")
    def raises():
        db.session.execute(db.text("INSERT INTO scratch VALUES (1)"))
        raise Refused("Ce n'est pas possible maintenant.", 409)

    @bp.post("/test-refusals/page")
    def page():
        return refused(Refused("Il manque un titre."), lambda: "<p>the form again</p>")

    app.register_blueprint(bp)
    wrap_views(app)
    with app.app_context():
        upgrade()
        db.session.execute(db.text("CREATE TABLE scratch (x INTEGER)"))
        db.session.commit()
    return app


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return _build(tmp_path_factory.mktemp("refusals"))


@pytest.fixture
def bare_app(built):
    LOADS.clear()
    return built


def test_the_view_gets_the_object_the_rule_checked_loaded_once(bare_app):
    response = bare_app.test_client().post("/test-refusals/7/bonjour")
    assert response.get_json() == {"item": {"id": 7}, "word": "bonjour"}
    assert LOADS == [7]


def test_a_refusal_no_view_handles_is_said_with_its_status_and_saves_nothing(bare_app):
    client = bare_app.test_client()
    page = client.post("/test-refusals/raise?lang=fr")
    assert page.status_code == 409 and "Ce n&#39;est pas possible maintenant." in page.get_data(as_text=True)
    api = client.post("/test-refusals/raise", headers={"Accept": "application/json"})
    assert api.status_code == 409 and api.get_json() == {"error": "Ce n'est pas possible maintenant.", "status": 409}
    with bare_app.app_context():
        assert db.session.execute(db.text("SELECT count(*) FROM scratch")).scalar() == 0


def test_a_view_shows_its_own_page_again_with_the_reason(bare_app):
    response = bare_app.test_client().post("/test-refusals/page")
    assert response.status_code == 400 and response.get_data(as_text=True) == "<p>the form again</p>"
    with bare_app.test_client() as client:
        client.post("/test-refusals/page")
        with client.session_transaction() as session:
            assert session["_flashes"] == [("error", "Il manque un titre.")]
