"""The minutes of a meeting: written as a draft (read by the committee's members), approved and
published by the coordinator, then fixed; a correction is published beside them, with its reason."""
from __future__ import annotations

from flask import flash, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from consult.committee import services
from consult.committee.forms import CorrectionForm, MinutesForm
from consult.committee.services import CommitteeError
from consult.committee.views import bp, form_page, goto_meeting, meeting_or_404, meeting_page
from consult.core.errors import refused
from consult.core.forms import ConfirmForm
from consult.core.permissions import permission_required


@bp.route("/meetings/<int:meeting_id>/minutes", methods=["GET", "POST"])
@permission_required("committee.manage", load=meeting_or_404, to="meeting")
def minutes(meeting):
    if request.method == "GET":
        form = MinutesForm(formdata=None, data={"minutes": meeting.minutes,
                                                "decisions": "\n".join(meeting.decisions or [])})
    else:
        form = MinutesForm()
    context = {"consultation": meeting.consultation, "committee": meeting.committee, "meeting": meeting,
               "form": form}
    if request.method == "GET":
        return form_page("committee/minutes_form.html", **context)
    if not form.validate_on_submit():
        return form_page("committee/minutes_form.html", 400, **context)
    try:
        services.save_minutes(meeting, form.minutes.data, form.decisions.data, current_user)
    except CommitteeError as error:
        return refused(error, render_template, "committee/minutes_form.html", **context)
    flash(_("Draft minutes saved: committee members can read them. Approve them to publish them."), "success")
    return goto_meeting(meeting, "minutes")


@bp.post("/meetings/<int:meeting_id>/approve")
@permission_required("committee.approve_minutes", load=meeting_or_404, to="meeting")
def approve(meeting):
    try:
        if not ConfirmForm().validate_on_submit():
            raise CommitteeError(_("The form has expired: try again."))
        services.approve_minutes(meeting, current_user)
    except CommitteeError as error:
        return refused(error, meeting_page, meeting)
    flash(_("The minutes are approved and published."), "success")
    return goto_meeting(meeting, "minutes")


@bp.post("/meetings/<int:meeting_id>/corrections")
@permission_required("committee.approve_minutes", load=meeting_or_404, to="meeting")
def correct(meeting):
    form = CorrectionForm()
    if not form.validate_on_submit():
        flash(_("Write the correction and its reason: both are published."), "error")
        return meeting_page(meeting, correction_form=form), 400
    try:
        services.correct_minutes(meeting, form.text.data, form.reason.data, current_user,
                                 form.submission_token.data or None)
    except CommitteeError as error:
        return refused(error, meeting_page, meeting, correction_form=form)
    flash(_("The correction is published beside the minutes."), "success")
    return goto_meeting(meeting, "corrections")
