"""The version of a consultation's proposals, for what is cached from them (core.cache).

It is their latest `updated_at`: set when a proposal is created and on every update of its row
(status, theme, text; bulk updates included, SQLAlchemy applies `onupdate` to them too). Proposals
are never deleted. One seek in the index `ix_proposals_changed`."""
from __future__ import annotations

from sqlalchemy import func, select

from consult.core.extensions import db
from consult.proposals.models import Proposal


def proposals_version(consultation_id: int):
    return db.session.scalar(select(func.max(Proposal.updated_at))
                             .filter(Proposal.consultation_id == consultation_id))
