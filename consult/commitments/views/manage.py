"""The coordinators' pages: the draft plan from the shortlist, cards, milestones, publication."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from consult.commitments import plans
from consult.commitments.errors import CommitmentError
from consult.commitments.forms import CardForm, MilestoneForm, PublishForm
from consult.commitments.sources import confirmed_shortlist, theme_title
from consult.commitments.rules import CONTACT_ROLES
from consult.commitments.views import bp, commitment_or_404, consultation_or_404, milestone_or_404, plan_or_404
from consult.core.errors import refused
from consult.core.extensions import db
from consult.core.forms import ConfirmForm
from consult.core.inputs import to_int
from consult.core.permissions import can, permission_required


def _contacts():
    """The accounts that may be named a commitment's contact ("commitments.be_contact")."""
    from consult.accounts.models import User
    users = db.session.scalars(db.select(User).filter(User.active.is_(True), User.role.in_(CONTACT_ROLES))
                               .order_by(User.name)).all()
    return [user for user in users if can(user, "commitments.be_contact")]


@bp.route("/consultations/<int:consultation_id>/plan/new", methods=["GET", "POST"])
@permission_required("commitments.manage", load=consultation_or_404, to="consultation")
def new_plan(consultation):
    """One commitment per retained theme; themes given the same number become one commitment."""
    if plans.plan_of(consultation) is not None:
        return redirect(url_for("commitments.plan", consultation_id=consultation.id))
    entries, form = confirmed_shortlist(consultation), ConfirmForm()
    context = {"consultation": consultation, "entries": entries, "form": form}
    if request.method == "POST" and form.validate_on_submit():
        groups = {entry.theme.id: to_int(request.form.get(f"number-{entry.theme.id}"), minimum=1, maximum=999)
                  for entry in entries}
        try:
            plans.create_draft(consultation, {t: n for t, n in groups.items() if n}, current_user)
        except CommitmentError as error:
            return refused(error, render_template, "commitments/new_plan.html", **context)
        flash(_("The draft plan is made. Complete each card, then publish it."), "success")
        return redirect(url_for("commitments.plan", consultation_id=consultation.id))
    return render_template("commitments/new_plan.html", **context), 400 if form.errors else 200


def _card_form(plan, commitment=None, **kwargs) -> CardForm:
    themes = [(theme, theme_title(theme)) for theme in plans.available_themes(plan, commitment)]
    return CardForm(plan.consultation, themes, _contacts(), **kwargs)


def _card_page(plan, form, commitment=None):
    return render_template("commitments/card_form.html", plan=plan, consultation=plan.consultation,
                           form=form, commitment=commitment)


@bp.route("/consultations/<int:consultation_id>/plan/commitments/new", methods=["GET", "POST"])
@permission_required("commitments.manage", load=plan_or_404, to="plan")
def add(plan):
    """A commitment that came from elsewhere (a ministry's letter...) or from unused themes."""
    if request.method == "GET":
        form = _card_form(plan, formdata=None, data={
            "number": max((c.number for c in plan.commitments), default=0) + 1, "origin": "other"})
        return _card_page(plan, form)
    form = _card_form(plan)
    if form.validate_on_submit():
        try:
            commitment = plans.add_commitment(plan, form.fields(), current_user, theme_ids=form.themes.data)
        except CommitmentError as error:
            return refused(error, _card_page, plan, form)
        flash(_("Commitment added."), "success")
        return redirect(url_for("commitments.page", commitment_id=commitment.id))
    return _card_page(plan, form), 400


@bp.route("/commitments/<int:commitment_id>/edit", methods=["GET", "POST"])
@permission_required("commitments.manage", load=commitment_or_404, to="commitment")
def edit(commitment):
    if request.method == "GET":
        form = _card_form(commitment.plan, commitment, formdata=None, data=CardForm.data_of(commitment))
        return _card_page(commitment.plan, form, commitment)
    form = _card_form(commitment.plan, commitment)
    if form.validate_on_submit():
        try:
            changed = plans.update_card(commitment, form.fields(), current_user, theme_ids=form.themes.data)
        except CommitmentError as error:
            return refused(error, _card_page, commitment.plan, form, commitment)
        flash(_("Saved.") if changed else _("Nothing changed."), "success")
        return redirect(url_for("commitments.page", commitment_id=commitment.id))
    return _card_page(commitment.plan, form, commitment), 400


def _milestone_page(commitment, form, milestone=None):
    return render_template("commitments/milestone_form.html", commitment=commitment, form=form,
                           milestone=milestone, consultation=commitment.consultation)


@bp.route("/commitments/<int:commitment_id>/milestones/new", methods=["GET", "POST"])
@permission_required("commitments.manage", load=commitment_or_404, to="commitment")
def add_milestone(commitment):
    form = MilestoneForm() if request.method == "POST" else MilestoneForm(formdata=None)
    if form.validate_on_submit():
        try:
            plans.add_milestone(commitment, form.fields(), current_user)
        except CommitmentError as error:
            return refused(error, _milestone_page, commitment, form)
        flash(_("Milestone added."), "success")
        return redirect(url_for("commitments.page", commitment_id=commitment.id, _anchor="milestones"))
    return _milestone_page(commitment, form), 400 if form.errors else 200


@bp.route("/milestones/<int:milestone_id>/edit", methods=["GET", "POST"])
@permission_required("commitments.manage", load=milestone_or_404, to="milestone")
def edit_milestone(milestone):
    form = MilestoneForm() if request.method == "POST" else MilestoneForm(formdata=None, obj=milestone)
    if form.validate_on_submit():
        try:
            plans.update_milestone(milestone, form.fields(), current_user)
        except CommitmentError as error:
            return refused(error, _milestone_page, milestone.commitment, form, milestone)
        flash(_("Saved."), "success")
        return redirect(url_for("commitments.page", commitment_id=milestone.commitment_id, _anchor="milestones"))
    return _milestone_page(milestone.commitment, form, milestone), 400 if form.errors else 200


@bp.route("/consultations/<int:consultation_id>/plan/publish", methods=["GET", "POST"])
@permission_required("commitments.manage", load=plan_or_404, to="plan")
def publish(plan):
    form = PublishForm() if request.method == "POST" else PublishForm(formdata=None)
    context = {"plan": plan, "consultation": plan.consultation, "form": form}
    if form.validate_on_submit():
        try:
            version = plans.publish(plan, form.note.data, current_user)
        except CommitmentError as error:
            return refused(error, render_template, "commitments/publish.html", **context)
        flash(_("Version %(number)d of the action plan is published.", number=version.number), "success")
        return redirect(url_for("commitments.plan", consultation_id=plan.consultation_id))
    return render_template("commitments/publish.html", **context), 400 if form.errors else 200
