"""Themes (public, read-only), their curation by working groups and coordinators, grouping runs,
near-duplicates and the similar-proposal lookup of the submission form."""
from __future__ import annotations

from flask import (Blueprint, abort, flash, jsonify, redirect, render_template, request,
                   url_for)
from flask_babel import gettext as _
from flask_login import current_user

from consult.accounts.models import User
from consult.clustering import jobs, links, lookup, overview, runs as run_services, themes as theme_services
from consult.clustering.common import ClusteringError
from consult.clustering.forms import (GRANULARITIES, DuplicateForm, MoveForm, RenameForm, RunForm,
                                      SplitForm, ThemeChoiceForm)
from consult.clustering.models import ClusteringRun, DuplicateLink, Theme
from consult.consultations.views import get_or_404
from consult.core import transactions
from consult.core.api import json_view
from consult.core.extensions import db, limiter
from consult.core.forms import ConfirmForm as ActionForm
from consult.core.permissions import can, permission_required
from consult.proposals import support
from consult.proposals.models import Proposal

bp = Blueprint("clustering", __name__)


def is_curator() -> bool:
    return can(current_user, "clustering.curate")


def _theme_or_404(theme_id: int) -> Theme:
    return db.session.get(Theme, theme_id) or abort(404)


def _theme_choices(themes) -> list:
    return [(theme.id, theme_services.theme_title(theme)[:90]) for theme in themes]


# --- public pages --------------------------------------------------------------------------------

@bp.get("/consultations/<int:consultation_id>/themes")
@permission_required("clustering.read")
def themes(consultation_id: int):
    consultation = get_or_404(consultation_id)
    rows = overview.themes_overview(consultation.id)
    axes = {axis.id: axis for axis in consultation.axes}
    return render_template("clustering/themes.html", consultation=consultation, overview=rows, axes=axes,
                           picture=overview.map_picture(consultation.id, rows),
                           counts=overview.counts_by_theme(consultation.id),
                           running=run_services.active_run(consultation.id) if is_curator() else None)


def _theme_page(theme: Theme, status: int = 200, error: str | None = None, **forms):
    members = theme_services.theme_members(theme)
    if is_curator():
        others = _theme_choices(theme_services.other_themes(theme))
        choices = [(p.id, f"{p.ref} — {p.title[:80]}") for p in members]
        forms.setdefault("rename_form", RenameForm(formdata=None, prefix="rename", data={"name": theme.name}))
        forms.setdefault("merge_form", ThemeChoiceForm(others, formdata=None, prefix="merge"))
        forms.setdefault("move_form", MoveForm(choices, others, formdata=None, prefix="move"))
        forms.setdefault("split_form", SplitForm(choices, formdata=None, prefix="split"))
        forms.setdefault("action_form", ActionForm(formdata=None))
    history = theme_services.history(theme)
    # Who made each change is shown to the people who curate, not on the public page.
    actors = ({user.id: user.name for user in db.session.scalars(db.select(User).filter(
        User.id.in_({entry.actor_id for entry in history if entry.actor_id})))} if is_curator() else {})
    return render_template("clustering/theme.html", theme=theme, members=members, error=error,
                           history=history, actors=actors, consultation=theme.consultation,
                           **forms), status


@bp.get("/themes/<int:theme_id>")
@permission_required("clustering.read")
def theme(theme_id: int):
    return _theme_page(_theme_or_404(theme_id))


# --- curation ------------------------------------------------------------------------------------

def _curate(theme: Theme, form, action, form_name: str):
    """Validate and run the service (the request commits); errors are shown on the theme page
    and nothing is saved."""
    if form.validate_on_submit():
        try:
            result = action()
        except ClusteringError as error:
            transactions.rollback()   # the page shows the theme as it was
            return _theme_page(_theme_or_404(theme.id), error.status, error.message, **{form_name: form})
        flash(_("Saved. The change is recorded in the theme's history."), "success")
        target = result if isinstance(result, Theme) else theme
        return redirect(url_for("clustering.theme", theme_id=target.id))
    return _theme_page(theme, 400, _("Some fields need your attention. Nothing was changed."),
                       **{form_name: form})


@bp.post("/themes/<int:theme_id>/rename")
@permission_required("clustering.curate")
def rename(theme_id: int):
    theme = _theme_or_404(theme_id)
    form = RenameForm(prefix="rename")
    return _curate(theme, form, lambda: theme_services.rename(theme, form.name.data, current_user), "rename_form")


@bp.post("/themes/<int:theme_id>/lock")
@permission_required("clustering.curate")
def lock(theme_id: int):
    theme = _theme_or_404(theme_id)
    return _curate(theme, ActionForm(), lambda: theme_services.set_locked(theme, True, current_user), "action_form")


@bp.post("/themes/<int:theme_id>/unlock")
@permission_required("clustering.curate")
def unlock(theme_id: int):
    theme = _theme_or_404(theme_id)
    return _curate(theme, ActionForm(), lambda: theme_services.set_locked(theme, False, current_user), "action_form")


@bp.post("/themes/<int:theme_id>/merge")
@permission_required("clustering.curate")
def merge(theme_id: int):
    theme = _theme_or_404(theme_id)
    form = ThemeChoiceForm(_theme_choices(theme_services.other_themes(theme)), prefix="merge")

    def action():
        target = db.session.get(Theme, form.target.data)
        theme_services.merge(theme, target, current_user)
        return target
    return _curate(theme, form, action, "merge_form")


@bp.post("/themes/<int:theme_id>/split")
@permission_required("clustering.curate")
def split(theme_id: int):
    theme = _theme_or_404(theme_id)
    members = theme_services.theme_members(theme)
    form = SplitForm([(p.id, p.ref) for p in members], prefix="split")
    return _curate(theme, form, lambda: theme_services.split(theme, form.proposals.data or [], form.name.data,
                                                       current_user), "split_form")


@bp.post("/themes/<int:theme_id>/move")
@permission_required("clustering.curate")
def move(theme_id: int):
    theme = _theme_or_404(theme_id)
    members = theme_services.theme_members(theme)
    form = MoveForm([(p.id, p.ref) for p in members], _theme_choices(theme_services.other_themes(theme)),
                    prefix="move")

    def action():
        theme_services.move(db.session.get(Proposal, form.proposal.data), db.session.get(Theme, form.target.data),
                      current_user)
    return _curate(theme, form, action, "move_form")


# --- near-duplicates -----------------------------------------------------------------------------

def _duplicates_page(consultation, status: int = 200, form=None, error: str | None = None):
    return render_template("clustering/duplicates.html", consultation=consultation, error=error,
                           suggestions=links.duplicate_suggestions(consultation.id),
                           confirmed=links.confirmed_duplicates(consultation.id),
                           form=form or DuplicateForm(formdata=None), action_form=ActionForm(formdata=None)), status


@bp.get("/consultations/<int:consultation_id>/duplicates")
@permission_required("clustering.curate")
def duplicates(consultation_id: int):
    return _duplicates_page(get_or_404(consultation_id))


@bp.post("/consultations/<int:consultation_id>/duplicates")
@permission_required("clustering.curate")
def mark_duplicate(consultation_id: int):
    consultation = get_or_404(consultation_id)
    form = DuplicateForm()
    if not form.validate_on_submit():
        return _duplicates_page(consultation, 400, form)
    try:
        links.mark_duplicate(consultation.id, form.original.data, form.duplicate.data, current_user)
    except ClusteringError as error:
        transactions.rollback()
        return _duplicates_page(consultation, error.status, form, error.message)
    flash(_("Linked. Both proposals are kept and show the link on their pages."), "success")
    return redirect(url_for("clustering.duplicates", consultation_id=consultation.id))


@bp.post("/duplicates/<int:link_id>/<any(confirm, dismiss):decision>")
@permission_required("clustering.curate")
def decide_duplicate(link_id: int, decision: str):
    link = db.session.get(DuplicateLink, link_id) or abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    if link.status == "suggested":
        links.decide_duplicate(link, decision == "confirm", current_user)
        flash(_("Linked. Both proposals are kept and show the link on their pages.") if decision == "confirm"
              else _("Dismissed: these two proposals stay unlinked."), "success")
    return redirect(url_for("clustering.duplicates", consultation_id=link.consultation_id))


# --- grouping runs -------------------------------------------------------------------------------

def _runs_page(consultation, form, status: int = 200, error: str | None = None):
    return render_template("clustering/runs.html", consultation=consultation, form=form, error=error,
                           runs=run_services.runs_of(consultation.id), granularities=GRANULARITIES,
                           running=run_services.active_run(consultation.id)), status


@bp.get("/consultations/<int:consultation_id>/grouping")
@permission_required("clustering.curate")
def runs(consultation_id: int):
    return _runs_page(get_or_404(consultation_id), RunForm(formdata=None))


@bp.post("/consultations/<int:consultation_id>/grouping")
@permission_required("clustering.run")
def start_run(consultation_id: int):
    consultation = get_or_404(consultation_id)
    form = RunForm()
    if not form.validate_on_submit():
        return _runs_page(consultation, form, 400)
    try:
        run = run_services.start_run(consultation, k=form.k.data, granularity=float(form.granularity.data),
                                 actor=current_user, source="web")
    except ClusteringError as error:
        transactions.rollback()
        return _runs_page(consultation, form, error.status, error.message)
    jobs.start_after_commit(run)
    return redirect(url_for("clustering.run", run_id=run.id))


def _run_or_404(run_id: int) -> ClusteringRun:
    return db.session.get(ClusteringRun, run_id) or abort(404)


@bp.get("/grouping/runs/<int:run_id>")
@permission_required("clustering.curate")
def run(run_id: int):
    run = _run_or_404(run_id)
    return render_template("clustering/run.html", run=run, consultation=run.consultation,
                           granularities=GRANULARITIES, retry_form=ActionForm())


def _run_consultation(run_id: int, **_others):
    return _run_or_404(run_id).consultation


@bp.post("/grouping/runs/<int:run_id>/retry")
@permission_required("clustering.run", load=_run_consultation)
def retry_run(run_id: int):
    """Start a failed run again (e.g. its worker was stopped), with the same parameters."""
    run = _run_or_404(run_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        jobs.retry(run, current_user)
    except ClusteringError as error:   # not failed, or another run is going: nothing changes
        transactions.rollback()
        flash(error.message, "danger")
    return redirect(url_for("clustering.run", run_id=run.id))


def stage_labels() -> dict:
    return {"queued": _("Waiting to start"), "embedding": _("Reading the new proposals"),
            "grouping": _("Grouping the proposals"), "describing": _("Naming the themes"),
            "duplicates": _("Looking for near-duplicates"), "saving": _("Saving the themes"),
            "done": _("Done"), "failed": _("Failed")}


@bp.get("/grouping/runs/<int:run_id>/progress")
@json_view
@permission_required("clustering.curate")
def run_progress(run_id: int):
    run = _run_or_404(run_id)
    db.session.refresh(run)
    return jsonify({"id": run.id, "status": run.status, "stage": run.stage,
                    "status_label": stage_labels().get(run.status, run.status),
                    "stage_label": stage_labels().get(run.stage, run.stage), "progress": run.progress,
                    "finished": run.finished, "themes": run.n_themes, "proposals": run.n_proposals,
                    "duration_seconds": run.duration_seconds,
                    "themes_url": url_for("clustering.themes", consultation_id=run.consultation_id)})


# --- while a citizen writes ------------------------------------------------------------------------

@bp.get("/consultations/<int:consultation_id>/similar")
@json_view
@limiter.limit("120 per minute")
@permission_required("clustering.read")
def similar(consultation_id: int):
    """Public: visible proposals that look like the text being written, in any language."""
    consultation = get_or_404(consultation_id)
    results = lookup.similar_proposals(consultation.id, request.args.get("text", ""))
    voices = support.counts_by_ref([result["ref"] for result in results])
    for result in results:
        result["url"] = url_for("proposals.page", ref=result["ref"])
        # "Add my voice" in one click (static/js/voice.js) on those still waiting for an outcome.
        result["supports"] = voices.get(result["ref"], 0)
        if result["supports"]:
            result["supports_label"] = support.supporters_label(result["supports"])
        if result["status"] in support.OPEN_STATUSES and can(current_user, "proposals.take_voices", consultation):
            result["support_url"] = url_for("support.add", ref=result["ref"])
    return jsonify({"results": results,
                    "heading": _("These proposals may already say it — you can support them instead:")})
