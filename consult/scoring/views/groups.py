"""The consultation's working groups, a group's page, and the coordinator's changes to a group."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from consult.accounts.models import User
from consult.clustering.models import Theme
from consult.consultations.views import get_or_404
from consult.core.errors import refused
from consult.core.extensions import db
from consult.core.forms import ConfirmForm
from consult.core.inputs import to_int
from consult.core.permissions import can, permission_required
from consult.proposals import services as proposals
from consult.scoring import services
from consult.scoring.forms import AssignThemeForm, GroupForm, MemberForm, ProposalThemeForm, SheetUploadForm
from consult.scoring.views import bp, load_group
from consult.workshops.models import Workshop
from consult.workshops.naming import workshop_choices


def _consultation(consultation_id: int, **_ignored):
    return get_or_404(consultation_id)


def _workshop_choices(consultation, none_label: str) -> list:
    workshops = db.session.scalars(db.select(Workshop).filter_by(consultation_id=consultation.id)).all()
    return workshop_choices(workshops, none_label)   # named as everywhere: kind · region · date


@bp.get("/consultations/<int:consultation_id>/scoring")
@permission_required("scoring.view", load=_consultation, to="consultation")
def index(consultation):
    return _index_page(consultation)


def _index_page(consultation, group_form=None, theme_form=None):
    groups = (services.groups_of(consultation) if can(current_user, "scoring.see_all_groups", consultation)
              else services.groups_of_member(consultation, current_user))
    if group_form is None:
        group_form = GroupForm()
    group_form.workshop_id.choices = _workshop_choices(consultation, _("None"))
    return render_template("scoring/index.html", consultation=consultation, groups=groups,
                           group_form=group_form, theme_form=theme_form or ProposalThemeForm(),
                           progress={g.id: services.progress(g) for g in groups},
                           frozen=services.scoring_started(consultation))


@bp.post("/consultations/<int:consultation_id>/scoring/groups")
@permission_required("scoring.manage", load=_consultation, to="consultation")
def create_group(consultation):
    form = GroupForm()
    form.workshop_id.choices = _workshop_choices(consultation, "")
    if not form.validate_on_submit():
        flash(_("Give the working group a name."), "error")
        return _index_page(consultation, group_form=form), 400
    workshop = db.session.get(Workshop, form.workshop_id.data) if form.workshop_id.data else None
    group = services.create_group(consultation, form.name.data, current_user, workshop=workshop)
    flash(_("Working group created. Now add its members and assign it themes."), "success")
    return redirect(url_for("scoring.group", group_id=group.id))


@bp.post("/consultations/<int:consultation_id>/scoring/themes/from-proposal")
@permission_required("scoring.manage", load=_consultation, to="consultation")
def theme_from_proposal(consultation):
    form = ProposalThemeForm()
    proposal = proposals.get_by_ref(form.ref.data or "") if form.validate_on_submit() else None
    if proposal is None:
        flash(_("No proposal has the reference %(ref)s. Check it and try again.", ref=(form.ref.data or "")[:20]),
              "error")
        return _index_page(consultation, theme_form=form), 400
    try:
        theme = services.theme_from_proposal(consultation, proposal, current_user)
    except services.ScoringError as error:
        return refused(error, _index_page, consultation, theme_form=form)
    flash(_("Theme “%(theme)s” created from %(ref)s; assign it to a working group.",
            theme=services.theme_title(theme), ref=proposal.ref), "success")
    return redirect(url_for("scoring.index", consultation_id=consultation.id))


@bp.get("/scoring/groups/<int:group_id>")
@permission_required("scoring.open_group", load=load_group, to="group")
def group(group):
    return group_page(group)


def group_page(group):
    member_form, theme_form = MemberForm(), AssignThemeForm()
    if can(current_user, "scoring.manage", group):
        current = {m.id for m in group.members}
        member_form.user_id.choices = [(u.id, u.name) for u in services.candidates() if u.id not in current]
        assigned = {t.id for t in group.themes}
        theme_form.theme_id.choices = [(t.id, services.theme_title(t)) for t in
                                       services.consultation_themes(group.consultation) if t.id not in assigned]
    my_sheets = {s.theme_id: s for s in services.sheets_of(group, member=current_user)}
    return render_template("scoring/group.html", group=group, my_sheets=my_sheets,
                           balance=services.balance(group), balanced=services.is_balanced(group),
                           progress=services.progress(group), member_form=member_form, theme_form=theme_form,
                           action_form=ConfirmForm(), upload_form=SheetUploadForm())


def _group_action(group, change, success: str):
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        change(group)
    except services.ScoringError as error:
        return refused(error, group_page, group)
    flash(success, "success")
    return redirect(url_for("scoring.group", group_id=group.id))


@bp.post("/scoring/groups/<int:group_id>/members")
@permission_required("scoring.manage", load=load_group, to="group")
def add_member(group):
    user = db.session.get(User, to_int(request.form.get("user_id"), 0))
    if user is None:
        return refused(services.ScoringError(_("Choose an account.")), group_page, group)
    return _group_action(group, lambda g: services.add_member(g, user, current_user), _("Member added."))


@bp.post("/scoring/groups/<int:group_id>/members/<int:user_id>/remove")
@permission_required("scoring.manage", load=load_group, to="group")
def remove_member(group, user_id: int):
    user = db.session.get(User, user_id) or abort(404)
    return _group_action(group, lambda g: services.remove_member(g, user, current_user), _("Member removed."))


@bp.post("/scoring/groups/<int:group_id>/themes")
@permission_required("scoring.manage", load=load_group, to="group")
def assign_theme(group):
    theme = db.session.get(Theme, to_int(request.form.get("theme_id"), 0))
    if theme is None:
        return refused(services.ScoringError(_("Choose a theme.")), group_page, group)
    return _group_action(group, lambda g: services.assign_theme(g, theme, current_user),
                         _("Theme assigned to the group."))


@bp.post("/scoring/groups/<int:group_id>/themes/<int:theme_id>/remove")
@permission_required("scoring.manage", load=load_group, to="group")
def unassign_theme(group, theme_id: int):
    theme = db.session.get(Theme, theme_id) or abort(404)
    return _group_action(group, lambda g: services.unassign_theme(g, theme, current_user),
                         _("Theme taken off the group."))


@bp.post("/scoring/groups/<int:group_id>/close")
@permission_required("scoring.manage", load=load_group, to="group")
def close(group):
    return _group_action(group, lambda g: services.set_closed(g, True, current_user),
                         _("Scoring is closed for this group: scores can no longer change."))


@bp.post("/scoring/groups/<int:group_id>/reopen")
@permission_required("scoring.manage", load=load_group, to="group")
def reopen(group):
    return _group_action(group, lambda g: services.set_closed(g, False, current_user),
                         _("Scoring is open again for this group."))
