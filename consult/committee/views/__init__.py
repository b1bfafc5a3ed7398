"""The committee's pages, on one blueprint: the public pages in `public.py`, the coordinators' in
`manage.py`, the minutes in `minutes.py`. Thin: parse, check a named permission, call a service.
This module holds their blueprint, the loaders they share and the pages more than one redraws.
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
from consult.committee.sources import Consultation, readable_commitment
from consult.core.extensions import db
from consult.core.forms import ConfirmForm
from consult.core.permissions import can

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


def common_context() -> dict:
    return {"member_label": member_label, "action_status_labels": action_status_labels(),
            "is_overdue": summary.is_overdue, "today": date.today(),
            "confirm_form": ConfirmForm(formdata=None)}


# --- what more than one page family draws ---------------------------------------------------------

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
        **common_context())


def form_page(template: str, status: int = 200, **context):
    return render_template(template, **context), status


def goto_meeting(meeting, anchor=None):
    return redirect(url_for("committee.meeting", meeting_id=meeting.id, _anchor=anchor))
