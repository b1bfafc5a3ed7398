"""The commitments a meeting discussed, and the progress it recorded for them, in one step.

What the meeting recorded for a commitment becomes that commitment's progress update through the
commitments feature's own service (`progress.prepare` / `progress.record`), dated on the meeting's
day: the commitment's follow-up shows it, with a link to the meeting. Every row is checked before
any is recorded (all or nothing). Flushes; the caller commits.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _

from consult.committee.models import DiscussedCommitment, Meeting
from consult.committee.services import CommitteeError
from consult.committee.sources import CommitmentError, ProgressUpdate, commitment_progress, plan_commitments
from consult.core import audit
from consult.core.extensions import db

SOURCE = "meeting"   # ProgressUpdate.source of the updates a meeting records


@dataclass
class Entry:
    """What the meeting's record says of one commitment (every field may be empty)."""
    commitment_id: int
    discussed: bool = False
    progress: int | None = None
    completion: str | None = None
    done_text: str = ""
    difficulties: str = ""
    recommendations: str = ""

    @property
    def has_progress(self) -> bool:
        return self.progress is not None or bool(self.completion) or any(
            (self.done_text.strip(), self.difficulties.strip(), self.recommendations.strip()))


@dataclass
class Outcome:
    recorded: list = field(default_factory=list)     # the ProgressUpdates made
    discussed: list = field(default_factory=list)    # the commitments marked discussed


def discussed_by_commitment(meeting: Meeting) -> dict:
    return {row.commitment_id: row for row in meeting.discussed}


def record_meeting(meeting: Meeting, entries: list[Entry], actor) -> Outcome:
    """Mark the commitments discussed and record the progress given for them; refuses everything
    (CommitteeError, naming the commitment) if one row is wrong."""
    if meeting.held_on > date.today():
        raise CommitteeError(_("The meeting has not taken place yet: its progress is recorded once it is held."))
    commitments = {c.id: c for c in plan_commitments(meeting.consultation)}
    existing = discussed_by_commitment(meeting)
    drafts, marks = [], []
    for entry in entries:
        commitment = commitments.get(entry.commitment_id)
        if commitment is None:
            raise CommitteeError(_("A commitment given does not belong to this consultation's action plan."))
        if not (entry.discussed or entry.has_progress):
            continue
        row = existing.get(commitment.id)
        if entry.has_progress:
            if row is not None and row.progress_update_id is not None:
                raise CommitteeError(_("Commitment %(number)s: the progress of this meeting is already recorded; "
                                       "record a correction on the commitment's page.", number=commitment.number))
            try:
                draft = commitment_progress.prepare(
                    commitment, reported_on=meeting.held_on, progress=entry.progress,
                    completion=entry.completion or None, done_text=entry.done_text,
                    difficulties=entry.difficulties, recommendations=entry.recommendations)
            except CommitmentError as error:
                raise CommitteeError(_("Commitment %(number)s: %(reason)s", number=commitment.number,
                                       reason=error.message)) from None
            drafts.append((commitment, draft))
        elif row is None:
            marks.append(commitment)
    if not drafts and not marks:
        raise CommitteeError(_("Nothing to record: tick a commitment discussed or give its progress."))
    outcome = Outcome()
    for commitment, draft in drafts:
        update = commitment_progress.record(draft, actor, source=SOURCE)
        if update is None:   # the very same update was already recorded: link that one
            update = db.session.scalar(db.select(ProgressUpdate).filter_by(
                commitment_id=commitment.id, fingerprint=draft.fingerprint))
        link(meeting, commitment, update)
        outcome.recorded.append(update)
    for commitment in marks:
        link(meeting, commitment, None)
        outcome.discussed.append(commitment)
    db.session.flush()
    audit.record("meeting", meeting.id, "record", actor, updates=[u.id for u in outcome.recorded],
                 discussed=[c.id for c in outcome.discussed])
    return outcome


def link(meeting: Meeting, commitment, update: ProgressUpdate | None) -> DiscussedCommitment:
    """The commitment is discussed at the meeting (with the update it recorded, if any)."""
    row = discussed_by_commitment(meeting).get(commitment.id)
    if row is None:
        row = DiscussedCommitment(meeting=meeting, commitment_id=commitment.id)
        db.session.add(row)
    if update is not None:
        taken = db.session.scalar(db.select(DiscussedCommitment).filter_by(progress_update_id=update.id))
        if taken is None or taken is row:
            row.progress_update_id = update.id
    db.session.flush()
    return row
