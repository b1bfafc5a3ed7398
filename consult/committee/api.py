"""Open data: a consultation's committee meetings, public fields only.

Attendance counts by side are always given; the minutes, decisions, action items and the progress
recorded only once the minutes are approved (published). Members appear by name and body only
when they agreed to be named, by body otherwise; never an e-mail, a phone or an account.
"""
from __future__ import annotations

from flask import jsonify

from consult.committee import summary
from consult.committee.models import ATTENDED
from consult.committee.sources import Consultation, public_commitment
from consult.core.api import api, consultation_arg
from consult.core.extensions import db


def public_member(member, status: str | None = None) -> dict:
    row = {"name": member.name if member.public_name else None, "body": member.body, "side": member.side}
    if status is not None:
        row["status"] = status
    return row


def meeting_record(meeting) -> dict:
    published = meeting.minutes_published
    statuses = summary.member_statuses(meeting)
    return {
        "id": meeting.id, "date": meeting.held_on.isoformat(), "time": meeting.starts_at or None,
        "place": meeting.place, "mode": meeting.mode, "language": meeting.language, "agenda": meeting.agenda,
        "attendance": summary.attendance_by_side(meeting),
        "attendance_by_status": summary.attendance_counts(meeting),
        "attendees": [public_member(member, status) for member, status in statuses.items() if status in ATTENDED],
        "minutes_published": published,
        "minutes_published_at": meeting.minutes_published_at.isoformat() if published else None,
        "minutes": meeting.minutes if published else None,
        "decisions": list(meeting.decisions or []) if published else [],
        "corrections": [{"date": c.created_at.isoformat(), "text": c.text, "reason": c.reason}
                        for c in meeting.corrections] if published else [],
        "action_items": [{"text": item.text, "owner": item.owner,
                          "due": item.due_on.isoformat() if item.due_on else None, "status": item.status,
                          "overdue": summary.is_overdue(item)} for item in meeting.action_items] if published else [],
        "commitments": [{"id": row.commitment_id, "number": row.commitment.number,
                         "progress": row.update.progress if published and row.update else None,
                         "completion": row.update.completion if published and row.update else None}
                        for row in meeting.discussed if public_commitment(row.commitment)],
    }


@api.get("/meetings")
def api_meetings():
    consultation_id, error = consultation_arg()
    if error:
        return error
    consultation = db.session.get(Consultation, consultation_id)
    if consultation is None:
        return jsonify({"error": "No such consultation.", "status": 404}), 404
    committee = summary.committee_of(consultation.id)
    if committee is None:
        return jsonify({"committee": None, "meetings": []})
    published = summary.charter_published(committee)
    return jsonify({
        "committee": {"name": committee.name, "balance": summary.balance(committee),
                      "charter": committee.charter if published else None,
                      "charter_published_at": committee.charter_published_at.isoformat() if published else None,
                      "members": [public_member(member) for member in committee.members]},
        "meetings": [meeting_record(meeting) for meeting in summary.meetings_of(consultation.id)],
    })
