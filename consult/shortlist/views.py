"""The shortlist page and decisions, the responses to authors, and the shortlist downloads. Thin."""
from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from consult.clustering.models import Theme
from consult.consultations.views import get_or_404
from consult.core.errors import refused
from consult.core.extensions import db
from consult.core.i18n import current_language
from consult.core.languages import LANGUAGES
from consult.core.permissions import can, permission_required
from consult.scoring import services as scoring
from consult.shortlist import exports, services
from consult.shortlist.forms import DecisionForm, OutcomeForm
from consult.shortlist.labels import decision_labels, state_labels
from consult.workshops import services as workshops

bp = Blueprint("shortlist", __name__)


@bp.record_once
def register_helpers(state):
    state.app.jinja_env.globals.update(
        decision_labels=decision_labels(), shortlist_published=services.published,
        shortlist_state_labels=state_labels(), shortlist_state_counts=services.state_counts,
        shortlist_counts_label=services.counts_label)


def _consultation(consultation_id: int, **_ignored):
    return get_or_404(consultation_id)


def _workshop(workshop_id: int, **_ignored):
    return workshops.get_workshop(workshop_id) or abort(404)


# --- the shortlist and its decisions ----------------------------------------------------------------

def _shortlist_page(consultation, forms=None):
    results = scoring.consultation_results(consultation)
    decisions = services.decisions_of(consultation)
    proposed = {r.theme.id for r in services.proposed_shortlist(results)}
    rubric = scoring.criteria(consultation)
    forms = forms or {}
    for result in results:
        if result.theme.id not in forms:
            decision = decisions.get(result.theme.id)
            forms[result.theme.id] = DecisionForm(
                formdata=None, prefix=f"t{result.theme.id}",
                decision=decision.decision if decision else ("retained" if result.theme.id in proposed else "not_retained"),
                reason=decision.reason if decision else services.suggested_reason(result, result.theme.id in proposed,
                                                                                  rubric))
    return render_template("shortlist/shortlist.html", consultation=consultation, results=results,
                           decisions=decisions, proposed=proposed, forms=forms, rubric=rubric,
                           entries=services.shortlist(consultation))


@bp.get("/consultations/<int:consultation_id>/scoring/shortlist")
def shortlist(consultation_id: int):
    consultation = get_or_404(consultation_id)
    if not can(current_user, "shortlist.read", consultation):
        abort(404)   # nothing to read yet: the proposed stage is not announced
    return _shortlist_page(consultation)


@bp.post("/consultations/<int:consultation_id>/scoring/shortlist/<int:theme_id>")
@permission_required("shortlist.manage", load=_consultation, to="consultation")
def decide(consultation, theme_id: int):
    theme = db.session.get(Theme, theme_id) or abort(404)
    form = DecisionForm(prefix=f"t{theme.id}")
    if not form.validate_on_submit():
        flash(_("Give the reason for each decision: it is public."), "error")
        return _shortlist_page(consultation, {theme.id: form}), 400
    try:
        services.decide(consultation, theme, form.decision.data, form.reason.data, current_user)
    except services.ShortlistError as error:
        return refused(error, _shortlist_page, consultation, {theme.id: form})
    flash(_("Decision recorded for “%(theme)s”.", theme=scoring.theme_title(theme)), "success")
    return redirect(url_for("shortlist.shortlist", consultation_id=consultation.id) + f"#theme-{theme.id}")


@bp.post("/consultations/<int:consultation_id>/scoring/shortlist/confirm")
@permission_required("shortlist.manage", load=_consultation, to="consultation")
def decide_many(consultation):
    """The ticked themes confirmed at once, each with the decision and reason shown beside it."""
    ids = sorted({int(value) for value in request.form.getlist("theme") if value.isdigit() and len(value) < 10})
    themes = [theme for theme in (db.session.get(Theme, theme_id) for theme_id in ids)
              if theme is not None and theme.consultation_id == consultation.id]
    forms = {theme.id: DecisionForm(prefix=f"t{theme.id}") for theme in themes}
    invalid = {theme_id: form for theme_id, form in forms.items() if not form.validate_on_submit()}
    if invalid:
        flash(_("Give the reason for each decision: it is public."), "error")
        return _shortlist_page(consultation, invalid), 400
    try:
        done = services.decide_many(consultation, [(theme, forms[theme.id].decision.data, forms[theme.id].reason.data)
                                                   for theme in themes], current_user)
    except services.ShortlistError as error:
        return refused(error, _shortlist_page, consultation, forms)
    flash(ngettext("%(num)d decision recorded.", "%(num)d decisions recorded.", len(done)), "success")
    return redirect(url_for("shortlist.shortlist", consultation_id=consultation.id))


# --- responses to authors -----------------------------------------------------------------------------

def _outcomes_page(consultation, forms=None):
    decisions = services.decisions_of(consultation)
    results = {result.theme.id: result for result in scoring.consultation_results(consultation)}
    rubric = scoring.criteria(consultation)
    forms = forms or {}
    for theme_id, decision in decisions.items():
        if theme_id not in forms:
            # As last sent, else written from the decision and the scores in the three languages.
            responses = decision.responses or services.default_responses(decision, results.get(theme_id), rubric)
            forms[theme_id] = OutcomeForm(formdata=None, prefix=f"t{theme_id}").fill(responses)
    return render_template("shortlist/outcomes.html", consultation=consultation,
                           decisions=sorted(decisions.values(), key=lambda d: (d.decision != "retained", d.theme_id)),
                           forms=forms, outcomes=services.OUTCOMES)


@bp.get("/consultations/<int:consultation_id>/scoring/outcomes")
@permission_required("shortlist.manage", load=_consultation, to="consultation")
def outcomes(consultation):
    return _outcomes_page(consultation)


@bp.post("/consultations/<int:consultation_id>/scoring/outcomes/<int:theme_id>")
@permission_required("shortlist.manage", load=_consultation, to="consultation")
def publish_outcomes(consultation, theme_id: int):
    decision = services.decisions_of(consultation).get(theme_id) or abort(404)
    form = OutcomeForm(prefix=f"t{theme_id}")
    chosen = {p.id: (request.form.get(f"status-{p.id}", ""), (request.form.get(f"merged-{p.id}") or "")[:12])
              for p in scoring.visible_proposals(decision.theme)}
    if not form.validate_on_submit() or not any(form.responses().values()):
        flash(_("Write the reasoned response the authors will read."), "error")
        return _outcomes_page(consultation, {theme_id: form}), 400
    try:
        told = services.publish_outcomes(decision, chosen, form.responses(), current_user)
    except services.ShortlistError as error:
        return refused(error, _outcomes_page, consultation, {theme_id: form})
    flash(_("The authors of %(count)s proposals can now read the outcome and its reason.", count=len(told)),
          "success")
    return redirect(url_for("shortlist.outcomes", consultation_id=consultation.id))


# --- downloads ----------------------------------------------------------------------------------------

FORMAT_RULE = "<any(xlsx, csv, pdf, json):fmt>"


def _download(consultation, workshop, fmt: str):
    language = request.args.get("language") or current_language()
    if language not in LANGUAGES:
        abort(400)
    export = exports.build(consultation, workshop, language)
    return Response(exports.render(export, fmt), content_type=exports.MIMETYPES[fmt], headers={
        "Content-Disposition": f'attachment; filename="{export.filename(fmt)}"'})


@bp.get(f"/workshops/<int:workshop_id>/shortlist.{FORMAT_RULE}")
@permission_required("shortlist.export", load=_workshop, to="workshop")
def workshop_export(workshop, fmt: str):
    return _download(workshop.consultation, workshop, fmt)


@bp.get(f"/consultations/<int:consultation_id>/shortlist.{FORMAT_RULE}")
@permission_required("shortlist.export", load=_consultation, to="consultation")
def consultation_export(consultation, fmt: str):
    return _download(consultation, None, fmt)
