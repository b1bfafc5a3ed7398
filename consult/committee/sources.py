"""Everything this feature reads from the features before it, in one place: the consultation, the
accounts that may be linked to members, and the commitments with their own progress service (the
progress recorded in a meeting is a commitment's progress update, made by that service)."""
from __future__ import annotations

from consult.accounts.models import User
from consult.commitments import plans as commitment_plans
from consult.commitments import progress as commitment_progress
from consult.commitments.errors import CommitmentError
from consult.commitments.labels import completion_labels
from consult.commitments.models import COMPLETION_LEVELS, Commitment, ProgressUpdate
from consult.consultations.models import Consultation

# What this feature reads from the features before it (re-exported), and what it asks of the commitments.
__all__ = [
    "Commitment", "commitment_plans", "commitment_progress", "CommitmentError", "completion_labels",
    "COMPLETION_LEVELS", "Consultation", "ProgressUpdate", "User",
    "plan_commitments", "public_commitment", "readable_commitment",
]


def plan_commitments(consultation) -> list:
    """The commitments of the consultation's action plan, in their order (none without a plan)."""
    plan = commitment_plans.plan_of(consultation)
    return list(plan.commitments) if plan is not None else []


def readable_commitment(user, commitment) -> bool:
    """Whether `user` may read the commitment (its plan is public, or they manage it): a meeting
    names the commitments it discussed only to those who may read them."""
    from consult.core.permissions import can
    return can(user, "commitments.read", commitment)


def public_commitment(commitment) -> bool:
    from flask_login import AnonymousUserMixin
    return readable_commitment(AnonymousUserMixin(), commitment)
