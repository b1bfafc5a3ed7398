"""Public pages of consultations."""
from __future__ import annotations

from flask import Blueprint, abort, render_template

from consult.consultations import services
from consult.consultations.models import Consultation
from consult.core.extensions import db

bp = Blueprint("consultations", __name__, url_prefix="/consultations")


def get_or_404(consultation_id: int) -> Consultation:
    return db.session.get(Consultation, consultation_id) or abort(404)


@bp.get("/")
def index():
    return render_template("consultations/index.html", consultations=services.list_consultations())


@bp.get("/<int:consultation_id>")
def detail(consultation_id: int):
    consultation = get_or_404(consultation_id)
    return render_template("consultations/detail.html", consultation=consultation,
                           phase=services.current_phase(consultation))
