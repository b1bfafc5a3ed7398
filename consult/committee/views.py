"""Public pages of the committee: the committee (members, balance, charter, meetings, attendance
rates) and each meeting. Draft minutes, decisions and action items show only to those who may read
them (committee.read_minutes). Thin: parse, check a named permission, call a service.
The coordinators' pages are in `manage.py`.
"""
from __future__ import annotations

import uuid
from datetime import date

from flask import Blueprint, abort, redirect, render_template, url_for
from flask_login import current_user

from consult.committee import record, summary
from consult.committee.forms import ActionItemForm, CorrectionForm
from consult.committee.labels import action_status_labels
from consult.committee.models import ActionItem, CommitteeMember, Meeting
from consult.committee.sources import Consultation, commitment_plans, readable_commitment
from consult.core.extensions import db
from consult.core.forms import ConfirmForm
from consult.core.permissions import can, permission_required

bp = Blueprint("committee", __name__)


# --- loading what a URL names (404 when it does not exist) ------------------------------------------

def consultation_or_404(consultation_id: int) -> Consultation:
    return db.session.get(Consultation, consultation_id) or abort(404)


def committee_or_404(consultation_id: int):
    return summary.committee_of(consultation_or_404(consultation_id).id) or abort(404)


def member_or_404(committee_member_id: int) -> CommitteeMember:
    return db.session.get(CommitteeMember, committee_member_id) or abort(404)


def meeting_or_404(meeting_id: int) -> Meeting:
    return db.session.get(Meeting, meeting_id) or abort(404)


def action_item_or_404(action_item_id: int) -> ActionItem:
    return db.session.get(ActionItem, action_item_id) or abort(404)


def member_label(member: CommitteeMember, see_names: bool) -> str:
    if see_names:
        return f"{member.name} — {member.body}"
    return summary.public_label(member)


def _common():
    return {"member_label": member_label, "action_status_labels": action_status_labels(),
            "is_overdue": summary.is_overdue, "today": date.today(),
            "confirm_form": ConfirmForm(formdata=None)}


# --- public pages -------------------------------------------------------------------------------

@bp.get("/consultations/<int:consultation_id>/committee")
def page(consultation_id: int):
    consultation = consultation_or_404(consultation_id)
    committee = summary.committee_of(consultation.id)
    if committee is None:
        if can(current_user, "committee.manage", consultation):
            return redirect(url_for("committee.edit", consultation_id=consultation.id))
        abort(404)
    meetings = summary.meetings_of(consultation.id)
    rows = [{"meeting": m, "by_side": summary.attendance_by_side(m), "recorded": summary.attendance_recorded(m),
             "minutes": can(current_user, "committee.read_minutes", m)} for m in meetings]
    readable = {m.id for m in meetings if can(current_user, "committee.read_minutes", m)}
    items = [item for item in summary.action_items_of(consultation.id) if item.meeting_id in readable]
    return render_template(
        "committee/page.html", consultation=consultation, committee=committee, members=committee.members,
        balance=summary.balance(committee), meetings=rows, rates=summary.attendance_rates(consultation.id),
        items=items, see_names=can(current_user, "committee.see_names", committee),
        plan=commitment_plans.plan_of(consultation), **_common())


def meeting_page(meeting: Meeting, item_form: ActionItemForm | None = None,
                 correction_form: CorrectionForm | None = None):
    consultation = meeting.consultation
    members = meeting.committee.members
    statuses = {row.member_id: row.status for row in meeting.attendance}
    attendance = [(member, statuses.get(member.id) or ("absent" if statuses and member.in_term(meeting.held_on)
                                                       else None))
                  for member in members if member.id in statuses or member.in_term(meeting.held_on)]
    return render_template(
        "committee/meeting.html", consultation=consultation, committee=meeting.committee, meeting=meeting,
        attendance=attendance, counts=summary.attendance_counts(meeting),
        attended_by_side=summary.attendance_by_side(meeting), recorded=summary.attendance_recorded(meeting),
        discussed=[row for row in record.discussed_by_commitment(meeting).values()
                   if readable_commitment(current_user, row.commitment)],
        read_minutes=can(current_user, "committee.read_minutes", meeting),
        see_names=can(current_user, "committee.see_names", meeting),
        item_form=item_form or ActionItemForm(formdata=None),
        correction_form=correction_form or CorrectionForm(formdata=None, data={"submission_token": uuid.uuid4().hex}),
        **_common())


@bp.get("/meetings/<int:meeting_id>")
@permission_required("committee.read", load=meeting_or_404, to="meeting")
def meeting(meeting: Meeting):
    return meeting_page(meeting)


from consult.committee import api, manage, minutes  # noqa: E402,F401  (their routes are on bp and on core's api)
