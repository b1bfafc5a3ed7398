"""Template helpers other features' pages use through guarded includes: the committee of a
consultation (its page links it) and the meeting that recorded a progress update (the commitment's
follow-up links it)."""
from __future__ import annotations

from consult.committee.models import Committee, DiscussedCommitment, Meeting
from consult.core.extensions import db


def committee_of_consultation(consultation) -> Committee | None:
    return db.session.scalar(db.select(Committee).filter_by(consultation_id=consultation.id))


def meeting_of_update(update) -> Meeting | None:
    """The meeting whose record made this progress update, if one did."""
    return db.session.scalar(db.select(Meeting).join(DiscussedCommitment)
                             .filter(DiscussedCommitment.progress_update_id == update.id))
