"""Comments on a draft commitment, by anyone, and the coordinator's reasoned response to each.

The anti-abuse rules are those of proposals: a honeypot field, a rate limit per address (in the
view) and one submission token per rendered form. A coordinator may hide an abusive comment with
a public reason; its text is kept (and can be shown again), like a hidden proposal's. Flushes;
the caller commits.
"""
from __future__ import annotations

from flask_babel import gettext as _

from consult.commitments.errors import CommitmentError
from consult.commitments.models import TEXT_MAX, Comment, Commitment
from consult.core import audit, transactions
from consult.core.extensions import db
from consult.core.models import utcnow


def add_comment(commitment: Commitment, body: str, token: str | None) -> Comment:
    """A new public comment; the same token twice returns the first comment."""
    if token:
        existing = db.session.scalar(db.select(Comment).filter_by(submission_token=token))
        if existing is not None:
            return existing
    body = (body or "").strip()
    if not body:
        raise CommitmentError(_("Write your comment."))
    if len(body) > TEXT_MAX:
        raise CommitmentError(_("A comment has at most %(max)d characters.", max=TEXT_MAX))
    comment = Comment(commitment=commitment, body=body, submission_token=token or None)
    db.session.add(comment)
    saved = transactions.flush_or_saved_by_twin(
        lambda: db.session.scalar(db.select(Comment).filter_by(submission_token=token)) if token else None)
    if saved is not None:
        return saved
    audit.record("commitment_comment", comment.id, "create", None, commitment_id=commitment.id)
    return comment


def respond(comment: Comment, response: str, actor) -> Comment:
    response = (response or "").strip()
    if not response:
        raise CommitmentError(_("Write the reasoned response: it is public."))
    old = comment.response
    comment.response, comment.responded_by_id, comment.responded_at = response, getattr(actor, "id", None), utcnow()
    db.session.flush()
    audit.record("commitment_comment", comment.id, "respond", actor, old=old, new=response)
    return comment


def hide(comment: Comment, reason: str, actor) -> Comment:
    """Hide the comment from the public page; the reason stands in its place there."""
    reason = (reason or "").strip()
    if not reason:
        raise CommitmentError(_("Say why the comment is hidden: the reason is public."))
    if len(reason) > TEXT_MAX:
        raise CommitmentError(_("A reason has at most %(max)d characters.", max=TEXT_MAX))
    if comment.is_hidden:
        raise CommitmentError(_("This comment is already hidden."), 409)
    comment.status, comment.hidden_reason = "hidden", reason
    comment.hidden_by_id, comment.hidden_at = getattr(actor, "id", None), utcnow()
    db.session.flush()
    audit.record("commitment_comment", comment.id, "hide", actor, reason=reason)
    return comment


def show_again(comment: Comment, actor) -> Comment:
    """Undo a hiding: the comment is published again as it was written."""
    if not comment.is_hidden:
        raise CommitmentError(_("This comment is not hidden."), 409)
    old_reason = comment.hidden_reason
    comment.status, comment.hidden_reason, comment.hidden_by_id, comment.hidden_at = "published", "", None, None
    db.session.flush()
    audit.record("commitment_comment", comment.id, "show", actor, old_reason=old_reason)
    return comment


def visible_comments(commitment: Commitment) -> list[Comment]:
    return [comment for comment in commitment.comments if comment.status == "published"]


def unanswered(plan) -> int:
    return sum(1 for c in plan.commitments for comment in visible_comments(c) if not comment.response)
