"""The follow-up pages: recording progress, and the spreadsheet round trip."""
from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from consult.commitments import progress, sheets
from consult.commitments.errors import CommitmentError
from consult.commitments.forms import ImportForm, ProgressForm
from consult.commitments.views import bp, commitment_or_404, plan_or_404
from consult.core.errors import refused
from consult.core.i18n import current_language
from consult.core.permissions import permission_required

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.route("/commitments/<int:commitment_id>/progress", methods=["GET", "POST"])
@permission_required("commitments.update", load=commitment_or_404, to="commitment")
def record_progress(commitment):
    if request.method == "GET":
        from datetime import date
        form = ProgressForm(commitment, formdata=None, data={"reported_on": date.today()})
    else:
        form = ProgressForm(commitment)
    if form.validate_on_submit():
        try:
            update = progress.add_update(commitment, current_user, **form.values())
        except CommitmentError as error:
            return refused(error, _progress_page, commitment, form)
        flash(_("Progress recorded.") if update else _("This update was already recorded."), "success")
        return redirect(url_for("commitments.page", commitment_id=commitment.id, _anchor="updates"))
    return _progress_page(commitment, form), 400 if form.errors else 200


def _progress_page(commitment, form):
    return render_template("commitments/progress_form.html", commitment=commitment, form=form,
                           consultation=commitment.consultation,
                           computed=progress.milestone_progress(commitment))


@bp.get("/consultations/<int:consultation_id>/plan/export.xlsx")
@permission_required("commitments.manage", load=plan_or_404, to="plan")
def export(plan):
    language = current_language()
    return Response(sheets.export_xlsx(plan, language), content_type=XLSX, headers={
        "Content-Disposition": f'attachment; filename="action-plan-{plan.consultation_id}-{language}.xlsx"'})


@bp.route("/consultations/<int:consultation_id>/plan/import", methods=["GET", "POST"])
@permission_required("commitments.manage", load=plan_or_404, to="plan")
def import_progress(plan):
    context = {"plan": plan, "consultation": plan.consultation}
    if request.method == "POST" and (request.content_length or 0) > sheets.MAX_BYTES + 64 * 1024:
        abort(413)   # refused before the upload is read
    form = ImportForm()
    if request.method == "GET":
        form = ImportForm(formdata=None)
    elif form.validate_on_submit():
        data = form.file.data.stream.read(sheets.MAX_BYTES + 1)
        try:
            report = sheets.import_progress(plan, data, current_user)
        except CommitmentError as error:
            form.file.errors = [error.message]
            return render_template("commitments/import.html", form=form, **context), error.status
        if report.refused:
            # Nothing was recorded: the report says which rows to correct.
            return render_template("commitments/import_report.html", report=report, **context), 400
        return render_template("commitments/import_report.html", report=report, **context)
    return render_template("commitments/import.html", form=form, **context), 400 if form.errors else 200
