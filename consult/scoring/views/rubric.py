"""The rubric page: everyone in scoring reads it; the coordinator edits it until scoring starts."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from consult.consultations.views import get_or_404
from consult.core.errors import refused
from consult.core.forms import ConfirmForm
from consult.core.languages import LANGUAGES
from consult.core.permissions import permission_required
from consult.scoring import services
from consult.scoring.forms import CriterionForm
from consult.scoring.views import bp


def _consultation(consultation_id: int):
    return get_or_404(consultation_id)


def _criterion_forms(rows, formdata=None):
    forms = []
    for row in rows:
        form = CriterionForm(formdata=formdata, prefix=row.code, meta={"csrf": False})
        if formdata is None:
            form.weight.data, form.minimum.data = row.weight, row.minimum
            for lang in LANGUAGES:
                getattr(form, f"name_{lang}").data = row.name.get(lang, "")
                getattr(form, f"description_{lang}").data = (row.description or {}).get(lang, "")
        forms.append((row, form))
    return forms


def _rubric_page(consultation, forms=None):
    # The default rubric is shown without being stored: a GET never writes.
    rows = services.rubric_or_defaults(consultation)
    return render_template("scoring/rubric.html", consultation=consultation, forms=forms or _criterion_forms(rows),
                           frozen=services.scoring_started(consultation), action_form=ConfirmForm())


@bp.get("/consultations/<int:consultation_id>/scoring/rubric")
@permission_required("scoring.view", load=_consultation, to="consultation")
def rubric(consultation):
    return _rubric_page(consultation)


@bp.post("/consultations/<int:consultation_id>/scoring/rubric")
@permission_required("scoring.manage", load=_consultation, to="consultation")
def save_rubric(consultation):
    if not ConfirmForm().validate_on_submit():
        abort(400)
    forms = _criterion_forms(services.ensure_rubric(consultation), formdata=request.form)
    if not all(form.validate() for _row, form in forms):
        flash(_("Some values are not valid; see the messages below."), "error")
        return _rubric_page(consultation, forms), 400
    try:
        for row, form in forms:
            services.update_criterion(
                row, current_user, weight=form.weight.data, minimum=form.minimum.data,
                name={lang: getattr(form, f"name_{lang}").data for lang in LANGUAGES},
                description={lang: getattr(form, f"description_{lang}").data for lang in LANGUAGES})
    except services.ScoringError as error:
        return refused(error, _rubric_page, consultation)
    flash(_("Rubric saved."), "success")
    return redirect(url_for("scoring.rubric", consultation_id=consultation.id))
