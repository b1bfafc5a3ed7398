"""`GET /api/v1/scoring?consultation=ID`: the scoring for independent reviewers, as JSON.

The same content as `flask scoring export`, limited to what is already public: the groups that
closed their scoring (an open group's scores are still blind to its own members), members as
pseudonyms, no names or e-mails.
"""
from __future__ import annotations

from flask import jsonify

from consult.consultations.views import get_or_404
from consult.core.api import api, consultation_arg
from consult.scoring import services


@api.get("/scoring")
def scoring():
    consultation_id, refusal = consultation_arg()
    if refusal:
        return refusal
    return jsonify(services.export(get_or_404(consultation_id), public=True))
