"""Grouping runs on the clustering blueprint: start one, follow its progress, apply or discard its
preview, undo it, start a failed one again."""
from __future__ import annotations

from flask import abort, flash, jsonify, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from consult.clustering import jobs, regrouping, runs as run_services, undoing
from consult.clustering.common import ClusteringError
from consult.clustering.forms import GRANULARITIES, RunForm
from consult.clustering.models import ClusteringRun
from consult.clustering.labels import stage_labels
from consult.clustering.views import bp, consultation_or_none
from consult.consultations.models import Consultation
from consult.consultations.views import get_or_404
from consult.core.api import json_view
from consult.core.errors import refused
from consult.core.extensions import db
from consult.core.forms import ConfirmForm as ActionForm
from consult.core.permissions import permission_required


def _runs_page(consultation, form) -> str:
    return render_template("clustering/runs.html", consultation=consultation, form=form,
                           runs=run_services.runs_of(consultation.id), granularities=GRANULARITIES,
                           running=run_services.active_run(consultation.id))


@bp.get("/consultations/<int:consultation_id>/grouping")
@permission_required("clustering.curate", load=consultation_or_none, to="consultation")
def runs(consultation: Consultation | None):
    return _runs_page(consultation or abort(404), RunForm(formdata=None))


@bp.post("/consultations/<int:consultation_id>/grouping")
@permission_required("clustering.run")
def start_run(consultation_id: int):
    consultation = get_or_404(consultation_id)
    form = RunForm()
    if not form.validate_on_submit():
        return _runs_page(consultation, form), 400
    try:
        run = run_services.start_run(consultation, k=form.k.data, granularity=float(form.granularity.data),
                                 actor=current_user, source="web")
    except ClusteringError as error:
        return refused(error, _runs_page, consultation, form)
    jobs.start_after_commit(run)
    return redirect(url_for("clustering.run", run_id=run.id))


def _run_or_404(run_id: int, **_others) -> ClusteringRun:
    """The run (404 if there is none); the permission is checked on it (its consultation's phase
    and working groups)."""
    return db.session.get(ClusteringRun, run_id) or abort(404)


def _run_page(run: ClusteringRun, error: str | None = None) -> str:
    stale = run.status == "preview" and regrouping.is_stale(run)
    return render_template("clustering/run.html", run=run, consultation=run.consultation, error=error,
                           granularities=GRANULARITIES, stale=stale, action_form=ActionForm(formdata=None),
                           undoable=run_services.undoable(run))


@bp.get("/grouping/runs/<int:run_id>")
@permission_required("clustering.curate", load=_run_or_404, to="run")
def run(run: ClusteringRun):
    return _run_page(run)


@bp.post("/grouping/runs/<int:run_id>/<any(apply, discard, undo):decision>")
@permission_required("clustering.run")
def decide_run(run_id: int, decision: str):
    """Apply or discard a preview, or undo an applied run."""
    run = _run_or_404(run_id)
    if not ActionForm().validate_on_submit():
        return _run_page(run, _("The form has expired: nothing was changed. Please try again.")), 400
    action = {"apply": regrouping.apply, "discard": regrouping.discard, "undo": undoing.undo}[decision]
    try:
        action(run, current_user)
    except ClusteringError as error:
        return refused(error, _run_page, run)
    flash({"apply": _("The new themes are in place. You can undo this grouping from its page."),
           "discard": _("Discarded: the themes are unchanged."),
           "undo": _("Undone: the themes are back as they were before this grouping.")}[decision], "success")
    if decision == "discard":
        return redirect(url_for("clustering.runs", consultation_id=run.consultation_id))
    return redirect(url_for("clustering.themes", consultation_id=run.consultation_id) if decision == "undo"
                    else url_for("clustering.run", run_id=run.id))


@bp.post("/grouping/runs/<int:run_id>/retry")
@permission_required("clustering.run", load=_run_or_404, to="run")
def retry_run(run: ClusteringRun):
    """Start a failed run again (e.g. its worker was stopped), with the same parameters."""
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        jobs.retry(run, current_user)
    except ClusteringError as error:   # not failed, or another run is going: nothing changes
        return refused(error, _run_page, run)
    return redirect(url_for("clustering.run", run_id=run.id))


@bp.get("/grouping/runs/<int:run_id>/progress")
@json_view
@permission_required("clustering.curate", load=_run_or_404, to="run")
def run_progress(run: ClusteringRun):
    db.session.refresh(run)
    return jsonify({"id": run.id, "status": run.status, "stage": run.stage,
                    "status_label": stage_labels().get(run.status, run.status),
                    "stage_label": stage_labels().get(run.stage, run.stage), "progress": run.progress,
                    "finished": run.finished, "themes": run.n_themes, "proposals": run.n_proposals,
                    "duration_seconds": run.duration_seconds,
                    "themes_url": url_for("clustering.themes", consultation_id=run.consultation_id)})
