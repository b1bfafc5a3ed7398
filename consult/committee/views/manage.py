"""The coordinators' pages: the committee and its charter, members, meetings, attendance, action
items, and the progress a meeting recorded for the commitments (the minutes: `minutes.py`)."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from consult.committee import record, services, summary
from consult.committee.forms import ActionItemForm, CommitteeForm, MeetingForm, MemberForm
from consult.committee.models import ATTENDANCE
from consult.committee.services import CommitteeError
from consult.committee.sources import COMPLETION_LEVELS, User, plan_commitments
from consult.committee.views import (action_item_or_404, bp, committee_or_404, consultation_or_404, form_page,
                                     goto_meeting, meeting_or_404, meeting_page, member_or_404)
from consult.core.errors import refused
from consult.core.extensions import db
from consult.core.forms import ConfirmForm
from consult.core.inputs import to_int
from consult.core.permissions import permission_required


def _accounts():
    return db.session.scalars(db.select(User).filter(User.active.is_(True)).order_by(User.name)).all()


def _goto_page(committee):
    return redirect(url_for("committee.page", consultation_id=committee.consultation_id))


# --- the committee -------------------------------------------------------------------------------

@bp.route("/consultations/<int:consultation_id>/committee/edit", methods=["GET", "POST"])
@permission_required("committee.manage", load=consultation_or_404, to="consultation")
def edit(consultation):
    committee = summary.committee_of(consultation.id)
    if request.method == "GET":
        form = CommitteeForm(formdata=None, data=CommitteeForm.data_of(committee))
        return form_page("committee/edit.html", consultation=consultation, committee=committee, form=form)
    form = CommitteeForm()
    context = {"consultation": consultation, "committee": committee, "form": form}
    if not form.validate_on_submit():
        return form_page("committee/edit.html", 400, **context)
    try:
        committee = services.save_committee(consultation, **form.values(), actor=current_user)
    except CommitteeError as error:
        return refused(error, render_template, "committee/edit.html", **context)
    flash(_("The committee is saved."), "success")
    return _goto_page(committee)


# --- members -------------------------------------------------------------------------------------

@bp.route("/consultations/<int:consultation_id>/committee/members/new", methods=["GET", "POST"])
@permission_required("committee.manage", load=committee_or_404, to="committee")
def add_member(committee):
    form = MemberForm(_accounts(), formdata=None) if request.method == "GET" else MemberForm(_accounts())
    context = {"consultation": committee.consultation, "committee": committee, "form": form, "member": None}
    if request.method == "GET":
        return form_page("committee/member_form.html", **context)
    if not form.validate_on_submit():
        return form_page("committee/member_form.html", 400, **context)
    try:
        services.add_member(committee, form.values(), current_user)
    except CommitteeError as error:
        return refused(error, render_template, "committee/member_form.html", **context)
    flash(_("Member added."), "success")
    return _goto_page(committee)


@bp.route("/committee-members/<int:committee_member_id>/edit", methods=["GET", "POST"])
@permission_required("committee.manage", load=member_or_404, to="member")
def edit_member(member):
    if request.method == "GET":
        form = MemberForm(_accounts(), formdata=None, data=MemberForm.data_of(member))
    else:
        form = MemberForm(_accounts())
    context = {"consultation": member.committee.consultation, "committee": member.committee, "form": form,
               "member": member}
    if request.method == "GET":
        return form_page("committee/member_form.html", **context)
    if not form.validate_on_submit():
        return form_page("committee/member_form.html", 400, **context)
    try:
        services.update_member(member, form.values(), current_user)
    except CommitteeError as error:
        return refused(error, render_template, "committee/member_form.html", **context)
    flash(_("Member saved."), "success")
    return _goto_page(member.committee)


# --- meetings ------------------------------------------------------------------------------------

@bp.route("/consultations/<int:consultation_id>/committee/meetings/new", methods=["GET", "POST"])
@permission_required("committee.manage", load=committee_or_404, to="committee")
def add_meeting(committee):
    form = MeetingForm(formdata=None, data={"language": "ar"}) if request.method == "GET" else MeetingForm()
    context = {"consultation": committee.consultation, "committee": committee, "form": form, "meeting": None}
    if request.method == "GET":
        return form_page("committee/meeting_form.html", **context)
    if not form.validate_on_submit():
        return form_page("committee/meeting_form.html", 400, **context)
    try:
        meeting = services.add_meeting(committee, form.values(), current_user)
    except CommitteeError as error:
        return refused(error, render_template, "committee/meeting_form.html", **context)
    flash(_("Meeting added. Record its attendance, minutes and progress once it is held."), "success")
    return goto_meeting(meeting)


@bp.route("/meetings/<int:meeting_id>/edit", methods=["GET", "POST"])
@permission_required("committee.manage", load=meeting_or_404, to="meeting")
def edit_meeting(meeting):
    form = MeetingForm(formdata=None, data=MeetingForm.data_of(meeting)) if request.method == "GET" else MeetingForm()
    context = {"consultation": meeting.consultation, "committee": meeting.committee, "form": form,
               "meeting": meeting}
    if request.method == "GET":
        return form_page("committee/meeting_form.html", **context)
    if not form.validate_on_submit():
        return form_page("committee/meeting_form.html", 400, **context)
    try:
        services.update_meeting(meeting, form.values(), current_user)
    except CommitteeError as error:
        return refused(error, render_template, "committee/meeting_form.html", **context)
    flash(_("Meeting saved."), "success")
    return goto_meeting(meeting)


@bp.route("/meetings/<int:meeting_id>/attendance", methods=["GET", "POST"])
@permission_required("committee.manage", load=meeting_or_404, to="meeting")
def attendance(meeting):
    members = [m for m in meeting.committee.members
               if m.in_term(meeting.held_on) or any(row.member_id == m.id for row in meeting.attendance)]
    current = {row.member_id: row.status for row in meeting.attendance}
    form = ConfirmForm()
    context = {"consultation": meeting.consultation, "committee": meeting.committee, "meeting": meeting,
               "members": members, "current": current, "form": form, "statuses": ATTENDANCE}
    if request.method == "GET":
        return form_page("committee/attendance.html", **context)
    if not form.validate_on_submit():
        return form_page("committee/attendance.html", 400, **context)
    given = {member.id: request.form.get(f"status-{member.id}", "") for member in members}
    context["current"] = {**current, **{k: v for k, v in given.items() if v}}
    try:
        services.record_attendance(meeting, {k: v for k, v in given.items() if v}, current_user)
    except CommitteeError as error:
        return refused(error, render_template, "committee/attendance.html", **context)
    flash(_("Attendance recorded."), "success")
    return goto_meeting(meeting, "attendance")


# --- action items ---------------------------------------------------------------------------------

@bp.post("/meetings/<int:meeting_id>/action-items")
@permission_required("committee.manage", load=meeting_or_404, to="meeting")
def add_action_item(meeting):
    form = ActionItemForm()
    if not form.validate_on_submit():
        flash(_("Write what is to be done (and, if you wish, who does it and by when)."), "error")
        return meeting_page(meeting, form), 400
    try:
        services.add_action_item(meeting, form.text.data, form.owner.data, form.due_on.data, current_user)
    except CommitteeError as error:
        return refused(error, meeting_page, meeting, form)
    flash(_("Action item added."), "success")
    return goto_meeting(meeting, "actions")


@bp.post("/action-items/<int:action_item_id>/status")
@permission_required("committee.manage", load=action_item_or_404, to="item")
def action_status(item):
    try:
        if not ConfirmForm().validate_on_submit():
            raise CommitteeError(_("The form has expired: try again."))
        services.set_action_status(item, request.form.get("status", ""), current_user)
    except CommitteeError as error:
        return refused(error, meeting_page, item.meeting)
    flash(_("Action item updated."), "success")
    return goto_meeting(item.meeting, "actions")


# --- the progress a meeting recorded ---------------------------------------------------------------

def _entries(commitments) -> list[record.Entry]:
    """The meeting's record, one row of fields per commitment; raises for a malformed number."""
    entries = []
    for commitment in commitments:
        prefix = f"c{commitment.id}-"
        raw = (request.form.get(prefix + "progress") or "").strip()
        progress = to_int(raw, minimum=0, maximum=100)
        if raw and progress is None:
            raise CommitteeError(_("Commitment %(number)s: the progress is a percentage from 0 to 100.",
                                   number=commitment.number))
        completion = request.form.get(prefix + "completion") or None
        if completion and completion not in COMPLETION_LEVELS:
            raise CommitteeError(_("Unknown completion level."))
        entries.append(record.Entry(
            commitment.id, discussed=bool(request.form.get(prefix + "discussed")), progress=progress,
            completion=completion, done_text=request.form.get(prefix + "done_text", ""),
            difficulties=request.form.get(prefix + "difficulties", ""),
            recommendations=request.form.get(prefix + "recommendations", "")))
    return entries


@bp.route("/meetings/<int:meeting_id>/progress", methods=["GET", "POST"])
@permission_required("committee.manage", load=meeting_or_404, to="meeting")
def progress(meeting):
    commitments = plan_commitments(meeting.consultation)
    form = ConfirmForm()
    context = {"consultation": meeting.consultation, "committee": meeting.committee, "meeting": meeting,
               "commitments": commitments, "discussed": record.discussed_by_commitment(meeting), "form": form,
               "values": request.form if request.method == "POST" else {}}
    if request.method == "GET":
        return form_page("committee/progress_form.html", **context)
    if not form.validate_on_submit():
        return form_page("committee/progress_form.html", 400, **context)
    try:
        outcome = record.record_meeting(meeting, _entries(commitments), current_user)
    except CommitteeError as error:
        return refused(error, render_template, "committee/progress_form.html", **context)
    flash(_("Progress updates recorded: %(updates)d; other commitments discussed: %(discussed)d.",
            updates=len(outcome.recorded), discussed=len(outcome.discussed)), "success")
    return goto_meeting(meeting, "discussed")
