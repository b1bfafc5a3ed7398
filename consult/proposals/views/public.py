"""Submitting, following and reading proposals."""
from __future__ import annotations

import uuid

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import joinedload

from consult.consultations.models import Consultation
from consult.consultations.views import get_or_404
from consult.core.extensions import db, limiter
from consult.core.geo import governorate_choices
from consult.core.inputs import page_arg
from consult.core.permissions import can, permission_required
from consult.proposals import search, services
from consult.proposals.forms import ProposalForm
from consult.proposals.views import bp, filters_from_request, proposal_page


def submission_limit() -> str:
    return current_app.config["SUBMISSION_RATE_LIMIT"]


@bp.route("/consultations/<int:consultation_id>/propose", methods=["GET", "POST"])
@limiter.limit(submission_limit, methods=["POST"])
def submit(consultation_id: int):
    consultation = get_or_404(consultation_id)
    if not can(current_user, "proposals.submit", consultation):
        return render_template("proposals/closed.html", consultation=consultation), 403
    form = ProposalForm(consultation)
    if request.method == "GET":
        form.submission_token.data = uuid.uuid4().hex
    elif form.website.data:
        abort(400)
    elif form.validate_on_submit():
        author = current_user if current_user.is_authenticated else None
        proposal = services.submit(consultation, form.proposal_fields(), author=author,
                                   token=form.submission_token.data or None)
        flash(_("Thank you. Your proposal is registered under the reference %(ref)s: keep it to follow "
                "what becomes of it.", ref=proposal.ref), "success")
        return redirect(url_for("proposals.page", ref=proposal.ref))
    status = 400 if form.errors else 200
    return render_template("proposals/submit.html", form=form, consultation=consultation), status


@bp.get("/p/<ref>")
def page(ref: str):
    """The proposal's public page, which is also its author's follow-up page."""
    proposal = services.page_proposal(ref) or abort(404)
    return proposal_page(proposal)


@bp.get("/follow")
def follow():
    ref = (request.args.get("ref") or "").strip()
    if ref:
        proposal = services.get_by_ref(ref)
        if proposal:
            return redirect(url_for("proposals.page", ref=proposal.ref))
        flash(_("No proposal has the reference %(ref)s. Check it and try again.", ref=ref[:20]), "error")
        return render_template("proposals/follow.html", ref=ref[:20]), 404
    return render_template("proposals/follow.html", ref="")


@bp.get("/consultations/<int:consultation_id>/proposals")
def index(consultation_id: int):
    # With its axes (the filter's choices, each proposal's axis): one query.
    consultation = db.session.get(Consultation, consultation_id, options=[joinedload(Consultation.axes)]) or abort(404)
    filters = filters_from_request(consultation_id)
    pagination = search.paginate(filters, page_arg(), current_app.config["PER_PAGE"])
    return render_template("proposals/index.html", consultation=consultation, filters=filters,
                           pagination=pagination, governorates=governorate_choices())


@bp.get("/my/proposals")
@permission_required("proposals.read_own")
def mine():
    pagination = db.paginate(services.proposals_of(current_user), page=page_arg(),
                             per_page=current_app.config["PER_PAGE"], error_out=False)
    return render_template("proposals/mine.html", pagination=pagination)
