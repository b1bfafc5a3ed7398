"""Public pages of the committee: the committee (members, balance, charter, meetings, attendance
rates) and each meeting. Draft minutes, decisions and action items show only to those who may read
them (committee.read_minutes)."""
from __future__ import annotations

from flask import abort, redirect, render_template, url_for
from flask_login import current_user

from consult.committee import summary
from consult.committee.models import Meeting
from consult.committee.sources import commitment_plans
from consult.committee.views import bp, common_context, consultation_or_404, meeting_or_404, meeting_page
from consult.core.permissions import can, permission_required


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
        plan=commitment_plans.plan_of(consultation), **common_context())


@bp.get("/meetings/<int:meeting_id>")
@permission_required("committee.read", load=meeting_or_404, to="meeting")
def meeting(meeting: Meeting):
    return meeting_page(meeting)
