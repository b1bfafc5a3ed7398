"""Submitting, finding by reference and deciding on proposals (the list's search: search.py).
Flushes; the caller commits."""
from __future__ import annotations

import re
import secrets
from collections import Counter
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from consult.consultations.models import Consultation
from consult.core.text import detect_language, fold_for_search
from consult.proposals.signals import proposals_saved
from consult.core import audit, transactions
from consult.core.errors import Refused
from consult.core.extensions import db
from consult.core.permissions import can
from consult.core.languages import known_language, pick
from consult.proposals import notify, support
from consult.proposals.models import STATUSES, Proposal, ProposalEvent

REF_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"   # no 0/O, 1/I: read aloud and copied by hand
TEXT_FIELDS = ("title", "problem", "reform", "results", "body", "municipality")


def new_reference() -> str:
    return new_references(1)[0]


def new_references(count: int) -> list[str]:
    """`count` unused references, checked against the database in one query per attempt."""
    refs: set[str] = set()
    for length in (4, 4, 4, 5, 5, 6):
        wanted = count - len(refs)
        candidates = {"P-" + "".join(secrets.choice(REF_ALPHABET) for _n in range(length))
                      for _i in range(wanted)} - refs
        taken = set(db.session.scalars(db.select(Proposal.ref).filter(Proposal.ref.in_(candidates))))
        refs |= candidates - taken
        if len(refs) == count:
            return list(refs)
    raise RuntimeError("could not allocate proposal references")


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
    """Create a proposal from cleaned fields; the same token twice returns the first proposal.

    With a token, the submission must be the first change of its transaction: when the same form
    arrives twice at once (a double click reaching two workers) the second insert breaks the unique
    token, and the transaction is rolled back whole before the first request's proposal is returned.
    """
    existing = find_by_token(token)
    if existing:
        return existing
    proposal = build(consultation, fields, channel=channel, author=author, entered_by=entered_by,
                     token=token, ref=new_reference())
    saved = transactions.flush_or_saved_by_twin(lambda: find_by_token(token))
    if saved is not None:
        return saved
    proposals_saved.send(consultation, proposals=[proposal])
    return proposal


def build(consultation, fields: dict, *, ref: str, channel: str = "online", author=None,
          entered_by=None, token: str | None = None) -> Proposal:
    """A new received proposal added to the session (not flushed: imports add thousands)."""
    proposal = Proposal(consultation=consultation, channel=channel, status="received",
                        submission_token=token, author_id=getattr(author, "id", None),
                        entered_by_id=getattr(entered_by, "id", None), ref=ref,
                        **{key: value for key, value in fields.items() if value is not None})
    index_text(proposal)
    proposal.events.append(ProposalEvent(status="received"))
    db.session.add(proposal)
    return proposal


def workshops_of(consultation, user=None) -> list:
    """The consultation's workshops; given a user who may not enter for all of them (not a
    coordinator), only those they facilitate."""
    from consult.workshops.models import Workshop
    query = db.select(Workshop).filter_by(consultation_id=consultation.id)
    if user is not None and not can(user, "proposals.enter_for_all_workshops", consultation):
        query = query.filter(Workshop.facilitators.any(id=user.id))
    return db.session.scalars(query.order_by(Workshop.held_on, Workshop.id)).all()


def workshop_proposals(workshop) -> list[Proposal]:
    """The proposals entered or imported at the workshop, hidden ones left out (they stay kept)."""
    return db.session.scalars(db.select(Proposal).filter_by(workshop_id=workshop.id)
                              .filter(Proposal.status != "hidden").order_by(Proposal.id)).all()


@dataclass
class WorkshopTheme:
    theme: object            # consult.clustering.models.Theme
    count: int               # how many of the workshop's proposals fall into it


def workshop_themes(proposals: list[Proposal]) -> list[WorkshopTheme]:
    """The themes the given proposals fall into, the most represented first."""
    counts = Counter(p.theme_id for p in proposals if p.theme_id)
    themes = {p.theme_id: p.theme for p in proposals if p.theme_id}
    return [WorkshopTheme(themes[theme_id], count)
            for theme_id, count in sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))]


def workshop_page_context(workshop, **_extra) -> dict:
    """Answer to workshops' `workshop_page` signal: the workshop's proposals and their themes."""
    proposals = workshop_proposals(workshop)
    return {"proposals": proposals, "themes": workshop_themes(proposals)}


def axis_usage(axis) -> dict[str, int]:
    """Answer to consultations' `axis_usage` signal: an axis proposals use cannot be removed."""
    return {"proposals": db.session.scalar(db.select(db.func.count(Proposal.id)).filter(Proposal.axis_id == axis.id))}


def proposals_of(user):
    """A signed-in citizen's own proposals, newest first (a select())."""
    return (db.select(Proposal).filter_by(author_id=user.id)
            .order_by(Proposal.created_at.desc(), Proposal.id.desc()))


def normalize_ref(text: str | None) -> str:
    """A reference as people type or copy it: "pnrfc", "P NRFC", "P–NRFC" (any dash) all read P-NRFC."""
    compact = re.sub(r"[\s\-\u2010-\u2015\u2212_.]", "", (text or "").upper())[:20]
    return "P-" + compact[1:] if compact.startswith("P") and len(compact) > 1 else compact


def get_by_ref(ref: str, *options) -> Proposal | None:
    """The proposal with this reference (as people type it); `options` are loader options (what
    a page reads of it, loaded with it rather than one query each)."""
    stmt = db.select(Proposal).filter_by(ref=normalize_ref(ref)).options(*options)
    return db.session.scalars(stmt).unique().first()


def page_proposal(ref: str) -> Proposal | None:
    """The proposal for its public page, with what the page reads of it in the same query (a
    proposal has a few events and its consultation six phases: the joined rows stay few)."""
    return get_by_ref(ref, joinedload(Proposal.consultation).joinedload(Consultation.phases),
                      joinedload(Proposal.axis), joinedload(Proposal.workshop), joinedload(Proposal.theme),
                      joinedload(Proposal.events), support.with_count())


def change_status(proposal: Proposal, status: str, response: str, actor=None,
                  merged_into: Proposal | None = None, responses: dict | None = None) -> ProposalEvent:
    """Record a decision with the reasoned response its author will read; nothing is deleted.

    `responses`: the same response in {"ar", "fr", "en"}; the author reads the version in the
    language of their proposal (by e-mail) or of the page, and `response` is then the first.
    Hiding keeps the "merged into" link, so that unhiding a merged proposal restores it.
    Supporters who left an e-mail are told an outcome (retained, merged, not retained).
    """
    if status not in STATUSES:
        raise ValueError(f"unknown status {status!r}")
    old = proposal.status
    proposal.status = status
    if status == "merged":
        proposal.merged_into = merged_into
    elif status != "hidden":
        proposal.merged_into = None
    responses = {code: text for code, text in (responses or {}).items() if text} or None
    if responses:
        response = pick(responses, known_language(proposal.language))[0]
    event = ProposalEvent(status=status, response=response, responses=responses,
                          actor_id=getattr(actor, "id", None))
    proposal.events.append(event)
    db.session.flush()
    audit.record("proposal", proposal.id, "status", actor, old=old, new=status, response=response,
                 merged_into=proposal.merged_into.ref if status == "merged" and proposal.merged_into else None)
    notify.queue_status_changed(proposal, event)   # sent once the decision is saved
    support.queue_outcome(proposal, event)
    return event


class ModerationError(Refused):
    """A moderation request that cannot be carried out; the message is for the coordinator."""


def merge_target(proposal: Proposal, ref: str | None) -> Proposal:
    """The proposal that `proposal` can be merged into: same consultation, not itself, no cycle."""
    ref = (ref or "").strip()
    if not ref:
        raise ModerationError(_("Give the reference of the proposal it is merged into."))
    target = get_by_ref(ref)
    if target is None or target.consultation_id != proposal.consultation_id:
        raise ModerationError(_("No proposal of this consultation has the reference %(ref)s.", ref=ref[:12]))
    if target.id == proposal.id:
        raise ModerationError(_("A proposal cannot be merged into itself."))
    if target.is_hidden:
        raise ModerationError(_("%(ref)s is hidden: choose a visible proposal.", ref=target.ref))
    seen, step = {target.id}, target
    while step.merged_into is not None and step.merged_into.id not in seen:
        if step.merged_into.id == proposal.id:
            raise ModerationError(_("%(ref)s is already merged into this proposal.", ref=target.ref))
        seen.add(step.merged_into.id)
        step = step.merged_into
    return target


def decide(proposal: Proposal, status: str, response: str, actor, merged_into_ref: str | None = None):
    """A coordinator's decision on a proposal, with its reasoned response."""
    if status in ("received", "hidden") or status not in STATUSES:
        raise ModerationError(_("Choose a new status."))
    target = merge_target(proposal, merged_into_ref) if status == "merged" else None
    return change_status(proposal, status, response, actor, merged_into=target)


def hide(proposal: Proposal, reason: str, actor) -> ProposalEvent:
    """Hide spam or abuse from the public lists; the proposal and its page remain, with the reason."""
    if proposal.is_hidden:
        raise ModerationError(_("This proposal is already hidden."))
    return change_status(proposal, "hidden", reason, actor)


def unhide(proposal: Proposal, reason: str, actor) -> ProposalEvent:
    """Show a hidden proposal again, with the status it had before it was hidden."""
    if not proposal.is_hidden:
        raise ModerationError(_("This proposal is not hidden."))
    previous = next((e.status for e in reversed(proposal.events) if e.status != "hidden"), "received")
    if previous == "grouped" and proposal.theme_id is None:
        previous = "received"   # its grouping was undone while it was hidden: it is in no theme
    return change_status(proposal, previous, reason, actor, merged_into=proposal.merged_into)


PUBLIC_FIELDS = ("ref", "consultation_id", "title", "problem", "reform", "results", "body", "axis",
                 "governorate", "municipality", "proposer_type", "channel", "workshop", "language",
                 "status", "merged_into", "supports", "created_at")


def public_record(proposal: Proposal, supports: int | None = None) -> dict:
    """The fields anyone may read: no e-mail, phone or account. Used by the API and the CSV.

    `supports`: how many people added their voice (counted here when not given) — never who."""
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
        "supports": support.count(proposal) if supports is None else supports,
        "created_at": proposal.created_at.isoformat(timespec="seconds"),
    }
