"""Consult: co-create an Open Government action plan with citizens."""
from __future__ import annotations

from importlib import import_module

from flask import Flask

from consult.core.config import ROOT, load_config

# The features, lowest first: each may use the ones before it, never those after it. Each
# feature's package has `init_app(app)`, which registers its blueprint, commands, template
# globals and signal handlers; its `models` module is imported first so that every table is known.
FEATURES = ("core", "accounts", "consultations", "workshops", "proposals", "clustering", "scoring", "shortlist",
            "commitments", "committee", "reports", "demo")


def load_models() -> None:
    """Import every model so that SQLAlchemy and Alembic know all the tables."""
    from importlib.util import find_spec
    for feature in FEATURES:
        if find_spec(f"consult.{feature}.models") is not None:
            import_module(f"consult.{feature}.models")


def create_app(overrides: dict | None = None) -> Flask:
    app = Flask(__name__, template_folder=str(ROOT / "templates"), static_folder="static")
    app.config.update(load_config(overrides))

    from consult.core import setup
    from consult.core.api import api
    from consult.core.transactions import wrap_views
    load_models()
    setup.init_extensions(app)
    setup.init_templates(app)
    setup.init_errors(app)
    for feature in FEATURES:
        import_module(f"consult.{feature}").init_app(app)
    app.register_blueprint(api)     # after every feature added its /api/v1 routes
    wrap_views(app)                 # one transaction per request, for every view
    return app
