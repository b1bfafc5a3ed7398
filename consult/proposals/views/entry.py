"""Facilitators: entering and importing proposals collected on paper or in workshops."""
from __future__ import annotations

import uuid

from flask import Response, abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from consult.consultations.models import Consultation
from consult.core.extensions import db
from consult.core.forms import ConfirmForm
from consult.core.i18n import current_language
from consult.core.inputs import int_arg
from consult.core.permissions import can, permission_required
from consult.proposals import import_template as blank_sheets
from consult.proposals import import_fixes, import_jobs, importing, services
from consult.proposals.forms import FacilitatorProposalForm, ImportForm
from consult.proposals.models import ProposalImport
from consult.proposals.views import bp, consultation_or_none
from consult.workshops.naming import own_workshop


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
@permission_required("proposals.enter", load=consultation_or_none, to="consultation")
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
@permission_required("proposals.enter", load=consultation_or_none, to="consultation")
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
@permission_required("proposals.enter", load=consultation_or_none, to="consultation")
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
