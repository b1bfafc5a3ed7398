"""Submitting, following and reading proposals."""
from __future__ import annotations

import uuid

from flask import (Blueprint, Response, abort, current_app, flash, make_response, redirect,
                   render_template, request, url_for)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import joinedload

from consult.consultations.models import Consultation
from consult.consultations.views import get_or_404
from consult.core.extensions import db, limiter
from consult.core.forms import ConfirmForm
from consult.core.geo import governorate_choices
from consult.core.i18n import Labels, current_language
from consult.core.inputs import int_arg, page_arg
from consult.core.permissions import can, permission_required
from consult.proposals import import_template as blank_sheets
from consult.proposals import figures, import_fixes, import_jobs, importing, search, services
from consult.proposals.forms import (FacilitatorProposalForm, ImportForm, ProposalForm, ReasonForm,
                                     StatusForm, channel_labels, language_labels, proposer_labels,
                                     status_labels)
from consult.proposals.models import CHANNELS, LANGUAGES, STATUSES, ProposalImport
from consult.workshops.naming import own_workshop

bp = Blueprint("proposals", __name__)


def submission_limit() -> str:
    return current_app.config["SUBMISSION_RATE_LIMIT"]


def register_labels(app) -> None:
    # Globals (not context) so that imported macros and other features' templates see them too.
    app.jinja_env.globals.update(
        status_labels=Labels(status_labels), channel_labels=Labels(channel_labels),
        proposer_labels=Labels(proposer_labels), language_labels=Labels(language_labels),
        consultation_figures=figures.consultation_figures)


def _consultation(consultation_id: int, **_others) -> Consultation | None:
    """The consultation a permission is checked on (None if there is none: the view answers 404)."""
    return db.session.get(Consultation, consultation_id)


def _proposal(ref: str, **_others):
    return services.get_by_ref(ref)


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


def proposal_page(proposal, **forms) -> str:
    """The proposal's page; coordinators also get the moderation forms (given ones keep their errors)."""
    if can(current_user, "proposals.moderate", proposal):
        forms.setdefault("reason_form", ReasonForm(formdata=None, prefix="moderation"))
        forms.setdefault("status_form", StatusForm(formdata=None, data={"status": proposal.status}))
    return render_template("proposals/page.html", proposal=proposal, **forms)


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


def filters_from_request(consultation_id: int) -> search.ProposalFilters:
    """Read the list filters from the query string, ignoring values that are not valid choices."""
    args = request.args

    def choice(name, allowed):
        value = args.get(name) or None
        return value if value in allowed else None

    return search.ProposalFilters(
        consultation_id=consultation_id, query=(args.get("q") or "")[:200],
        axis_id=int_arg("axis"), governorate=choice("region", {c for c, _n in governorate_choices()}),
        language=choice("language", LANGUAGES), status=choice("status", set(STATUSES) - {"hidden"}),
        channel=choice("channel", CHANNELS), workshop_id=int_arg("workshop"))


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


# --- facilitators: entering and importing proposals collected on paper or in workshops -------------

def _staff_consultation(consultation: Consultation | None) -> Consultation:
    """The consultation (404 if there is none), or the "closed" page (403) once grouping is over."""
    consultation = consultation or abort(404)
    if not can(current_user, "proposals.accept_entries", consultation):
        abort(make_response(render_template("proposals/closed.html", consultation=consultation, staff=True), 403))
    return consultation


def _workshop(consultation, workshop_id):
    return next((w for w in services.workshops_of(consultation, current_user) if w.id == workshop_id), None)


def _own_workshop_id(consultation) -> int:
    """A facilitator's own workshop, preselected (the one held closest to today); none for a
    coordinator, who enters for every workshop."""
    if can(current_user, "proposals.enter_for_all_workshops", consultation):
        return 0
    own = own_workshop(services.workshops_of(consultation, current_user))
    return own.id if own else 0


@bp.route("/consultations/<int:consultation_id>/proposals/enter", methods=["GET", "POST"])
@permission_required("proposals.enter", load=_consultation, to="consultation")
def enter(consultation: Consultation | None):
    consultation = _staff_consultation(consultation)
    form = FacilitatorProposalForm(consultation, services.workshops_of(consultation, current_user))
    if request.method == "GET":
        form.submission_token.data = uuid.uuid4().hex
        form.channel.data = request.args.get("channel", "workshop")
        form.workshop_id.data = int_arg("workshop_id", 0) or _own_workshop_id(consultation)
    elif form.validate_on_submit():
        proposal = services.submit(consultation, form.proposal_fields(), channel=form.channel.data,
                                   entered_by=current_user, token=form.submission_token.data or None)
        flash(_("Proposal %(ref)s entered. You can enter the next one.", ref=proposal.ref), "success")
        # Keep the channel and workshop for the next sheet of the same session.
        return redirect(url_for("proposals.enter", consultation_id=consultation.id, last=proposal.ref,
                                channel=form.channel.data, workshop_id=form.workshop_id.data or None))
    status = 400 if form.errors else 200
    last = services.get_by_ref(request.args.get("last", ""))
    return render_template("proposals/enter.html", form=form, consultation=consultation, last=last), status


@bp.route("/consultations/<int:consultation_id>/proposals/import", methods=["GET", "POST"])
@permission_required("proposals.enter", load=_consultation, to="consultation")
def import_proposals(consultation: Consultation | None):
    consultation = _staff_consultation(consultation)
    form = ImportForm(services.workshops_of(consultation, current_user))
    if request.method == "GET":
        form.channel.data = "workshop"
        form.workshop_id.data = _own_workshop_id(consultation)
    elif form.validate_on_submit():
        upload = form.file.data
        try:
            done = import_jobs.import_or_queue(consultation, upload.filename or "", upload.read(), current_user,
                                               channel=form.channel.data,
                                               workshop=_workshop(consultation, form.workshop_id.data),
                                               allowed_workshops=services.workshops_of(consultation, current_user))
        except importing.ImportFileError as error:   # nothing was added; the 400 rolls back anyway
            form.file.errors.append(error.message)
        else:
            if isinstance(done, ProposalImport):   # a large file: imported in the background
                return redirect(url_for("proposals.import_status", import_id=done.id))
            return render_template("proposals/import_report.html", consultation=consultation, report=done,
                                   refused_file=import_fixes.refused_rows_link(done, current_language()))
    status = 400 if form.errors else 200
    return render_template("proposals/import.html", form=form, consultation=consultation,
                           max_rows=importing.MAX_ROWS), status


def _import(import_id: int, **_others) -> ProposalImport:
    return db.session.get(ProposalImport, import_id) or abort(404)


@bp.get("/proposals/imports/<int:import_id>")
@permission_required("proposals.read_import", load=_import, to="record")
def import_status(record: ProposalImport):
    """A large import: its progress while the job works, then its report."""
    if record.status == "done":
        report = import_jobs.report_of(record)
        return render_template("proposals/import_report.html", consultation=record.consultation, report=report,
                               refused_file=import_fixes.refused_rows_link(report, current_language()))
    return render_template("proposals/import_status.html", record=record, consultation=record.consultation,
                           form=ConfirmForm())


@bp.post("/proposals/imports/<int:import_id>/retry")
@permission_required("proposals.read_import", load=_import, to="record")
def retry_import(record: ProposalImport):
    if not ConfirmForm().validate_on_submit() or not import_jobs.retry(record, current_user):
        abort(400)
    return redirect(url_for("proposals.import_status", import_id=record.id))


@bp.get("/consultations/<int:consultation_id>/proposals/import/template.<kind>")
@permission_required("proposals.enter", load=_consultation, to="consultation")
def import_template(consultation: Consultation | None, kind: str):
    consultation = consultation or abort(404)
    language = current_language()
    if kind == "csv":
        content, mimetype = blank_sheets.template_csv(language), "text/csv; charset=utf-8"
    elif kind == "xlsx":
        content = blank_sheets.template_xlsx(consultation, language)
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        abort(404)
    return Response(content, content_type=mimetype, headers={
        "Content-Disposition": f'attachment; filename="proposals-template-{language}.{kind}"'})


# --- coordinators: moderation ----------------------------------------------------------------------

@bp.get("/consultations/<int:consultation_id>/moderation")
@permission_required("proposals.moderate", load=_consultation, to="consultation")
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
