"""Read-only figures about a consultation's committee, for other features (the self-assessment
report, the OGP standards page) and for this feature's own pages. Nothing here writes.

These names are a stable interface: functions are added, never renamed.

- `committee_of(consultation_id)` -> Committee or None.
- `charter_published(committee)` -> bool; `charter_published_at(committee)` -> datetime or None
  (when the charter was made public; None for no committee or an unpublished charter).
- `members_of(consultation_id)` -> the committee's members (CommitteeMember), in their order.
- `balance(committee, on=None)` -> {"government": n, "civil_society": n, "other": n}: the seats per
  side (members whose term covers `on`, default today; every member when `on` is False).
- `meetings_of(consultation_id, published_minutes_only=False)` -> the meetings (Meeting), ordered by
  date; each has `.held_on` (date), `.mode` ("in_person" | "online" | "hybrid"), `.place`,
  `.language`, `.minutes_published_at` (datetime, None while the minutes are a draft) and
  `.minutes_published` (bool). With `published_minutes_only`, only those whose minutes are public.
- `held_meetings(consultation_id, today=None)` -> meetings held on or before today.
- `attendance_by_side(meeting)` -> {"government": n, "civil_society": n, "other": n}: members who
  attended, present or online.
- `attendance_counts(meeting)` -> {side: {"present", "online", "excused", "absent"}} (a member in
  term without a recorded status counts as absent, once the meeting's attendance is recorded).
- `attendance_rates(consultation_id)` -> Rates with `.members` (a list of MemberRate: `member`,
  `expected`, `attended`, `present`, `online`, `excused`, `absent`, `rate` (0-100, None if nothing
  expected), `often_absent`: missed, not excused, at least 2 meetings and half of them) and `.sides` ({side: SideRate(`expected`, `attended`, `rate`)}); only
  meetings whose attendance was recorded count, and for each member only those in their term.
- `action_items_of(consultation_id)` -> every action item (ActionItem: `.text`, `.owner`, `.due_on`,
  `.status`, `.done_on`, `.meeting`), by meeting date; `is_overdue(item, today=None)` -> bool;
  `overdue_action_items(consultation_id, today=None)` -> the open ones past their due date.
- `discussed_in(meeting)` -> the DiscussedCommitment rows (`.commitment`, `.update`: the
  ProgressUpdate recorded in the meeting, or None).
- `meetings_with_civil_society(consultation_id, since=None, today=None)` -> held meetings, on or
  after `since`, that at least one civil-society member attended (present or online).
- `longest_gap_days(consultation_id, today=None)` -> the longest time in days between two held
  meetings (and from the last one to today); None without a held meeting.
- `public_label(member)` -> what the public reads for a member: "name — body" when they agreed to
  be named, the body alone otherwise.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from consult.committee.models import ATTENDANCE, ATTENDED, SIDES, ActionItem, Committee, CommitteeMember, Meeting
from consult.core.extensions import db

# "Often absent": missed (absent, not excused) at least MIN_ABSENCES meetings and at least this share
# of the meetings they were expected at.
OFTEN_ABSENT_SHARE = 0.5
MIN_ABSENCES = 2


def committee_of(consultation_id: int) -> Committee | None:
    return db.session.scalar(db.select(Committee).filter_by(consultation_id=consultation_id))


def charter_published(committee: Committee | None) -> bool:
    return committee is not None and committee.charter_published_at is not None and any(
        (committee.charter or {}).values())


def charter_published_at(committee: Committee | None) -> datetime | None:
    return committee.charter_published_at if charter_published(committee) else None


def members_of(consultation_id: int) -> list[CommitteeMember]:
    committee = committee_of(consultation_id)
    return list(committee.members) if committee else []


def balance(committee: Committee, on: date | bool | None = None) -> dict:
    day = date.today() if on is None else on
    counts = {side: 0 for side in SIDES}
    for member in committee.members:
        if day is False or member.in_term(day):
            counts[member.side] = counts.get(member.side, 0) + 1
    return counts


def meetings_of(consultation_id: int, published_minutes_only: bool = False) -> list[Meeting]:
    query = db.select(Meeting).join(Committee).filter(Committee.consultation_id == consultation_id)
    if published_minutes_only:
        query = query.filter(Meeting.minutes_published_at.is_not(None))
    return list(db.session.scalars(query.order_by(Meeting.held_on, Meeting.id)))


def held_meetings(consultation_id: int, today: date | None = None) -> list[Meeting]:
    today = today or date.today()
    return [m for m in meetings_of(consultation_id) if m.held_on <= today]


def member_statuses(meeting: Meeting) -> dict:
    """{member: status} for the members expected at the meeting; {} while attendance is unrecorded."""
    recorded = {row.member_id: row.status for row in meeting.attendance}
    if not recorded:
        return {}
    statuses = {}
    for member in meeting.committee.members:
        if member.id in recorded:
            statuses[member] = recorded[member.id]
        elif member.in_term(meeting.held_on):
            statuses[member] = "absent"
    return statuses


def attendance_recorded(meeting: Meeting) -> bool:
    return bool(meeting.attendance)


def attendance_counts(meeting: Meeting) -> dict:
    counts = {side: {status: 0 for status in ATTENDANCE} for side in SIDES}
    for member, status in member_statuses(meeting).items():
        counts[member.side][status] += 1
    return counts


def attendance_by_side(meeting: Meeting) -> dict:
    counts = attendance_counts(meeting)
    return {side: sum(counts[side][status] for status in ATTENDED) for side in SIDES}


@dataclass
class MemberRate:
    member: CommitteeMember
    expected: int = 0
    present: int = 0
    online: int = 0
    excused: int = 0
    absent: int = 0

    @property
    def attended(self) -> int:
        return self.present + self.online

    @property
    def rate(self) -> int | None:
        return round(100 * self.attended / self.expected) if self.expected else None

    @property
    def often_absent(self) -> bool:
        return self.absent >= MIN_ABSENCES and self.absent >= OFTEN_ABSENT_SHARE * self.expected


@dataclass
class SideRate:
    expected: int = 0
    attended: int = 0

    @property
    def rate(self) -> int | None:
        return round(100 * self.attended / self.expected) if self.expected else None


@dataclass
class Rates:
    members: list = field(default_factory=list)
    sides: dict = field(default_factory=dict)
    meetings: int = 0          # meetings whose attendance was recorded

    @property
    def often_absent(self) -> list:
        return [row for row in self.members if row.often_absent]


def attendance_rates(consultation_id: int) -> Rates:
    committee = committee_of(consultation_id)
    rates = Rates(sides={side: SideRate() for side in SIDES})
    if committee is None:
        return rates
    rows = {member.id: MemberRate(member) for member in committee.members}
    for meeting in committee.meetings:
        statuses = member_statuses(meeting)
        if statuses:
            rates.meetings += 1
        for member, status in statuses.items():
            row = rows[member.id]
            row.expected += 1
            setattr(row, status, getattr(row, status) + 1)
            side = rates.sides[member.side]
            side.expected += 1
            side.attended += status in ATTENDED
    rates.members = list(rows.values())
    return rates


def action_items_of(consultation_id: int) -> list[ActionItem]:
    return list(db.session.scalars(
        db.select(ActionItem).join(Meeting).join(Committee).filter(Committee.consultation_id == consultation_id)
        .order_by(Meeting.held_on, ActionItem.position, ActionItem.id)))


def is_overdue(item: ActionItem, today: date | None = None) -> bool:
    today = today or date.today()
    return item.status == "open" and item.due_on is not None and item.due_on < today


def overdue_action_items(consultation_id: int, today: date | None = None) -> list[ActionItem]:
    return [item for item in action_items_of(consultation_id) if is_overdue(item, today)]


def discussed_in(meeting: Meeting) -> list:
    return list(meeting.discussed)


def meetings_with_civil_society(consultation_id: int, since: date | None = None,
                                today: date | None = None) -> list[Meeting]:
    return [m for m in held_meetings(consultation_id, today)
            if (since is None or m.held_on >= since) and attendance_by_side(m)["civil_society"] > 0]


def longest_gap_days(consultation_id: int, today: date | None = None) -> int | None:
    today = today or date.today()
    days = [m.held_on for m in held_meetings(consultation_id, today)]
    if not days:
        return None
    days.append(today)
    return max((later - earlier).days for earlier, later in zip(days, days[1:]))


def public_label(member: CommitteeMember) -> str:
    return f"{member.name} — {member.body}" if member.public_name else member.body
