"""Coordinators: the moderation list, and hiding, showing again and deciding on a proposal from its page."""
from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from consult.consultations.models import Consultation
from consult.core.inputs import page_arg
from consult.core.permissions import permission_required
from consult.proposals import search, services
from consult.proposals.forms import ReasonForm, StatusForm
from consult.proposals.models import STATUSES
from consult.proposals.views import bp, consultation_or_none, proposal_page


def _proposal(ref: str, **_others):
    return services.get_by_ref(ref)


@bp.get("/consultations/<int:consultation_id>/moderation")
@permission_required("proposals.moderate", load=consultation_or_none, to="consultation")
def moderation(consultation: Consultation | None):
    consultation = consultation or abort(404)
    status = request.args.get("status") if request.args.get("status") in STATUSES else None
    filters = search.ProposalFilters(consultation_id=consultation.id, query=(request.args.get("q") or "")[:200],
                                     status=status, include_hidden=True)
    pagination = search.paginate(filters, page_arg(), current_app.config["PER_PAGE"])
    return render_template("proposals/moderation.html", consultation=consultation, filters=filters,
                           pagination=pagination)


def _moderate(proposal, action, form):
    """Run a moderation action from the proposal page; errors are shown on the page, nothing saved."""
    proposal = proposal or abort(404)
    if form.validate_on_submit():
        try:
            action(proposal)
        except services.ModerationError as error:   # the 400 below rolls back whatever was begun
            field = (form.reason if isinstance(form, ReasonForm)
                     else form.merged_into if form.status.data == "merged" else form.status)
            field.errors = [error.message]
        else:
            flash(_("Saved. The author can read the response on this page."), "success")
            return redirect(url_for("proposals.page", ref=proposal.ref))
    name = "status_form" if isinstance(form, StatusForm) else "reason_form"
    return proposal_page(proposal, **{name: form}), 400


@bp.post("/p/<ref>/hide")
@permission_required("proposals.moderate", load=_proposal, to="proposal")
def hide(proposal):
    form = ReasonForm(prefix="moderation")
    return _moderate(proposal, lambda p: services.hide(p, form.reason.data.strip(), current_user), form)


@bp.post("/p/<ref>/unhide")
@permission_required("proposals.moderate", load=_proposal, to="proposal")
def unhide(proposal):
    form = ReasonForm(prefix="moderation")
    return _moderate(proposal, lambda p: services.unhide(p, form.reason.data.strip(), current_user), form)


@bp.post("/p/<ref>/status")
@permission_required("proposals.moderate", load=_proposal, to="proposal")
def decide(proposal):
    form = StatusForm()
    return _moderate(proposal, lambda p: services.decide(p, form.status.data, form.response.data.strip(),
                                                    current_user, form.merged_into.data), form)
