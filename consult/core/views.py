"""Home page and health check."""
from __future__ import annotations

from flask import Blueprint, jsonify, redirect, render_template, url_for
from sqlalchemy import text

from consult.consultations import services as consultations
from consult.core.extensions import db

bp = Blueprint("core", __name__)


@bp.get("/")
def home():
    latest = consultations.latest_consultation()
    if latest is not None:
        return redirect(url_for("consultations.detail", consultation_id=latest.id))
    return render_template("core/home.html")


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # the database is down: say so, without a stack trace
        return jsonify({"status": "error", "database": "unreachable"}), 503
    return jsonify({"status": "ok"})
