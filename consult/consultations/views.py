"""Public pages of consultations, and the pages where coordinators set them up."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from consult.accounts.models import User
from consult.consultations import services
from consult.consultations.forms import AxisForm, AxisMoveForm, CalendarForm, ConsultationForm
from consult.consultations.labels import phase_labels
from consult.consultations.models import Axis, Consultation
from consult.core import audit
from consult.core.errors import refused
from consult.core.extensions import db
from consult.core.forms import ConfirmForm, language_data
from consult.core.permissions import permission_required

bp = Blueprint("consultations", __name__, url_prefix="/consultations")


def get_or_404(consultation_id: int) -> Consultation:
    return db.session.get(Consultation, consultation_id) or abort(404)


def _consultation(consultation_id: int, **_others) -> Consultation | None:
    """The consultation a permission is checked on; None when there is none, so that who may not
    open the page is refused (sign-in or 403) before learning whether it exists, as they always were."""
    return db.session.get(Consultation, consultation_id)


def _axis_or_404(consultation: Consultation, axis_id: int) -> Axis:
    axis = db.session.get(Axis, axis_id)
    if axis is None or axis.consultation_id != consultation.id:
        abort(404)
    return axis


def home_redirect(app):
    """Answer to core's `home_page` signal: the home page is the latest consultation's page."""
    latest = services.latest_consultation()
    if latest is not None:
        return redirect(url_for("consultations.detail", consultation_id=latest.id))
    return None


def _flash_missing_languages(consultation: Consultation) -> None:
    missing = services.missing_languages(consultation)
    if missing:
        names = {"fr": _("French"), "en": _("English")}
        flash(_("Not yet written in: %(languages)s. Visitors reading these languages see the Arabic text "
                "meanwhile.", languages=", ".join(names[code] for code in missing)), "warning")


# --- public pages ----------------------------------------------------------------------------------

@bp.get("/")
def index():
    return render_template("consultations/index.html", consultations=services.list_consultations())


@bp.get("/<int:consultation_id>")
def detail(consultation_id: int):
    consultation = get_or_404(consultation_id)
    phase = services.current_phase(consultation)
    return render_template("consultations/detail.html", consultation=consultation, phase=phase,
                           days_left=(phase.ends_on - date.today()).days if phase else None,
                           versions=services.calendar_versions(consultation))


# --- coordinators ----------------------------------------------------------------------------------

@bp.route("/new", methods=["GET", "POST"])
@permission_required("consultations.manage")
def new():
    form = ConsultationForm()
    if form.validate_on_submit():
        consultation = services.create_consultation(**form.fields(), actor=current_user)
        flash(_("Consultation created. Now add its thematic axes and set its calendar."), "success")
        _flash_missing_languages(consultation)
        return redirect(url_for("consultations.axes", consultation_id=consultation.id))
    return render_template("consultations/form.html", form=form, consultation=None), 400 if form.errors else 200


@bp.route("/<int:consultation_id>/edit", methods=["GET", "POST"])
@permission_required("consultations.manage", load=_consultation, to="consultation")
def edit(consultation: Consultation | None):
    consultation = consultation or abort(404)
    form = ConsultationForm() if request.method == "POST" else ConsultationForm.for_consultation(consultation)
    if form.validate_on_submit():
        services.update_consultation(consultation, **form.fields(), actor=current_user)
        flash(_("Consultation saved."), "success")
        _flash_missing_languages(consultation)
        return redirect(url_for("consultations.detail", consultation_id=consultation.id))
    return (render_template("consultations/form.html", form=form, consultation=consultation),
            400 if form.errors else 200)


def _axes_page(consultation: Consultation, new_form=None, failed: tuple[int, AxisForm] | None = None):
    rename_forms = {}
    for axis in consultation.axes:
        if failed and failed[0] == axis.id:
            rename_forms[axis.id] = failed[1]
        else:
            rename_forms[axis.id] = AxisForm(prefix=f"axis-{axis.id}", formdata=None,
                                             data=language_data("name", axis.name))
    usage = {axis.id: services.proposals_using(axis) for axis in consultation.axes}
    return render_template("consultations/axes.html", consultation=consultation,
                           new_form=new_form or AxisForm(prefix="new", formdata=None), rename_forms=rename_forms,
                           usage=usage, action_form=ConfirmForm(formdata=None))


@bp.get("/<int:consultation_id>/axes")
@permission_required("consultations.manage", load=_consultation, to="consultation")
def axes(consultation: Consultation | None):
    return _axes_page(consultation or abort(404))


@bp.post("/<int:consultation_id>/axes/new")
@permission_required("consultations.manage", load=_consultation, to="consultation")
def add_axis(consultation: Consultation | None):
    consultation = consultation or abort(404)
    form = AxisForm(prefix="new")
    if not form.validate_on_submit():
        return _axes_page(consultation, new_form=form), 400
    services.add_axis(consultation, form.name(), actor=current_user)
    flash(_("Axis added."), "success")
    return redirect(url_for("consultations.axes", consultation_id=consultation.id))


@bp.post("/<int:consultation_id>/axes/<int:axis_id>")
@permission_required("consultations.manage", load=_consultation, to="consultation")
def rename_axis(consultation: Consultation | None, axis_id: int):
    consultation = consultation or abort(404)
    axis = _axis_or_404(consultation, axis_id)
    form = AxisForm(prefix=f"axis-{axis.id}")
    if not form.validate_on_submit():
        return _axes_page(consultation, failed=(axis.id, form)), 400
    services.rename_axis(axis, form.name(), actor=current_user)
    flash(_("Axis renamed."), "success")
    return redirect(url_for("consultations.axes", consultation_id=consultation.id))


@bp.post("/<int:consultation_id>/axes/<int:axis_id>/move")
@permission_required("consultations.manage", load=_consultation, to="consultation")
def move_axis(consultation: Consultation | None, axis_id: int):
    consultation = consultation or abort(404)
    axis = _axis_or_404(consultation, axis_id)
    form = AxisMoveForm()
    if not form.validate_on_submit():
        abort(400)
    services.move_axis(axis, -1 if form.direction.data == "up" else 1, actor=current_user)
    return redirect(url_for("consultations.axes", consultation_id=consultation.id))


@bp.post("/<int:consultation_id>/axes/<int:axis_id>/remove")
@permission_required("consultations.manage", load=_consultation, to="consultation")
def remove_axis(consultation: Consultation | None, axis_id: int):
    consultation = consultation or abort(404)
    axis = _axis_or_404(consultation, axis_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        services.remove_axis(axis, actor=current_user)
    except services.ConsultationError as error:
        return refused(error, _axes_page, consultation)
    flash(_("Axis removed."), "success")
    return redirect(url_for("consultations.axes", consultation_id=consultation.id))


@bp.route("/<int:consultation_id>/calendar", methods=["GET", "POST"])
@permission_required("consultations.manage", load=_consultation, to="consultation")
def calendar(consultation: Consultation | None):
    consultation = consultation or abort(404)
    form = CalendarForm() if request.method == "POST" else CalendarForm.for_consultation(consultation)
    row_errors: dict[str, str] = {}
    if form.validate_on_submit():
        existing = {phase.kind for phase in consultation.phases}
        row_errors = services.calendar_errors(form.periods(), existing, form.removals())
        if not row_errors:
            try:
                services.set_calendar(consultation, form.periods(), actor=current_user, removals=form.removals())
            except services.ConsultationError as error:
                return refused(error, _calendar_page, consultation, form)
            flash(_("Calendar saved."), "success")
            return redirect(url_for("consultations.calendar", consultation_id=consultation.id))
    return _calendar_page(consultation, form, row_errors), 400 if (form.errors or row_errors) else 200


def _calendar_page(consultation: Consultation, form: CalendarForm, row_errors: dict[str, str] | None = None):
    return render_template("consultations/calendar.html", consultation=consultation, form=form,
                           row_errors=row_errors or {}, phase=services.current_phase(consultation),
                           existing={phase.kind for phase in consultation.phases}, labels=phase_labels())


@bp.get("/<int:consultation_id>/history")
@permission_required("consultations.manage", load=_consultation, to="consultation")
def history(consultation: Consultation | None):
    consultation = consultation or abort(404)
    entries = audit.history("consultation", consultation.id)
    actor_ids = {entry.actor_id for entry in entries if entry.actor_id}
    actors = {user.id: user.name for user in
              db.session.scalars(db.select(User).filter(User.id.in_(actor_ids)))} if actor_ids else {}
    return render_template("consultations/history.html", consultation=consultation,
                           entries=list(reversed(entries)), actors=actors)
