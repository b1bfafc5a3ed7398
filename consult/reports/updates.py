"""When the platform's record of a consultation was updated: the days on which something was
published or recorded about it (for the standard "repository updated at least twice a year")."""
from __future__ import annotations

from datetime import date, datetime

from consult.core.extensions import db
from consult.core.models import AuditEntry
from consult.reports.models import SelfAssessment
from consult.reports.sources import (Comment, Commitment, PlanVersion, ProgressUpdate, Proposal, ProposalEvent,
                                     ThemeDecision, Workshop, committee as forum, plans)


def _day(value) -> date | None:
    if value is None:
        return None
    return value.date() if isinstance(value, datetime) else value


def update_days(consultation) -> list[date]:
    """Every day with a public change: the consultation's own audited changes, proposals received
    and answered, workshops, shortlist decisions, plan versions, progress recorded, comments and their
    answers, the committee's charter, minutes and their corrections, the report's publication. Sorted, each day once."""
    cid = consultation.id
    found: set = set()

    def add(values) -> None:
        found.update(_day(v) for v in values)

    add(db.session.scalars(db.select(AuditEntry.at).filter_by(entity="consultation", entity_id=cid)))
    add(db.session.scalars(db.select(Proposal.created_at).filter_by(consultation_id=cid)))
    add(db.session.scalars(db.select(ProposalEvent.created_at).join(Proposal).filter(
        Proposal.consultation_id == cid, ProposalEvent.status != "received")))
    workshop_ids = db.session.scalars(db.select(Workshop.id).filter_by(consultation_id=cid)).all()
    if workshop_ids:
        add(db.session.scalars(db.select(AuditEntry.at).filter(AuditEntry.entity == "workshop",
                                                               AuditEntry.entity_id.in_(workshop_ids))))
    add(db.session.scalars(db.select(ThemeDecision.decided_at).filter_by(consultation_id=cid)))
    plan = plans.plan_of(consultation)
    if plan is not None:
        add(db.session.scalars(db.select(PlanVersion.published_at).filter_by(plan_id=plan.id)))
        add(db.session.scalars(db.select(ProgressUpdate.reported_on).join(Commitment)
                               .filter(Commitment.plan_id == plan.id)))
        comments = db.session.execute(db.select(Comment.created_at, Comment.responded_at).join(Commitment)
                                      .filter(Commitment.plan_id == plan.id)).all()
        add(value for row in comments for value in row)
    body = forum.committee_of(cid)
    if body is not None:
        add([forum.charter_published_at(body)])
        published = forum.meetings_of(cid, published_minutes_only=True)
        add(m.minutes_published_at for m in published)
        add(correction.created_at for m in published for correction in m.corrections)
    add(db.session.scalars(db.select(SelfAssessment.published_at).filter_by(consultation_id=cid)))
    found.discard(None)
    return sorted(found)
