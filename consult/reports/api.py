"""Open data: the OGP standards checked for a consultation, public facts only."""
from __future__ import annotations

from flask import jsonify, request

from consult.core.api import api, consultation_arg
from consult.core.extensions import db
from consult.core.languages import LANGUAGES
from consult.reports import standards
from consult.reports.sources import Consultation


@api.get("/standards")
def api_standards():
    """`?consultation=ID[&language=ar|fr|en]` (evidence in English by default)."""
    consultation_id, error = consultation_arg()
    if error:
        return error
    consultation = db.session.get(Consultation, consultation_id)
    if consultation is None:
        return jsonify({"error": "No consultation has this id.", "status": 404}), 404
    language = request.args.get("language", "en")
    if language not in LANGUAGES:
        return jsonify({"error": "language must be ar, fr or en.", "status": 400}), 400
    return jsonify({"consultation": consultation.id, "language": language,
                    "requirements": [r.public() for r in standards.check(consultation, language)]})
