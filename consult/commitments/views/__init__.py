"""The action plan's pages, on one blueprint.

Thin: parse, check a named permission, call a service; a refusal is drawn on its page by
`consult.core.errors.refused`. The request's transaction commits.
The public pages are in `public.py`, the coordinators' in `manage.py`, the follow-up (progress,
spreadsheets) in `followup.py`; this module holds their blueprint and the loaders they share.
"""
from __future__ import annotations

from flask import Blueprint, abort

from consult.commitments import plans
from consult.commitments.models import Comment, Commitment, Milestone
from consult.commitments.sources import Consultation
from consult.core.extensions import db

bp = Blueprint("commitments", __name__)


# --- loading what a URL names (404 when it does not exist) ------------------------------------------

def consultation_or_404(consultation_id: int) -> Consultation:
    return db.session.get(Consultation, consultation_id) or abort(404)


def plan_or_404(consultation_id: int):
    return plans.plan_of(consultation_or_404(consultation_id)) or abort(404)


def commitment_or_404(commitment_id: int) -> Commitment:
    return db.session.get(Commitment, commitment_id) or abort(404)


def milestone_or_404(milestone_id: int) -> Milestone:
    return db.session.get(Milestone, milestone_id) or abort(404)


def comment_or_404(comment_id: int) -> Comment:
    return db.session.get(Comment, comment_id) or abort(404)
