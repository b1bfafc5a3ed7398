"""Submitting, finding and deciding on proposals. Flushes; the caller commits."""
from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import or_

from consult.clustering.text import detect_language, fold_for_search
from consult.core import audit
from consult.core.extensions import db
from consult.proposals.models import Proposal, ProposalEvent

REF_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"   # no 0/O, 1/I: read aloud and copied by hand
TEXT_FIELDS = ("title", "problem", "reform", "results", "body", "municipality")


def new_reference() -> str:
    for length in (4, 4, 4, 5, 5, 6):
        ref = "P-" + "".join(secrets.choice(REF_ALPHABET) for _ in range(length))
        if not db.session.scalar(db.select(Proposal.id).filter_by(ref=ref)):
            return ref
    raise RuntimeError("could not allocate a proposal reference")


def index_text(proposal: Proposal) -> None:
    """Detect the language and refresh the folded search text from the proposal's fields."""
    written = " ".join(getattr(proposal, field) or "" for field in ("title", "problem", "reform", "results"))
    proposal.language = detect_language(written)
    proposal.search_text = fold_for_search(" ".join(getattr(proposal, f) or "" for f in TEXT_FIELDS))


def find_by_token(token: str | None) -> Proposal | None:
    if not token:
        return None
    return db.session.scalar(db.select(Proposal).filter_by(submission_token=token))


def submit(consultation, fields: dict, *, channel: str = "online", author=None, entered_by=None,
           token: str | None = None) -> Proposal:
    """Create a proposal from cleaned fields; the same token twice returns the first proposal."""
    existing = find_by_token(token)
    if existing:
        return existing
    proposal = Proposal(consultation=consultation, channel=channel, status="received",
                        submission_token=token, author_id=getattr(author, "id", None),
                        entered_by_id=getattr(entered_by, "id", None),
                        **{key: value for key, value in fields.items() if value is not None})
    index_text(proposal)
    proposal.ref = new_reference()
    proposal.events.append(ProposalEvent(status="received"))
    db.session.add(proposal)
    db.session.flush()
    return proposal


def get_by_ref(ref: str) -> Proposal | None:
    return db.session.scalar(db.select(Proposal).filter_by(ref=(ref or "").strip().upper()))


def change_status(proposal: Proposal, status: str, response: str, actor=None,
                  merged_into: Proposal | None = None) -> ProposalEvent:
    """Record a decision with the reasoned response its author will read; nothing is deleted."""
    old = proposal.status
    proposal.status = status
    if status == "merged":
        proposal.merged_into = merged_into
    event = ProposalEvent(status=status, response=response, actor_id=getattr(actor, "id", None))
    proposal.events.append(event)
    db.session.flush()
    audit.record("proposal", proposal.id, "status", actor, old=old, new=status, response=response)
    return event


@dataclass
class ProposalFilters:
    consultation_id: int
    query: str = ""
    axis_id: int | None = None
    governorate: str | None = None
    language: str | None = None
    status: str | None = None
    channel: str | None = None
    workshop_id: int | None = None
    include_hidden: bool = False


def search(filters: ProposalFilters):
    """A select() of matching proposals, newest first; every word of the query must match."""
    stmt = db.select(Proposal).filter_by(consultation_id=filters.consultation_id)
    for column, value in (("axis_id", filters.axis_id), ("governorate", filters.governorate),
                          ("language", filters.language), ("status", filters.status),
                          ("channel", filters.channel), ("workshop_id", filters.workshop_id)):
        if value:
            stmt = stmt.filter(getattr(Proposal, column) == value)
    if not filters.include_hidden and filters.status != "hidden":
        stmt = stmt.filter(Proposal.status != "hidden")
    for word in fold_for_search(filters.query).split()[:10]:
        pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        stmt = stmt.filter(or_(Proposal.search_text.like(pattern, escape="\\"),
                               Proposal.ref == word.upper()))
    return stmt.order_by(Proposal.created_at.desc(), Proposal.id.desc())


PUBLIC_FIELDS = ("ref", "consultation_id", "title", "problem", "reform", "results", "body", "axis",
                 "governorate", "municipality", "proposer_type", "channel", "workshop", "language",
                 "status", "merged_into", "created_at")


def public_record(proposal: Proposal) -> dict:
    """The fields anyone may read: no e-mail, phone or account. Used by the API and the CSV."""
    return {
        "ref": proposal.ref,
        "consultation_id": proposal.consultation_id,
        "title": proposal.title,
        "problem": proposal.problem,
        "reform": proposal.reform,
        "results": proposal.results,
        "body": proposal.body,
        "axis": proposal.axis.code if proposal.axis else None,
        "governorate": proposal.governorate,
        "municipality": proposal.municipality,
        "proposer_type": proposal.proposer_type,
        "channel": proposal.channel,
        "workshop": proposal.workshop.code if proposal.workshop else None,
        "language": proposal.language,
        "status": proposal.status,
        "merged_into": proposal.merged_into.ref if proposal.merged_into else None,
        "created_at": proposal.created_at.isoformat(timespec="seconds"),
    }
