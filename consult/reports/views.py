"""The report's pages and downloads, and the OGP standards page. Thin: parse, check a named
permission, call a service; the request's transaction commits."""
from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from consult.core.extensions import db
from consult.core.forms import language_texts
from consult.core.i18n import current_language
from consult.core.languages import LANGUAGES
from consult.core.permissions import permission_required
from consult.reports import document as documents
from consult.reports import outputs, services, standards
from consult.reports.forms import NarrativeForm, NoteForm, PublishForm
from consult.reports.labels import section_labels
from consult.reports.sources import Commitment, Consultation

bp = Blueprint("reports", __name__)


def consultation_or_404(consultation_id: int, **_ignored) -> Consultation:
    return db.session.get(Consultation, consultation_id) or abort(404)


def _language() -> str:
    language = request.args.get("language") or current_language()
    if language not in LANGUAGES:
        abort(400)
    return language


@bp.get("/consultations/<int:consultation_id>/report")
@permission_required("reports.read", load=consultation_or_404, to="consultation")
def report(consultation):
    language = _language()
    return render_template("reports/report.html", consultation=consultation, document=documents.build(
        consultation, language), report=services.report_of(consultation), language=language,
        publish_form=PublishForm(formdata=None), languages=LANGUAGES)


@bp.get("/consultations/<int:consultation_id>/report.<any(pdf, docx):fmt>")
@permission_required("reports.read", load=consultation_or_404, to="consultation")
def download(consultation, fmt: str):
    document = documents.build(consultation, _language())
    return Response(outputs.render(document, fmt), content_type=outputs.MIMETYPES[fmt], headers={
        "Content-Disposition": f'attachment; filename="{document.filename(fmt)}"'})


@bp.route("/consultations/<int:consultation_id>/report/edit", methods=["GET", "POST"])
@permission_required("reports.write", load=consultation_or_404, to="consultation")
def edit(consultation):
    report = services.report_of(consultation)
    if request.method == "GET":
        form = NarrativeForm.filled(dict(report.sections or {}) if report else {})
    else:
        form = NarrativeForm()
        if form.validate_on_submit():
            services.save_sections(consultation, form.sections(), current_user)
            flash(_("The report's texts are saved."), "success")
            return redirect(url_for("reports.report", consultation_id=consultation.id))
    return render_template("reports/edit.html", consultation=consultation, form=form,
                           section_labels=section_labels()), 400 if form.errors else 200


@bp.route("/consultations/<int:consultation_id>/report/commitments/<int:commitment_id>", methods=["GET", "POST"])
@permission_required("reports.write", load=consultation_or_404, to="consultation")
def note(consultation, commitment_id: int):
    commitment = db.session.get(Commitment, commitment_id)
    if commitment is None or commitment.plan.consultation_id != consultation.id:
        abort(404)
    if request.method == "GET":
        form = NoteForm.filled(services.note_of(services.report_of(consultation), commitment))
    else:
        form = NoteForm()
        if form.validate_on_submit():
            services.save_note(consultation, commitment, language_texts(form, "results"),
                               language_texts(form, "recommendations"), current_user)
            flash(_("The report's words on this commitment are saved."), "success")
            return redirect(url_for("reports.report", consultation_id=consultation.id,
                                    _anchor="section-commitments"))
    return render_template("reports/note.html", consultation=consultation, commitment=commitment,
                           form=form), 400 if form.errors else 200


@bp.post("/consultations/<int:consultation_id>/report/publish")
@permission_required("reports.write", load=consultation_or_404, to="consultation")
def publish(consultation):
    form = PublishForm()
    if not form.validate_on_submit():
        abort(400)
    published = form.publish.data == "1"
    services.set_published(consultation, published, current_user)
    flash(_("The report is published: everyone can read and download it.") if published
          else _("The report is no longer public."), "success")
    return redirect(url_for("reports.report", consultation_id=consultation.id))


@bp.get("/consultations/<int:consultation_id>/standards")
@permission_required("reports.standards", load=consultation_or_404, to="consultation")
def standards_page(consultation):
    return render_template("reports/standards.html", consultation=consultation,
                           requirements=standards.check(consultation, current_language()))
