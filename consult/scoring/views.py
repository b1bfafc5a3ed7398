"""Working groups, the rubric, scoring, results, shortlist and outcomes. Thin: the logic is in services."""
from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from consult.accounts.models import User
from consult.clustering.models import Theme
from consult.consultations.views import get_or_404
from consult.core.extensions import db
from consult.core.i18n import localized
from consult.core.inputs import to_int
from consult.core.security import role_required
from consult.proposals import services as proposals
from consult.scoring import services, sheets
from consult.scoring.forms import (ActionForm, AssignThemeForm, ConflictForm, CriterionForm, DecisionForm,
                                   GroupForm, MemberForm, OutcomeForm, ProposalThemeForm, ScoreForm,
                                   SheetUploadForm, decision_labels, ogp_value_labels, reading_labels,
                                   sheet_status_labels)
from consult.scoring.models import OGP_VALUES, WorkingGroup
from consult.workshops.models import Workshop

bp = Blueprint("scoring", __name__)


@bp.record_once
def register_helpers(state):
    # Globals (not context) so that imported macros see them too; the labels are lazy strings.
    state.app.jinja_env.globals.update(
        scoring_theme_title=services.theme_title, ogp_value_labels=ogp_value_labels(),
        sheet_status_labels=sheet_status_labels(), decision_labels=decision_labels(),
        reading_labels=reading_labels(), scoring_public_links=services.public_links)


def _group(group_id: int) -> WorkingGroup:
    return db.session.get(WorkingGroup, group_id) or abort(404)


def _theme(group: WorkingGroup, theme_id: int) -> Theme:
    theme = db.session.get(Theme, theme_id)
    if theme is None or theme not in group.themes:
        abort(404)
    return theme


def _can_open_group(group: WorkingGroup) -> bool:
    return current_user.role in sheets.STAFF_ROLES or services.is_member(group, current_user)


def _fail(error: services.ScoringError, page, *args, **kwargs):
    """Show the refusal on the page it came from, with its 4xx status; nothing was saved."""
    db.session.rollback()
    flash(str(error), "error")
    return page(*args, **kwargs), error.status


# --- overview and groups ----------------------------------------------------------------------------

@bp.get("/consultations/<int:consultation_id>/scoring")
@login_required
def index(consultation_id: int):
    consultation = get_or_404(consultation_id)
    if current_user.role == "citizen":
        abort(403)
    return _index_page(consultation)


def _index_page(consultation, group_form=None, theme_form=None):
    coordinator = services.is_coordinator(current_user)
    groups = (services.groups_of(consultation) if current_user.role in sheets.STAFF_ROLES
              else services.groups_of_member(consultation, current_user))
    if group_form is None:
        group_form = GroupForm()
    workshops = db.session.scalars(db.select(Workshop).filter_by(consultation_id=consultation.id)).all()
    # Named by venue, as in the proposal entry form; the code is only a fallback.
    group_form.workshop_id.choices = [(0, _("None"))] + [(w.id, localized(w.venue) or w.code) for w in workshops]
    services.ensure_rubric(consultation)
    db.session.commit()
    return render_template("scoring/index.html", consultation=consultation, groups=groups,
                           coordinator=coordinator, group_form=group_form,
                           theme_form=theme_form or ProposalThemeForm(),
                           progress={g.id: services.progress(g) for g in groups},
                           frozen=services.scoring_started(consultation))


@bp.post("/consultations/<int:consultation_id>/scoring/groups")
@role_required("coordinator")
def create_group(consultation_id: int):
    consultation = get_or_404(consultation_id)
    form = GroupForm()
    form.workshop_id.choices = [(0, "")] + [(w.id, localized(w.venue) or w.code) for w in db.session.scalars(
        db.select(Workshop).filter_by(consultation_id=consultation.id))]
    if not form.validate_on_submit():
        flash(_("Give the working group a name."), "error")
        return _index_page(consultation, group_form=form), 400
    workshop = db.session.get(Workshop, form.workshop_id.data) if form.workshop_id.data else None
    group = services.create_group(consultation, form.name.data, current_user, workshop=workshop)
    db.session.commit()
    flash(_("Working group created. Now add its members and assign it themes."), "success")
    return redirect(url_for("scoring.group", group_id=group.id))


@bp.post("/consultations/<int:consultation_id>/scoring/themes/from-proposal")
@role_required("coordinator")
def theme_from_proposal(consultation_id: int):
    consultation = get_or_404(consultation_id)
    form = ProposalThemeForm()
    proposal = proposals.get_by_ref(form.ref.data or "") if form.validate_on_submit() else None
    if proposal is None:
        flash(_("No proposal has the reference %(ref)s. Check it and try again.", ref=(form.ref.data or "")[:20]),
              "error")
        return _index_page(consultation, theme_form=form), 400
    try:
        theme = services.theme_from_proposal(consultation, proposal, current_user)
    except services.ScoringError as error:
        return _fail(error, _index_page, consultation, theme_form=form)
    db.session.commit()
    flash(_("Theme “%(theme)s” created from %(ref)s; assign it to a working group.",
            theme=services.theme_title(theme), ref=proposal.ref), "success")
    return redirect(url_for("scoring.index", consultation_id=consultation.id))


@bp.get("/scoring/groups/<int:group_id>")
@login_required
def group(group_id: int):
    group = _group(group_id)
    if not _can_open_group(group):
        abort(403)
    return _group_page(group)


def _group_page(group: WorkingGroup):
    coordinator = services.is_coordinator(current_user)
    member_form, theme_form = MemberForm(), AssignThemeForm()
    if coordinator:
        current = {m.id for m in group.members}
        candidates = db.session.scalars(db.select(User).filter(User.role.in_(services.SCORER_ROLES),
                                                               User.active.is_(True)).order_by(User.name)).all()
        member_form.user_id.choices = [(u.id, u.name) for u in candidates if u.id not in current]
        assigned = {t.id for t in group.themes}
        theme_form.theme_id.choices = [(t.id, services.theme_title(t)) for t in
                                       services.consultation_themes(group.consultation) if t.id not in assigned]
    my_sheets = {s.theme_id: s for s in services.sheets_of(group, member=current_user)}
    return render_template("scoring/group.html", group=group, coordinator=coordinator,
                           is_member=services.is_member(group, current_user), my_sheets=my_sheets,
                           balance=services.balance(group), balanced=services.is_balanced(group),
                           progress=services.progress(group), member_form=member_form, theme_form=theme_form,
                           action_form=ActionForm(), upload_form=SheetUploadForm())


def _group_action(group_id: int, change, success: str):
    group = _group(group_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        change(group)
    except services.ScoringError as error:
        return _fail(error, _group_page, group)
    db.session.commit()
    flash(success, "success")
    return redirect(url_for("scoring.group", group_id=group.id))


@bp.post("/scoring/groups/<int:group_id>/members")
@role_required("coordinator")
def add_member(group_id: int):
    user = db.session.get(User, to_int(request.form.get("user_id"), 0))
    if user is None:
        return _fail(services.ScoringError(_("Choose an account.")), _group_page, _group(group_id))
    return _group_action(group_id, lambda g: services.add_member(g, user, current_user), _("Member added."))


@bp.post("/scoring/groups/<int:group_id>/members/<int:user_id>/remove")
@role_required("coordinator")
def remove_member(group_id: int, user_id: int):
    user = db.session.get(User, user_id) or abort(404)
    return _group_action(group_id, lambda g: services.remove_member(g, user, current_user), _("Member removed."))


@bp.post("/scoring/groups/<int:group_id>/themes")
@role_required("coordinator")
def assign_theme(group_id: int):
    theme = db.session.get(Theme, to_int(request.form.get("theme_id"), 0))
    if theme is None:
        return _fail(services.ScoringError(_("Choose a theme.")), _group_page, _group(group_id))
    return _group_action(group_id, lambda g: services.assign_theme(g, theme, current_user),
                         _("Theme assigned to the group."))


@bp.post("/scoring/groups/<int:group_id>/themes/<int:theme_id>/remove")
@role_required("coordinator")
def unassign_theme(group_id: int, theme_id: int):
    theme = db.session.get(Theme, theme_id) or abort(404)
    return _group_action(group_id, lambda g: services.unassign_theme(g, theme, current_user),
                         _("Theme taken off the group."))


@bp.post("/scoring/groups/<int:group_id>/close")
@role_required("coordinator")
def close(group_id: int):
    return _group_action(group_id, lambda g: services.set_closed(g, True, current_user),
                         _("Scoring is closed for this group: scores can no longer change."))


@bp.post("/scoring/groups/<int:group_id>/reopen")
@role_required("coordinator")
def reopen(group_id: int):
    return _group_action(group_id, lambda g: services.set_closed(g, False, current_user),
                         _("Scoring is open again for this group."))


# --- the rubric ------------------------------------------------------------------------------------

def _criterion_forms(rows, formdata=None):
    forms = []
    for row in rows:
        form = CriterionForm(formdata=formdata, prefix=row.code, meta={"csrf": False})
        if formdata is None:
            form.weight.data, form.minimum.data = row.weight, row.minimum
            for lang in services.LANGS:
                getattr(form, f"name_{lang}").data = row.name.get(lang, "")
                getattr(form, f"description_{lang}").data = (row.description or {}).get(lang, "")
        forms.append((row, form))
    return forms


def _rubric_page(consultation, forms=None):
    rows = services.ensure_rubric(consultation)
    return render_template("scoring/rubric.html", consultation=consultation, forms=forms or _criterion_forms(rows),
                           frozen=services.scoring_started(consultation),
                           coordinator=services.is_coordinator(current_user), action_form=ActionForm())


@bp.route("/consultations/<int:consultation_id>/scoring/rubric", methods=["GET", "POST"])
@login_required
def rubric(consultation_id: int):
    consultation = get_or_404(consultation_id)
    if current_user.role == "citizen":
        abort(403)
    if request.method == "GET":
        page = _rubric_page(consultation)
        db.session.commit()   # the default rubric, made on first sight
        return page
    if not services.is_coordinator(current_user):
        abort(403)
    if not ActionForm().validate_on_submit():
        abort(400)
    forms = _criterion_forms(services.ensure_rubric(consultation), formdata=request.form)
    if not all(form.validate() for _row, form in forms):
        flash(_("Some values are not valid; see the messages below."), "error")
        return _rubric_page(consultation, forms), 400
    try:
        for row, form in forms:
            services.update_criterion(
                row, current_user, weight=form.weight.data, minimum=form.minimum.data,
                name={lang: getattr(form, f"name_{lang}").data for lang in services.LANGS},
                description={lang: getattr(form, f"description_{lang}").data for lang in services.LANGS})
    except services.ScoringError as error:
        return _fail(error, _rubric_page, consultation)
    db.session.commit()
    flash(_("Rubric saved."), "success")
    return redirect(url_for("scoring.rubric", consultation_id=consultation.id))


# --- scoring a theme --------------------------------------------------------------------------------

def _score_page(group, theme, form=None, conflict_form=None, entered=None):
    sheet = services.sheet_of(group, theme, current_user)
    visible = services.can_see_scores(group, theme, current_user)
    others = [s for s in services.submitted_sheets(group, theme) if s.member_id != current_user.id] if visible else []
    if form is None:
        form = ScoreForm(justification=sheet.justification if sheet else "")
    entered = entered or {"levels": dict(sheet.levels) if sheet else {},
                          "values": list(sheet.values_served) if sheet else []}
    result = services.theme_result(theme, services.submitted_sheets(group, theme),
                                   services.criteria(group.consultation)) if visible else None
    return render_template("scoring/score.html", group=group, theme=theme, sheet=sheet, form=form,
                           conflict_form=conflict_form or ConflictForm(), action_form=ActionForm(), rubric=services.criteria(group.consultation),
                           entered=entered, visible=visible, others=others, result=result,
                           is_member=services.is_member(group, current_user), ogp_values=OGP_VALUES,
                           proposals_list=services.visible_proposals(theme))


@bp.route("/scoring/groups/<int:group_id>/themes/<int:theme_id>", methods=["GET", "POST"])
@login_required
def score(group_id: int, theme_id: int):
    group = _group(group_id)
    theme = _theme(group, theme_id)
    if not (services.is_member(group, current_user) or services.is_coordinator(current_user)):
        abort(403)
    if request.method == "GET":
        return _score_page(group, theme)
    form = ScoreForm()
    levels = {c.code: request.form.get(f"level-{c.code}", "") for c in services.criteria(group.consultation)}
    values = request.form.getlist("values_served")
    entered = {"levels": levels, "values": values}
    if not form.validate_on_submit():
        flash(_("The justification is too long."), "error")
        return _score_page(group, theme, form=form, entered=entered), 400
    submit = request.form.get("action") == "submit"
    try:
        services.save_scores(group, theme, current_user, levels, form.justification.data or "", values,
                             submit=submit)
    except services.ScoringError as error:
        return _fail(error, _score_page, group, theme, form=form, entered=entered)
    db.session.commit()
    flash(_("Your scores are submitted. You can now see the other members' scores.") if submit
          else _("Draft saved. Submit it when you are ready."), "success")
    return redirect(url_for("scoring.score", group_id=group.id, theme_id=theme.id))


@bp.post("/scoring/groups/<int:group_id>/themes/<int:theme_id>/conflict")
@login_required
def conflict(group_id: int, theme_id: int):
    group = _group(group_id)
    theme = _theme(group, theme_id)
    form = ConflictForm()
    if not form.validate_on_submit():
        flash(_("Say briefly what the conflict of interest is."), "error")
        return _score_page(group, theme, conflict_form=form), 400
    try:
        services.declare_conflict(group, theme, current_user, form.reason.data)
    except services.ScoringError as error:
        return _fail(error, _score_page, group, theme, conflict_form=form)
    db.session.commit()
    flash(_("Conflict of interest recorded: you are left out of this theme."), "success")
    return redirect(url_for("scoring.group", group_id=group.id))


@bp.post("/scoring/groups/<int:group_id>/themes/<int:theme_id>/conflict/withdraw")
@login_required
def withdraw_conflict(group_id: int, theme_id: int):
    group = _group(group_id)
    theme = _theme(group, theme_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        services.withdraw_conflict(group, theme, current_user)
    except services.ScoringError as error:
        return _fail(error, _score_page, group, theme)
    db.session.commit()
    flash(_("Conflict of interest withdrawn: you can score this theme again."), "success")
    return redirect(url_for("scoring.score", group_id=group.id, theme_id=theme.id))


# --- offline sheets ---------------------------------------------------------------------------------

@bp.get("/scoring/groups/<int:group_id>/sheet.xlsx")
@login_required
def download_sheet(group_id: int):
    group = _group(group_id)
    if not _can_open_group(group):
        abort(403)
    data = sheets.build(group, current_user)
    return Response(data, mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f"attachment; filename=scoring-group-{group.id}.xlsx"})


@bp.post("/scoring/groups/<int:group_id>/sheet")
@login_required
def upload_sheet(group_id: int):
    group = _group(group_id)
    if not _can_open_group(group):
        abort(403)
    form = SheetUploadForm()
    upload = request.files.get("sheet")
    if not form.validate_on_submit() or upload is None or not upload.filename:
        return _fail(services.ScoringError(_("Choose the filled-in scoring sheet (.xlsx) to upload.")),
                     _group_page, group)
    try:
        count = sheets.upload(group, current_user, upload.read())
    except sheets.SheetError as error:
        db.session.rollback()
        for _row, message in error.errors:
            flash(message, "error")
        return _group_page(group), 400 if error.status == 400 else error.status
    db.session.commit()
    flash(_("Sheet uploaded: %(count)s rows of scores saved.", count=count), "success")
    return redirect(url_for("scoring.group", group_id=group.id))


# --- results ------------------------------------------------------------------------------------------

@bp.get("/scoring/groups/<int:group_id>/results")
def results(group_id: int):
    group = _group(group_id)
    if not services.results_visible(group, current_user):
        abort(401 if not current_user.is_authenticated else 403)
    rubric = services.criteria(group.consultation)
    all_results = services.group_results(group)
    shown = [r for r in all_results if group.is_closed or services.can_see_scores(group, r.theme, current_user)]
    hidden_count = len(all_results) - len(shown)
    # Agreement uses every score: shown to members once nothing is hidden from them.
    agreement = services.agreement(group) if hidden_count == 0 else None
    distributions = {c.code: {level: sum(r.distributions[c.code][level] for r in shown) for level in c.scale}
                     for c in rubric}
    scale_max = max(max(c.scale) for c in rubric)
    return render_template("scoring/results.html", group=group, rubric=rubric, results=shown,
                           hidden_count=hidden_count, agreement=agreement, distributions=distributions,
                           scale_max=scale_max)


# --- shortlist and outcomes ---------------------------------------------------------------------------

def _shortlist_page(consultation, forms=None):
    coordinator = services.is_coordinator(current_user)
    results = services.consultation_results(consultation)
    decisions = services.decisions_of(consultation)
    proposed = {r.theme.id for r in services.proposed_shortlist(results)}
    forms = forms or {}
    for result in results:
        if result.theme.id not in forms:
            decision = decisions.get(result.theme.id)
            forms[result.theme.id] = DecisionForm(
                formdata=None, prefix=f"t{result.theme.id}",
                decision=decision.decision if decision else ("retained" if result.theme.id in proposed else "not_retained"),
                reason=decision.reason if decision else _suggested_reason(result, result.theme.id in proposed))
    return render_template("scoring/shortlist.html", consultation=consultation, results=results,
                           decisions=decisions, proposed=proposed, forms=forms, coordinator=coordinator,
                           rubric=services.criteria(consultation))


def _suggested_reason(result, proposed: bool) -> str:
    total = "—" if result.weighted_total is None else f"{result.weighted_total:.2f}"
    if proposed:
        return _("Weighted total %(total)s; it meets every minimum of the criteria.", total=total)
    if not result.n_scores:
        return _("Not scored by a working group.")
    return _("Weighted total %(total)s; it does not meet the minimum of every criterion.", total=total)


@bp.get("/consultations/<int:consultation_id>/scoring/shortlist")
def shortlist(consultation_id: int):
    consultation = get_or_404(consultation_id)
    # The public reads the confirmed decisions and their reasons; the proposal stage is internal.
    if not services.is_coordinator(current_user) and not services.decisions_of(consultation):
        abort(404)
    return _shortlist_page(consultation)


@bp.post("/consultations/<int:consultation_id>/scoring/shortlist/<int:theme_id>")
@role_required("coordinator")
def decide(consultation_id: int, theme_id: int):
    consultation = get_or_404(consultation_id)
    theme = db.session.get(Theme, theme_id) or abort(404)
    form = DecisionForm(prefix=f"t{theme.id}")
    if not form.validate_on_submit():
        flash(_("Give the reason for each decision: it is public."), "error")
        return _shortlist_page(consultation, {theme.id: form}), 400
    try:
        services.decide(consultation, theme, form.decision.data, form.reason.data, current_user)
    except services.ScoringError as error:
        return _fail(error, _shortlist_page, consultation, {theme.id: form})
    db.session.commit()
    flash(_("Decision recorded for “%(theme)s”.", theme=services.theme_title(theme)), "success")
    return redirect(url_for("scoring.shortlist", consultation_id=consultation.id) + f"#theme-{theme.id}")


def _outcomes_page(consultation, forms=None):
    decisions = services.decisions_of(consultation)
    forms = forms or {}
    for theme_id, decision in decisions.items():
        if theme_id not in forms:
            forms[theme_id] = OutcomeForm(formdata=None, prefix=f"t{theme_id}",
                                          response=services.default_response(decision, decision.decision))
    return render_template("scoring/outcomes.html", consultation=consultation,
                           decisions=sorted(decisions.values(), key=lambda d: (d.decision != "retained", d.theme_id)),
                           forms=forms, outcomes=services.OUTCOMES)


@bp.get("/consultations/<int:consultation_id>/scoring/outcomes")
@role_required("coordinator")
def outcomes(consultation_id: int):
    return _outcomes_page(get_or_404(consultation_id))


@bp.post("/consultations/<int:consultation_id>/scoring/outcomes/<int:theme_id>")
@role_required("coordinator")
def publish_outcomes(consultation_id: int, theme_id: int):
    consultation = get_or_404(consultation_id)
    decision = services.decisions_of(consultation).get(theme_id) or abort(404)
    form = OutcomeForm(prefix=f"t{theme_id}")
    chosen = {p.id: (request.form.get(f"status-{p.id}", ""), (request.form.get(f"merged-{p.id}") or "")[:12])
              for p in services.visible_proposals(decision.theme)}
    if not form.validate_on_submit():
        flash(_("Write the reasoned response the authors will read."), "error")
        return _outcomes_page(consultation, {theme_id: form}), 400
    try:
        told = services.publish_outcomes(decision, chosen, form.response.data, current_user)
    except services.ScoringError as error:
        return _fail(error, _outcomes_page, consultation, {theme_id: form})
    db.session.commit()
    flash(_("The authors of %(count)s proposals can now read the outcome and its reason.", count=len(told)),
          "success")
    return redirect(url_for("scoring.outcomes", consultation_id=consultation.id))
