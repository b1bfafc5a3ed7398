"""Public pages of the action plan: the dashboard, each commitment's page, comments on the draft."""
from __future__ import annotations

import uuid

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from consult.commitments import comments, plans, progress
from consult.commitments.errors import CommitmentError
from consult.commitments.forms import CommentForm, HideCommentForm, ResponseForm
from consult.commitments.models import Comment, Commitment
from consult.commitments.views import bp, comment_or_404, commitment_or_404, consultation_or_404
from consult.core.errors import refused
from consult.core.extensions import limiter
from consult.core.permissions import can, permission_required, require


# --- public pages -------------------------------------------------------------------------------

@bp.get("/consultations/<int:consultation_id>/plan")
def plan(consultation_id: int):
    consultation = consultation_or_404(consultation_id)
    action_plan = plans.plan_of(consultation)
    if action_plan is None:
        if can(current_user, "commitments.manage", consultation):
            return redirect(url_for("commitments.new_plan", consultation_id=consultation.id))
        abort(404)
    require("commitments.read", action_plan)
    return render_template("commitments/plan.html", consultation=consultation, plan=action_plan,
                           board=progress.dashboard(action_plan),
                           unanswered=comments.unanswered(action_plan))


def _page(commitment: Commitment, form: CommentForm | None = None):
    if form is None and can(current_user, "commitments.comment", commitment):
        form = CommentForm(formdata=None, data={"submission_token": uuid.uuid4().hex})
    return render_template(
        "commitments/page.html", commitment=commitment, plan=commitment.plan,
        consultation=commitment.consultation, history=plans.history(commitment),
        unpublished=plans.unpublished_changes(commitment) if can(current_user, "commitments.manage", commitment) else [],
        proposals=plans.source_proposals(commitment), computed=progress.milestone_progress(commitment),
        late={m.id for m in progress.late_milestones(commitment)}, silent=progress.is_silent(commitment),
        comments=commitment.comments, comment_form=form,   # hidden ones show their reason in their place
        response_form=lambda c: ResponseForm(formdata=None, prefix=comment_prefix(c.id)),
        hide_form=lambda c: HideCommentForm(formdata=None, prefix=comment_prefix(c.id)))


def comment_prefix(comment_id: int) -> str:
    """Each comment's forms have their own field names, so that the page's ids stay unique."""
    return f"comment-{comment_id}"


@bp.get("/commitments/<int:commitment_id>")
@permission_required("commitments.read", load=commitment_or_404, to="commitment")
def page(commitment):
    return _page(commitment)


def comment_limit() -> str:
    return current_app.config["SUBMISSION_RATE_LIMIT"]


@bp.post("/commitments/<int:commitment_id>/comments")
@limiter.limit(comment_limit)
@permission_required("commitments.comment", load=commitment_or_404, to="commitment")
def comment(commitment):
    form = CommentForm()
    if form.website.data:
        abort(400)
    if not form.validate_on_submit():
        return _page(commitment, form), 400
    try:
        comments.add_comment(commitment, form.body.data, form.submission_token.data or None)
    except CommitmentError as error:
        form.body.errors = [error.message]   # said beside the comment, not above the page
        return _page(commitment, form), error.status
    flash(_("Thank you. Your comment is published below; the coordinators will answer it."), "success")
    return redirect(url_for("commitments.page", commitment_id=commitment.id, _anchor="comments"))


def _on_comment(item: Comment, act, done: str):
    """A coordinator's action on a comment: back to it saying `done`, or the page with the refusal."""
    try:
        act()
    except CommitmentError as error:
        return refused(error, _page, item.commitment)
    flash(done, "success")
    return redirect(url_for("commitments.page", commitment_id=item.commitment_id, _anchor=f"comment-{item.id}"))


def _on_comment_form(item: Comment, form_class, refusal: str, apply, done: str):
    """The same, for an action that sends a form: refused with `refusal` when it is empty."""
    form = form_class(prefix=comment_prefix(item.id))

    def act():
        if not form.validate_on_submit():
            raise CommitmentError(refusal)
        apply(item, form)
    return _on_comment(item, act, done)


@bp.post("/comments/<int:comment_id>/respond")
@permission_required("commitments.manage", load=comment_or_404, to="item")
def respond(item: Comment):
    return _on_comment_form(item, ResponseForm, _("Write the reasoned response: it is public."),
                            lambda item, form: comments.respond(item, form.response.data, current_user),
                            _("Response published."))


@bp.post("/comments/<int:comment_id>/hide")
@permission_required("commitments.manage", load=comment_or_404, to="item")
def hide_comment(item: Comment):
    return _on_comment_form(item, HideCommentForm, _("Say why the comment is hidden: the reason is public."),
                            lambda item, form: comments.hide(item, form.reason.data, current_user),
                            _("Comment hidden. Its text is kept; the reason is shown in its place."))


@bp.post("/comments/<int:comment_id>/show")
@permission_required("commitments.manage", load=comment_or_404, to="item")
def show_comment(item: Comment):
    return _on_comment(item, lambda: comments.show_again(item, current_user), _("The comment is shown again."))
