"""The two joint committees of the demo's past plans, from the seeds.

- Tunisia's 4th national plan (seed 000, seed 001): the joint advisory committee, its members as
  the minutes list them (by name and body; side read from the body), and its two meetings: 20
  December 2022 (on site and online, 14:30, at the Presidency's annex) and the later, undated one
  (recorded on 15 April 2023, the day the plan's demo already dates its progress). The first
  minutes list who attended on site and online; the second list nobody, so those the minutes show
  speaking are recorded present (the "representative of the INS" as the one who spoke for it in
  December). Members not recorded are absent. Each meeting's agenda, a summary of its minutes in
  their words, its decisions and action items; the commitments it discussed are linked to the
  progress updates the plan's demo recorded on that day (no second copy). The seeds give no
  charter: the December meeting decided to write one (an action item still open).
- Kef's 5+5 steering committee (seed 004): the mayor and four municipal staff, five associations
  (the report names none of them, so they are named by their seat), and its rules as the report
  states them (composition, public call, monthly meetings), not marked published; the report
  dates none of its meetings, so none is loaded.

Consent to be named publicly is the demo's choice (only the OGP point of contact), and the minutes'
publication is dated the day after each meeting. Idempotent: a committee already loaded for its
plan is left as it is. Flushes; the caller commits.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta

from consult.committee import record, services
from consult.committee.models import ActionItem, Attendance, Meeting
from consult.committee.summary import committee_of
from consult.commitments.models import ProgressUpdate
from consult.commitments.plans import plan_of
from consult.core.extensions import db
from consult.demo.loader import read_data


def _update_on(commitment, day: date):
    return db.session.scalar(db.select(ProgressUpdate).filter_by(commitment_id=commitment.id, reported_on=day)
                             .order_by(ProgressUpdate.id))


def load_committee(data: dict) -> bool:
    """Load one committee with its members and meetings; False when its plan is missing or it exists."""
    consultation = next((c for c in _consultations() if c.title.get("ar") == data["plan_title"]["ar"]), None)
    if consultation is None or committee_of(consultation.id) is not None:
        return False
    committee = services.save_committee(consultation, data["name"], data["charter"], False, None)
    if data.get("charter_published"):
        committee.charter_published_at = datetime.fromisoformat(data["charter_published"])
    members = {}
    for item in data["members"]:
        members[item["key"]] = services.add_member(committee, {
            "name": item["name"], "body": item["body"], "side": item["side"], "role_note": item.get("role_note", ""),
            "public_name": item.get("public_name", False), "term_start": None, "term_end": None}, None)
    commitments = {c.number: c for c in plan_of(consultation).commitments} if plan_of(consultation) else {}
    for item in data["meetings"]:
        _load_meeting(committee, item, members, commitments)
    db.session.flush()
    return True


def _load_meeting(committee, item: dict, members: dict, commitments: dict) -> Meeting:
    held_on = date.fromisoformat(item["held_on"])
    meeting = Meeting(committee=committee, held_on=held_on, starts_at=item["starts_at"], place=item["place"],
                      mode=item["mode"], language=item["language"], agenda=item["agenda"],
                      minutes=item["minutes"], decisions=item["decisions"])
    db.session.add(meeting)
    for status in ("present", "online"):
        for key in item[status]:
            meeting.attendance.append(Attendance(member_id=members[key].id, status=status))
    for key, member in members.items():
        if key not in item["present"] and key not in item["online"]:
            meeting.attendance.append(Attendance(member_id=member.id, status="absent"))
    for position, action in enumerate(item["actions"], start=1):
        db.session.add(ActionItem(meeting=meeting, position=position, text=action["text"], owner=action["owner"],
                                  due_on=date.fromisoformat(action["due"]) if action["due"] else None,
                                  status=action["status"],
                                  done_on=date.fromisoformat(action["done_on"]) if action.get("done_on") else None))
    db.session.flush()
    for number in item["commitments"]:
        commitment = commitments.get(number)
        if commitment is not None:
            record.link(meeting, commitment, _update_on(commitment, held_on))
    meeting.minutes_published_at = datetime.combine(held_on + timedelta(days=1), datetime.min.time())
    db.session.flush()
    return meeting


def _consultations():
    from consult.consultations.models import Consultation
    return db.session.scalars(db.select(Consultation).order_by(Consultation.id))


def load_committees() -> int:
    """Load both committees (after the action plans); returns how many were added."""
    data = read_data("committee.json")
    return sum(load_committee(data[key]) for key in ("national", "kef"))

