"""Workshop pages and the national consolidation (the API is in api.py; the shortlist downloads
are the shortlist feature's)."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from consult.consultations.views import get_or_404
from consult.core.permissions import permission_required
from consult.workshops import services
from consult.workshops.forms import WorkshopForm
from consult.workshops.labels import kind_labels, participant_labels
from consult.workshops.models import Workshop
from consult.workshops.naming import workshop_name
from consult.workshops.signals import page_context, workshop_page, workshops_page

bp = Blueprint("workshops", __name__)


def register_labels(app) -> None:
    app.jinja_env.globals.update(workshop_kind_labels=kind_labels, participant_labels=participant_labels,
                                 workshop_name=workshop_name)


def workshop_or_404(workshop_id: int) -> Workshop:
    return services.get_workshop(workshop_id) or abort(404)


@bp.get("/consultations/<int:consultation_id>/workshops")
def index(consultation_id: int):
    """The consultation's workshops, and (from the shortlist feature) the regional shortlists merged
    into a national view."""
    consultation = get_or_404(consultation_id)
    return render_template("workshops/index.html", consultation=consultation,
                           workshops=services.list_workshops(consultation),
                           **page_context(workshops_page, consultation))


@bp.get("/workshops/<int:workshop_id>")
def detail(workshop_id: int):
    """The workshop; its proposals, themes and shortlist come from the features above (signals.py)."""
    workshop = workshop_or_404(workshop_id)
    return render_template("workshops/detail.html", workshop=workshop, consultation=workshop.consultation,
                           **page_context(workshop_page, workshop))


@bp.route("/consultations/<int:consultation_id>/workshops/new", methods=["GET", "POST"])
@permission_required("workshops.manage")
def create(consultation_id: int):
    consultation = get_or_404(consultation_id)
    form = WorkshopForm()
    if form.validate_on_submit():
        workshop = services.create_workshop(consultation, form.workshop_fields(), actor=current_user)
        flash(_("Workshop saved."), "success")
        return redirect(url_for("workshops.detail", workshop_id=workshop.id))
    return render_template("workshops/form.html", form=form, consultation=consultation, workshop=None), \
        400 if form.errors else 200


@bp.route("/workshops/<int:workshop_id>/edit", methods=["GET", "POST"])
@permission_required("workshops.manage")
def edit(workshop_id: int):
    workshop = workshop_or_404(workshop_id)
    form = WorkshopForm()
    if request.method == "GET":
        form.fill_from(workshop)
    elif form.validate_on_submit():
        services.update_workshop(workshop, form.workshop_fields(), actor=current_user)
        flash(_("Workshop saved."), "success")
        return redirect(url_for("workshops.detail", workshop_id=workshop.id))
    return render_template("workshops/form.html", form=form, consultation=workshop.consultation,
                           workshop=workshop), 400 if form.errors else 200
