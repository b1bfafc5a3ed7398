"""Consult: co-create an Open Government action plan with citizens."""
from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec

from flask import Flask

from consult.core.config import ROOT, load_config

# Each feature folder may have models.py, views.py (a blueprint named `bp`) and cli.py
# (click commands in a list named `commands`); the app picks up whichever it has.
FEATURES = ("core", "accounts", "consultations", "workshops", "proposals", "clustering", "scoring", "demo")


def _feature_modules(kind: str):
    for feature in FEATURES:
        name = f"consult.{feature}.{kind}"
        if find_spec(name) is not None:
            yield import_module(name)


def load_models() -> None:
    """Import every model so that SQLAlchemy and Alembic know all the tables."""
    for _ in _feature_modules("models"):
        pass


def create_app(overrides: dict | None = None) -> Flask:
    app = Flask(__name__, template_folder=str(ROOT / "templates"), static_folder="static")
    app.config.update(load_config(overrides))

    from consult.core import setup
    load_models()
    setup.init_extensions(app)
    setup.init_templates(app)
    setup.init_errors(app)
    for module in _feature_modules("views"):
        app.register_blueprint(module.bp)
    for module in _feature_modules("cli"):
        for command in module.commands:
            app.cli.add_command(command)
    return app
