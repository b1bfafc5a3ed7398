"""Duplicate links: pairs a run suggests, confirmed or dismissed by people, or linked by hand.
Both proposals are always kept; a confirmed link shows on both pages. Flushes; the caller commits."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from consult.clustering.common import ClusteringError
from consult.clustering.models import DuplicateLink, Theme
from consult.core import audit
from consult.core.extensions import db
from consult.core.models import utcnow
from consult.proposals.models import Proposal


def duplicate_suggestions(consultation_id: int, limit: int = 200) -> list[DuplicateLink]:
    """Pairs flagged by the last run, most alike first, for people to confirm or dismiss."""
    links = db.session.scalars(select(DuplicateLink).filter_by(consultation_id=consultation_id,
                                                               status="suggested")
                               .order_by(DuplicateLink.score.desc(), DuplicateLink.id).limit(limit)).all()
    return [link for link in links if not link.original.is_hidden and not link.duplicate.is_hidden]


def confirmed_duplicates(consultation_id: int) -> list[DuplicateLink]:
    return db.session.scalars(select(DuplicateLink).filter_by(consultation_id=consultation_id,
                                                              status="confirmed")
                              .order_by(DuplicateLink.decided_at.desc(), DuplicateLink.id.desc())).all()


def decide_duplicate(link: DuplicateLink, confirmed: bool, actor) -> None:
    """Confirm (link the later proposal to its original) or dismiss a suggested pair."""
    link.status = "confirmed" if confirmed else "dismissed"
    link.decided_by_id, link.decided_at = getattr(actor, "id", None), utcnow()
    db.session.flush()
    action = "duplicate_confirmed" if confirmed else "duplicate_dismissed"
    audit.record("proposal", link.duplicate_id, action, actor, original=link.original.ref,
                 duplicate=link.duplicate.ref)
    audit.record("proposal", link.original_id, action, actor, original=link.original.ref,
                 duplicate=link.duplicate.ref)


def mark_duplicate(consultation_id: int, original_ref: str, duplicate_ref: str, actor) -> DuplicateLink:
    """People link two proposals by their references: the later one repeats the original."""
    from consult.proposals.services import get_by_ref
    original, duplicate = get_by_ref(original_ref), get_by_ref(duplicate_ref)
    for ref, proposal in ((original_ref, original), (duplicate_ref, duplicate)):
        if proposal is None or proposal.consultation_id != consultation_id:
            raise ClusteringError(_("No proposal of this consultation has the reference %(ref)s.",
                                    ref=(ref or "").strip()[:12]))
    if original.id == duplicate.id:
        raise ClusteringError(_("A proposal cannot repeat itself."))
    link = db.session.scalar(select(DuplicateLink).filter(
        ((DuplicateLink.original_id == original.id) & (DuplicateLink.duplicate_id == duplicate.id))
        | ((DuplicateLink.original_id == duplicate.id) & (DuplicateLink.duplicate_id == original.id))))
    if link is None:
        link = DuplicateLink(consultation_id=consultation_id, original_id=original.id,
                             duplicate_id=duplicate.id, status="suggested")
        db.session.add(link)
        db.session.flush()
    elif link.status == "confirmed":
        raise ClusteringError(_("These two proposals are already linked."))
    link.original_id, link.duplicate_id = original.id, duplicate.id
    db.session.flush()
    db.session.refresh(link)
    decide_duplicate(link, True, actor)
    return link


@dataclass
class ProposalClustering:
    theme: Theme | None
    originals: list  # proposals this one repeats
    repeated_by: list  # proposals that repeat this one


def proposal_clustering(proposal: Proposal) -> ProposalClustering:
    """What the proposal's page shows: its theme and its confirmed duplicates (visible ones)."""
    links = db.session.scalars(select(DuplicateLink).filter(
        DuplicateLink.status == "confirmed",
        (DuplicateLink.original_id == proposal.id) | (DuplicateLink.duplicate_id == proposal.id))
        .order_by(DuplicateLink.id)).all()
    return ProposalClustering(
        theme=proposal.theme,
        originals=[link.original for link in links
                   if link.duplicate_id == proposal.id and not link.original.is_hidden],
        repeated_by=[link.duplicate for link in links
                     if link.original_id == proposal.id and not link.duplicate.is_hidden])
