"""The committee's logic: the committee and its charter, members, meetings, attendance, minutes and
their approval, action items. Every change is audited. Flushes; the caller commits.
The progress a meeting records for the commitments it discussed is in `record.py`.
"""
from __future__ import annotations

from datetime import date

from flask_babel import gettext as _

from consult.committee.models import (ACTION_STATUSES, ATTENDANCE, BODY_MAX, CHARTER_MAX, ITEM_MAX,
                                      MINUTES_LANGUAGES, MODES, NAME_MAX, PLACE_MAX, SIDES, TEXT_MAX, ActionItem,
                                      Attendance, Committee, CommitteeMember, Meeting, MinutesCorrection)
from consult.committee.sources import User
from consult.core import audit, transactions
from consult.core.errors import Refused
from consult.core.extensions import db
from consult.core.languages import LANGUAGES
from consult.core.models import utcnow

MAX_LINES = 100


class CommitteeError(Refused):
    """A change refused for a reason the user can read (already translated)."""


def _clean(text: str | None, max_length: int) -> str:
    text = (text or "").strip()
    if len(text) > max_length:
        raise CommitteeError(_("A text is longer than %(max)d characters.", max=max_length))
    return text


def lines(text: str | None, max_length: int = ITEM_MAX) -> list[str]:
    """One item per non-empty line (agenda items, decisions)."""
    items = [line.strip().lstrip("-•·*").strip() for line in (text or "").splitlines()]
    items = [item for item in items if item]
    if len(items) > MAX_LINES:
        raise CommitteeError(_("At most %(max)d lines.", max=MAX_LINES))
    if any(len(item) > max_length for item in items):
        raise CommitteeError(_("A line is longer than %(max)d characters.", max=max_length))
    return items


# --- the committee and its charter ------------------------------------------------------------------

def save_committee(consultation, name: dict, charter: dict, publish_charter: bool, actor) -> Committee:
    name = {code: _clean((name or {}).get(code), NAME_MAX) for code in LANGUAGES}
    charter = {code: _clean((charter or {}).get(code), CHARTER_MAX) for code in LANGUAGES}
    if not any(name.values()):
        raise CommitteeError(_("Give the committee's name in at least one language."))
    if publish_charter and not any(charter.values()):
        raise CommitteeError(_("Write the charter before publishing it."))
    committee = db.session.scalar(db.select(Committee).filter_by(consultation_id=consultation.id))
    created = committee is None
    if created:
        committee = Committee(consultation_id=consultation.id)
        db.session.add(committee)
    old = {"name": committee.name, "charter": committee.charter,
           "charter_published": committee.charter_published_at is not None}
    committee.name, committee.charter = name, charter
    if publish_charter and committee.charter_published_at is None:
        committee.charter_published_at = utcnow()
    elif not publish_charter:
        committee.charter_published_at = None
    db.session.flush()
    audit.record("committee", committee.id, "create" if created else "update", actor,
                 consultation_id=consultation.id, old=None if created else old,
                 new={"name": name, "charter": charter, "charter_published": publish_charter})
    return committee


# --- members -------------------------------------------------------------------------------------

def _member_values(committee: Committee, fields: dict, member: CommitteeMember | None = None) -> dict:
    values = {"name": _clean(fields.get("name"), NAME_MAX), "body": _clean(fields.get("body"), BODY_MAX),
              "role_note": _clean(fields.get("role_note"), BODY_MAX), "side": fields.get("side"),
              "term_start": fields.get("term_start"), "term_end": fields.get("term_end"),
              "public_name": bool(fields.get("public_name")), "user_id": fields.get("user_id") or None}
    if not values["name"] or not values["body"]:
        raise CommitteeError(_("Give the member's name and the body they represent."))
    if values["side"] not in SIDES:
        raise CommitteeError(_("Choose the member's side: government, civil society or other."))
    if values["term_start"] and values["term_end"] and values["term_end"] < values["term_start"]:
        raise CommitteeError(_("The term cannot end before it starts."))
    if values["user_id"] is not None:
        user = db.session.get(User, values["user_id"])
        if user is None or not user.active:
            raise CommitteeError(_("That account does not exist."))
        if any(m.user_id == user.id and m is not member for m in committee.members):
            raise CommitteeError(_("That account is already linked to another member of this committee."))
    return values


def add_member(committee: Committee, fields: dict, actor) -> CommitteeMember:
    values = _member_values(committee, fields)
    member = CommitteeMember(committee=committee, position=len(committee.members) + 1, **values)
    db.session.add(member)
    db.session.flush()
    audit.record("committee_member", member.id, "create", actor, committee_id=committee.id,
                 new=_public(values))
    return member


def update_member(member: CommitteeMember, fields: dict, actor) -> CommitteeMember:
    values = _member_values(member.committee, fields, member)
    old = _public({key: getattr(member, key) for key in values})
    for key, value in values.items():
        setattr(member, key, value)
    db.session.flush()
    audit.record("committee_member", member.id, "update", actor, committee_id=member.committee_id,
                 old=old, new=_public(values))
    return member


def _public(values: dict) -> dict:
    return {key: (value.isoformat() if isinstance(value, date) else value) for key, value in values.items()}


# --- meetings ------------------------------------------------------------------------------------

def _meeting_values(fields: dict) -> dict:
    values = {"held_on": fields.get("held_on"), "starts_at": (fields.get("starts_at") or "").strip(),
              "place": _clean(fields.get("place"), PLACE_MAX), "mode": fields.get("mode"),
              "language": fields.get("language"), "agenda": lines(fields.get("agenda"))}
    if not isinstance(values["held_on"], date):
        raise CommitteeError(_("Give the meeting's date."))
    if values["mode"] not in MODES:
        raise CommitteeError(_("Choose how the meeting is held: in person, online or hybrid."))
    if values["language"] not in MINUTES_LANGUAGES:
        raise CommitteeError(_("Choose the meeting's language."))
    starts = values["starts_at"]
    if starts and not (len(starts) == 5 and starts[2] == ":" and starts[:2].isdigit() and starts[3:].isdigit()
                       and int(starts[:2]) < 24 and int(starts[3:]) < 60):
        raise CommitteeError(_("Give the time as hours and minutes, like 14:30."))
    return values


def add_meeting(committee: Committee, fields: dict, actor) -> Meeting:
    values = _meeting_values(fields)
    meeting = Meeting(committee=committee, **values)
    db.session.add(meeting)
    db.session.flush()
    audit.record("meeting", meeting.id, "create", actor, committee_id=committee.id, new=_public(values))
    return meeting


def update_meeting(meeting: Meeting, fields: dict, actor) -> Meeting:
    values = _meeting_values(fields)
    if meeting.discussed and values["held_on"] != meeting.held_on:
        raise CommitteeError(_("Progress was recorded at this meeting on its date: its date can no longer change."))
    old = _public({key: getattr(meeting, key) for key in values})
    for key, value in values.items():
        setattr(meeting, key, value)
    db.session.flush()
    audit.record("meeting", meeting.id, "update", actor, old=old, new=_public(values))
    return meeting


def record_attendance(meeting: Meeting, statuses: dict, actor) -> None:
    """{member_id: status} for the committee's members; a member left out keeps no status."""
    members = {member.id: member for member in meeting.committee.members}
    if meeting.held_on > date.today():
        raise CommitteeError(_("The meeting has not taken place yet: attendance is recorded once it is held."))
    if not statuses:
        raise CommitteeError(_("Give at least one member's attendance."))
    for member_id, status in statuses.items():
        if member_id not in members:
            raise CommitteeError(_("A member given does not belong to this committee."))
        if status not in ATTENDANCE:
            raise CommitteeError(_("Unknown attendance status."))
    rows = {row.member_id: row for row in meeting.attendance}
    old = {str(row.member_id): row.status for row in meeting.attendance}
    for member_id, status in statuses.items():
        if member_id in rows:
            rows[member_id].status = status
        else:
            meeting.attendance.append(Attendance(member_id=member_id, status=status))
    db.session.flush()
    audit.record("meeting", meeting.id, "attendance", actor, old=old,
                 new={str(member_id): status for member_id, status in statuses.items()})


# --- minutes ---------------------------------------------------------------------------------------

def save_minutes(meeting: Meeting, minutes: str, decisions: str, actor) -> Meeting:
    if meeting.minutes_published:
        raise CommitteeError(_("These minutes are approved and published: they can no longer be changed."), 409)
    minutes = _clean(minutes, TEXT_MAX)
    decided = lines(decisions)
    if not minutes and not decided:
        raise CommitteeError(_("Write the minutes or at least one decision."))
    old = {"minutes": meeting.minutes, "decisions": meeting.decisions}
    meeting.minutes, meeting.decisions = minutes, decided
    db.session.flush()
    audit.record("meeting", meeting.id, "minutes", actor, old=old, new={"minutes": minutes, "decisions": decided})
    return meeting


def approve_minutes(meeting: Meeting, actor) -> Meeting:
    """The coordinator approves the minutes: from now on they are public, and fixed."""
    if meeting.minutes_published:
        raise CommitteeError(_("These minutes are already published."), 409)
    if not meeting.minutes.strip():
        raise CommitteeError(_("There are no minutes to approve yet."))
    if meeting.held_on > date.today():
        raise CommitteeError(_("The meeting has not taken place yet."))
    meeting.minutes_published_at, meeting.approved_by_id = utcnow(), getattr(actor, "id", None)
    db.session.flush()
    audit.record("meeting", meeting.id, "approve_minutes", actor)
    return meeting


def correct_minutes(meeting: Meeting, text: str, reason: str, actor, token: str | None = None) -> MinutesCorrection:
    """Approved minutes are never rewritten: a correction is published beside them, dated, with
    its reason. The same `token` (one per rendered form) twice returns the first correction."""
    def saved_with_token():
        return db.session.scalar(db.select(MinutesCorrection).filter_by(submission_token=token)) if token else None
    if (saved := saved_with_token()) is not None:
        return saved
    if not meeting.minutes_published:
        raise CommitteeError(_("These minutes are not published yet: change them directly."), 409)
    text, reason = _clean(text, ITEM_MAX), _clean(reason, ITEM_MAX)
    if not text or not reason:
        raise CommitteeError(_("Write the correction and its reason: both are published."))
    correction = MinutesCorrection(meeting=meeting, text=text, reason=reason, submission_token=token or None,
                                   author_id=getattr(actor, "id", None))
    db.session.add(correction)
    if (saved := transactions.flush_or_saved_by_twin(saved_with_token)) is not None:
        return saved
    audit.record("meeting", meeting.id, "correct_minutes", actor, correction=text, reason=reason)
    return correction


# --- action items ---------------------------------------------------------------------------------

def add_action_item(meeting: Meeting, text: str, owner: str, due_on: date | None, actor) -> ActionItem:
    text, owner = _clean(text, ITEM_MAX), _clean(owner, BODY_MAX)
    if not text:
        raise CommitteeError(_("Write what is to be done."))
    item = ActionItem(meeting=meeting, text=text, owner=owner, due_on=due_on,
                      position=len(meeting.action_items) + 1)
    db.session.add(item)
    db.session.flush()
    audit.record("action_item", item.id, "create", actor, meeting_id=meeting.id,
                 new={"text": text, "owner": owner, "due_on": due_on.isoformat() if due_on else None})
    return item


def set_action_status(item: ActionItem, status: str, actor, today: date | None = None) -> ActionItem:
    if status not in ACTION_STATUSES:
        raise CommitteeError(_("Unknown status."))
    old = item.status
    item.status = status
    item.done_on = (today or date.today()) if status == "done" else None
    db.session.flush()
    audit.record("action_item", item.id, "status", actor, old=old, new=status)
    return item
