"""The coordinators' pages: the draft plan from the shortlist, cards, milestones, publication."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from consult.commitments import plans
from consult.commitments.errors import CommitmentError
from consult.commitments.forms import CardForm, MilestoneForm, PublishForm
from consult.commitments.sources import confirmed_shortlist, theme_title
from consult.commitments.views import (bp, commitment_or_404, consultation_or_404, milestone_or_404, plan_or_404,
                                       refused)
from consult.core.extensions import db
from consult.core.forms import ConfirmForm
from consult.core.inputs import to_int
from consult.core.permissions import permission_required


def _contacts():
    from consult.accounts.models import User
    return db.session.scalars(db.select(User).filter(User.active.is_(True), User.role != "citizen")
                              .order_by(User.name)).all()


@bp.route("/consultations/<int:consultation_id>/plan/new", methods=["GET", "POST"])
@permission_required("commitments.manage", load=lambda consultation_id: consultation_or_404(consultation_id))
def new_plan(consultation_id: int):
    """One commitment per retained theme; themes given the same number become one commitment."""
    consultation = consultation_or_404(consultation_id)
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
            return refused(error, "commitments/new_plan.html", **context)
        flash(_("The draft plan is made. Complete each card, then publish it."), "success")
        return redirect(url_for("commitments.plan", consultation_id=consultation.id))
    return render_template("commitments/new_plan.html", **context), 400 if form.errors else 200


def _card_form(plan, commitment=None, **kwargs) -> CardForm:
    themes = [(theme, theme_title(theme)) for theme in plans.available_themes(plan, commitment)]
    return CardForm(plan.consultation, themes, _contacts(), **kwargs)


def _card_page(plan, form, commitment=None, status=200):
    return render_template("commitments/card_form.html", plan=plan, consultation=plan.consultation,
                           form=form, commitment=commitment), status


@bp.route("/consultations/<int:consultation_id>/plan/commitments/new", methods=["GET", "POST"])
@permission_required("commitments.manage", load=lambda consultation_id: plan_or_404(consultation_id))
def add(consultation_id: int):
    """A commitment that came from elsewhere (a ministry's letter...) or from unused themes."""
    plan = plan_or_404(consultation_id)
    if request.method == "GET":
        form = _card_form(plan, formdata=None, data={
            "number": max((c.number for c in plan.commitments), default=0) + 1, "origin": "other"})
        return _card_page(plan, form)
    form = _card_form(plan)
    if form.validate_on_submit():
        try:
            commitment = plans.add_commitment(plan, form.fields(), current_user, theme_ids=form.themes.data)
        except CommitmentError as error:
            flash(error.message, "error")
            return _card_page(plan, form, status=error.status)
        flash(_("Commitment added."), "success")
        return redirect(url_for("commitments.page", commitment_id=commitment.id))
    return _card_page(plan, form, status=400)


@bp.route("/commitments/<int:commitment_id>/edit", methods=["GET", "POST"])
@permission_required("commitments.manage", load=lambda commitment_id: commitment_or_404(commitment_id))
def edit(commitment_id: int):
    commitment = commitment_or_404(commitment_id)
    if request.method == "GET":
        form = _card_form(commitment.plan, commitment, formdata=None, data=CardForm.data_of(commitment))
        return _card_page(commitment.plan, form, commitment)
    form = _card_form(commitment.plan, commitment)
    if form.validate_on_submit():
        try:
            changed = plans.update_card(commitment, form.fields(), current_user, theme_ids=form.themes.data)
        except CommitmentError as error:
            flash(error.message, "error")
            return _card_page(commitment.plan, form, commitment, error.status)
        flash(_("Saved.") if changed else _("Nothing changed."), "success")
        return redirect(url_for("commitments.page", commitment_id=commitment.id))
    return _card_page(commitment.plan, form, commitment, 400)


def _milestone_page(commitment, form, milestone=None, status=200):
    return render_template("commitments/milestone_form.html", commitment=commitment, form=form,
                           milestone=milestone, consultation=commitment.consultation), status


@bp.route("/commitments/<int:commitment_id>/milestones/new", methods=["GET", "POST"])
@permission_required("commitments.manage", load=lambda commitment_id: commitment_or_404(commitment_id))
def add_milestone(commitment_id: int):
    commitment = commitment_or_404(commitment_id)
    form = MilestoneForm() if request.method == "POST" else MilestoneForm(formdata=None)
    if form.validate_on_submit():
        try:
            plans.add_milestone(commitment, form.fields(), current_user)
        except CommitmentError as error:
            flash(error.message, "error")
            return _milestone_page(commitment, form, status=error.status)
        flash(_("Milestone added."), "success")
        return redirect(url_for("commitments.page", commitment_id=commitment.id, _anchor="milestones"))
    return _milestone_page(commitment, form, status=400 if form.errors else 200)


@bp.route("/milestones/<int:milestone_id>/edit", methods=["GET", "POST"])
@permission_required("commitments.manage", load=lambda milestone_id: milestone_or_404(milestone_id))
def edit_milestone(milestone_id: int):
    milestone = milestone_or_404(milestone_id)
    form = MilestoneForm() if request.method == "POST" else MilestoneForm(formdata=None, obj=milestone)
    if form.validate_on_submit():
        try:
            plans.update_milestone(milestone, form.fields(), current_user)
        except CommitmentError as error:
            flash(error.message, "error")
            return _milestone_page(milestone.commitment, form, milestone, error.status)
        flash(_("Saved."), "success")
        return redirect(url_for("commitments.page", commitment_id=milestone.commitment_id, _anchor="milestones"))
    return _milestone_page(milestone.commitment, form, milestone, 400 if form.errors else 200)


@bp.route("/consultations/<int:consultation_id>/plan/publish", methods=["GET", "POST"])
@permission_required("commitments.manage", load=lambda consultation_id: plan_or_404(consultation_id))
def publish(consultation_id: int):
    plan = plan_or_404(consultation_id)
    form = PublishForm() if request.method == "POST" else PublishForm(formdata=None)
    context = {"plan": plan, "consultation": plan.consultation, "form": form}
    if form.validate_on_submit():
        try:
            version = plans.publish(plan, form.note.data, current_user)
        except CommitmentError as error:
            return refused(error, "commitments/publish.html", **context)
        flash(_("Version %(number)d of the action plan is published.", number=version.number), "success")
        return redirect(url_for("commitments.plan", consultation_id=plan.consultation_id))
    return render_template("commitments/publish.html", **context), 400 if form.errors else 200
