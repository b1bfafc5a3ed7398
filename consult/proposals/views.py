"""Submitting, following and reading proposals."""
from __future__ import annotations

import uuid

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from consult.consultations import services as consultations
from consult.consultations.views import get_or_404
from consult.core.extensions import db, limiter
from consult.core.geo import governorate_choices
from consult.proposals import services
from consult.proposals.forms import (ProposalForm, channel_labels, language_labels, proposer_labels,
                                     status_labels)
from consult.proposals.models import CHANNELS, LANGUAGES, STATUSES

bp = Blueprint("proposals", __name__)


def submission_limit() -> str:
    return current_app.config["SUBMISSION_RATE_LIMIT"]


@bp.record_once
def register_labels(state):
    # Globals (not context) so that imported macros and other features' templates see them too.
    state.app.jinja_env.globals.update(
        status_labels=status_labels(), channel_labels=channel_labels(),
        proposer_labels=proposer_labels(), language_labels=language_labels())


@bp.route("/consultations/<int:consultation_id>/propose", methods=["GET", "POST"])
@limiter.limit(submission_limit, methods=["POST"])
def submit(consultation_id: int):
    consultation = get_or_404(consultation_id)
    if not consultations.is_open_for(consultation, "collection"):
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
        db.session.commit()
        flash(_("Thank you. Your proposal is registered under the reference %(ref)s: keep it to follow "
                "what becomes of it.", ref=proposal.ref), "success")
        return redirect(url_for("proposals.page", ref=proposal.ref))
    status = 400 if form.errors else 200
    return render_template("proposals/submit.html", form=form, consultation=consultation), status


@bp.get("/p/<ref>")
def page(ref: str):
    """The proposal's public page, which is also its author's follow-up page."""
    proposal = services.get_by_ref(ref) or abort(404)
    return render_template("proposals/page.html", proposal=proposal)


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


def filters_from_request(consultation_id: int) -> services.ProposalFilters:
    """Read the list filters from the query string, ignoring values that are not valid choices."""
    args = request.args

    def choice(name, allowed):
        value = args.get(name) or None
        return value if value in allowed else None

    def number(name):
        value = args.get(name, "")
        return int(value) if value.isdigit() else None

    return services.ProposalFilters(
        consultation_id=consultation_id, query=(args.get("q") or "")[:200],
        axis_id=number("axis"), governorate=choice("region", {c for c, _n in governorate_choices()}),
        language=choice("language", LANGUAGES), status=choice("status", set(STATUSES) - {"hidden"}),
        channel=choice("channel", CHANNELS), workshop_id=number("workshop"))


@bp.get("/consultations/<int:consultation_id>/proposals")
def index(consultation_id: int):
    consultation = get_or_404(consultation_id)
    filters = filters_from_request(consultation_id)
    page_number = request.args.get("page", "1")
    pagination = db.paginate(services.search(filters), page=int(page_number) if page_number.isdigit() else 1,
                             per_page=current_app.config["PER_PAGE"], error_out=False)
    return render_template("proposals/index.html", consultation=consultation, filters=filters,
                           pagination=pagination, governorates=governorate_choices())


from consult.proposals import api  # noqa: E402,F401  (registers the open-data routes on bp)
