"""The clustering pages, on one blueprint: themes, their curation, near-duplicates and the
similar-proposal lookup (themes.py), grouping runs (runs.py). Thin: parse, check a named
permission, call a service; a refusal is drawn on its page by `consult.core.errors.refused`.
"""
from __future__ import annotations

from flask import Blueprint

from consult.consultations.models import Consultation
from consult.core.extensions import db

bp = Blueprint("clustering", __name__)


def consultation_or_none(consultation_id: int, **_others) -> Consultation | None:
    """The consultation a permission is checked on; None when there is none, so that who may not
    open the page is refused before learning whether it exists (the coordinator then gets a 404)."""
    return db.session.get(Consultation, consultation_id)
