"""Home page and health check."""
from __future__ import annotations

from flask import Blueprint, current_app, jsonify, render_template
from sqlalchemy import text

from consult.core.extensions import db
from consult.core.signals import home_page

bp = Blueprint("core", __name__)


@bp.get("/")
def home():
    # The features know what to show first (the latest consultation); core knows none of them.
    for _receiver, response in home_page.send(current_app._get_current_object()):
        if response is not None:
            return response
    return render_template("core/home.html")


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # the database is down: say so, without a stack trace
        return jsonify({"status": "error", "database": "unreachable"}), 503
    return jsonify({"status": "ok"})
