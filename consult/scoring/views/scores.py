"""Scoring a theme (blind), conflicts of interest, and the offline XLSX sheets."""
from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from consult.core.errors import refused
from consult.core.forms import ConfirmForm
from consult.core.permissions import can, permission_required
from consult.scoring import offline, services
from consult.scoring.forms import ConflictForm, ScoreForm, SheetUploadForm
from consult.scoring.models import OGP_VALUES
from consult.scoring.views import bp, load_group, load_group_theme
from consult.scoring.views.groups import group_page

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _score_page(group, theme, form=None, conflict_form=None, entered=None, problems=()):
    sheet = services.sheet_of(group, theme, current_user)
    visible = services.can_see_scores(group, theme, current_user)
    submitted = services.submitted_sheets(group, theme)
    rubric = services.criteria(group.consultation)
    if form is None:
        form = ScoreForm(justification=sheet.justification if sheet else "")
    entered = entered or {"levels": dict(sheet.levels) if sheet else {},
                          "values": list(sheet.values_served) if sheet else []}
    return render_template(
        "scoring/score.html", group=group, theme=theme, sheet=sheet, form=form,
        conflict_form=conflict_form or ConflictForm(), action_form=ConfirmForm(), rubric=rubric,
        entered=entered, problems=problems, visible=visible, ogp_values=OGP_VALUES, proposals_list=services.visible_proposals(theme),
        others=[s for s in submitted if s.member_id != current_user.id] if visible else [],
        result=services.theme_result(theme, submitted, rubric) if visible else None)


def _refusal(permission: str, group, theme):
    """None if the user may do this now; else why not (the phase, a closed group, not a member)."""
    if can(current_user, permission, (group, theme)):
        return None
    return services.why_not_open(group, current_user)


@bp.get("/scoring/groups/<int:group_id>/themes/<int:theme_id>")
@permission_required("scoring.open_theme", load=load_group_theme, to="group_theme")
def score(group_theme):
    return _score_page(*group_theme)


@bp.post("/scoring/groups/<int:group_id>/themes/<int:theme_id>")
@permission_required("scoring.open_theme", load=load_group_theme, to="group_theme")
def save_score(group_theme):
    group, theme = group_theme
    form = ScoreForm()
    levels = {c.code: request.form.get(f"level-{c.code}", "") for c in services.criteria(group.consultation)}
    entered = {"levels": levels, "values": request.form.getlist("values_served")}
    if not form.validate_on_submit():
        flash(_("The justification is too long."), "error")
        return _score_page(group, theme, form=form, entered=entered), 400
    submit = request.form.get("action") == "submit"
    try:
        if refusal := _refusal("scoring.score", group, theme):
            raise refusal
        services.save_scores(group, theme, current_user, levels, form.justification.data or "", entered["values"],
                             submit=submit)
    except services.ScoringError as error:
        if error.problems:   # shown on the form itself: a summary linking each entry, each marked
            # (not flashed). Refused before anything is written; the 4xx rolls the request back.
            form.justification.errors = [p for p in error.problems if p.field == "justification"]
            return _score_page(group, theme, form=form, entered=entered, problems=error.problems), error.status
        return refused(error, _score_page, group, theme, form=form, entered=entered)
    flash(_("Your scores are submitted. You can now see the other members' scores.") if submit
          else _("Draft saved. Submit it when you are ready."), "success")
    return redirect(url_for("scoring.score", group_id=group.id, theme_id=theme.id))


@bp.post("/scoring/groups/<int:group_id>/themes/<int:theme_id>/conflict")
@permission_required("scoring.open_theme", load=load_group_theme, to="group_theme")
def conflict(group_theme):
    group, theme = group_theme
    form = ConflictForm()
    if not form.validate_on_submit():
        flash(_("Say briefly what the conflict of interest is."), "error")
        return _score_page(group, theme, conflict_form=form), 400
    try:
        if refusal := _refusal("scoring.declare_conflict", group, theme):
            raise refusal
        services.declare_conflict(group, theme, current_user, form.reason.data)
    except services.ScoringError as error:
        return refused(error, _score_page, group, theme, conflict_form=form)
    flash(_("Conflict of interest recorded: you are left out of this theme."), "success")
    return redirect(url_for("scoring.group", group_id=group.id))


@bp.post("/scoring/groups/<int:group_id>/themes/<int:theme_id>/conflict/withdraw")
@permission_required("scoring.open_theme", load=load_group_theme, to="group_theme")
def withdraw_conflict(group_theme):
    group, theme = group_theme
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        if refusal := _refusal("scoring.withdraw_conflict", group, theme):
            raise refusal
        services.withdraw_conflict(group, theme, current_user)
    except services.ScoringError as error:
        return refused(error, _score_page, group, theme)
    flash(_("Conflict of interest withdrawn: you can score this theme again."), "success")
    return redirect(url_for("scoring.score", group_id=group.id, theme_id=theme.id))


# --- offline sheets ---------------------------------------------------------------------------------

@bp.get("/scoring/groups/<int:group_id>/sheet.xlsx")
@permission_required("scoring.sheet", load=load_group, to="group")
def download_sheet(group):
    return Response(offline.build(group, current_user), mimetype=XLSX,
                    headers={"Content-Disposition": f"attachment; filename=scoring-group-{group.id}.xlsx"})


@bp.post("/scoring/groups/<int:group_id>/sheet")
@permission_required("scoring.sheet", load=load_group, to="group")
def upload_sheet(group):
    form = SheetUploadForm()
    upload = request.files.get("sheet")
    if not form.validate_on_submit() or upload is None or not upload.filename:
        return refused(services.ScoringError(_("Choose the filled-in scoring sheet (.xlsx) to upload.")),
                       group_page, group)
    try:
        if not can(current_user, "scoring.upload_sheet", group) and (
                refusal := services.why_not_open(group, current_user, members_only=False)):
            raise offline.SheetError([(None, str(refusal))])
        count = offline.upload(group, current_user, upload.read())
    except offline.SheetError as error:
        # One message per row, flashed here; the sheet is refused whole before any row is written,
        # and the 4xx rolls the request back.
        for _row, message in error.errors:
            flash(message, "error")
        return group_page(group), error.status
    flash(_("Sheet uploaded: %(count)s rows of scores saved.", count=count), "success")
    return redirect(url_for("scoring.group", group_id=group.id))
