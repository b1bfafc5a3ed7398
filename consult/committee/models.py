"""The joint committee of a consultation (OGP's multistakeholder forum): its members and their
sides, its charter in three languages, its meetings with attendance, minutes, decisions, action
items and the commitments discussed (each linked to the progress update the meeting recorded).

No e-mail or phone is stored for a member: a member who signs in does so through a linked account.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.core.extensions import db
from consult.core.models import one_of, utcnow

SIDES = ("government", "civil_society", "other")
MODES = ("in_person", "online", "hybrid")
ATTENDANCE = ("present", "online", "excused", "absent")
ATTENDED = ("present", "online")
ACTION_STATUSES = ("open", "done")
MINUTES_LANGUAGES = ("ar", "fr", "en")

NAME_MAX = 200
BODY_MAX = 300
PLACE_MAX = 300
TEXT_MAX = 20000
CHARTER_MAX = 20000
ITEM_MAX = 1000


class Committee(db.Model):
    """One committee per consultation (or plan): the joint advisory / steering committee."""
    __tablename__ = "committees"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"), unique=True)
    name: Mapped[dict] = mapped_column(JSON, default=dict)        # {"ar", "fr", "en"}
    charter: Mapped[dict] = mapped_column(JSON, default=dict)     # its rules, {"ar", "fr", "en"}
    charter_published_at: Mapped[datetime | None]                  # None: the charter is not public
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    consultation = relationship("Consultation")
    members: Mapped[list["CommitteeMember"]] = relationship(
        back_populates="committee", order_by="(CommitteeMember.position, CommitteeMember.id)")
    meetings: Mapped[list["Meeting"]] = relationship(
        back_populates="committee", order_by="(Meeting.held_on, Meeting.id)")

    @property
    def committee(self):
        return self


class CommitteeMember(db.Model):
    """A seat on the committee: a person, the body they represent and its side, and their term."""
    __tablename__ = "committee_members"
    __table_args__ = (one_of("side", SIDES),)

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(NAME_MAX))
    body: Mapped[str] = mapped_column(String(BODY_MAX))            # the body represented
    side: Mapped[str] = mapped_column(String(20))                  # SIDES
    role_note: Mapped[str] = mapped_column(String(BODY_MAX), default="")   # e.g. "OGP point of contact"
    term_start: Mapped[date | None]
    term_end: Mapped[date | None]
    # Named in public pages and open data only when they agreed; otherwise shown by body only.
    public_name: Mapped[bool] = mapped_column(default=False)
    # An account, so that the member signs in and reads draft minutes (never shown).
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    committee: Mapped[Committee] = relationship(back_populates="members")
    user = relationship("User")

    def in_term(self, day: date) -> bool:
        return (self.term_start is None or self.term_start <= day) and (self.term_end is None or day <= self.term_end)


class Meeting(db.Model):
    """A meeting of the committee. Its minutes are public once approved (minutes_published_at)."""
    __tablename__ = "meetings"
    __table_args__ = (one_of("mode", MODES), one_of("language", MINUTES_LANGUAGES))

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id"), index=True)
    held_on: Mapped[date]
    starts_at: Mapped[str] = mapped_column(String(5), default="")   # "14:30", optional
    place: Mapped[str] = mapped_column(String(PLACE_MAX), default="")
    mode: Mapped[str] = mapped_column(String(20), default="in_person")   # MODES
    agenda: Mapped[list] = mapped_column(JSON, default=list)        # items, in the meeting's language
    language: Mapped[str] = mapped_column(String(2), default="ar")   # of the agenda and minutes
    minutes: Mapped[str] = mapped_column(Text, default="")
    decisions: Mapped[list] = mapped_column(JSON, default=list)     # texts, in the meeting's language
    minutes_published_at: Mapped[datetime | None]
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    committee: Mapped[Committee] = relationship(back_populates="meetings")
    attendance: Mapped[list["Attendance"]] = relationship(back_populates="meeting", order_by="Attendance.id",
                                                          cascade="all, delete-orphan")
    action_items: Mapped[list["ActionItem"]] = relationship(
        back_populates="meeting", order_by="(ActionItem.position, ActionItem.id)")
    discussed: Mapped[list["DiscussedCommitment"]] = relationship(
        back_populates="meeting", order_by="DiscussedCommitment.id")
    corrections: Mapped[list["MinutesCorrection"]] = relationship(
        back_populates="meeting", order_by="MinutesCorrection.id")

    @property
    def consultation(self):
        return self.committee.consultation

    @property
    def minutes_published(self) -> bool:
        return self.minutes_published_at is not None


class Attendance(db.Model):
    """Whether a member came to a meeting: present, online, excused or absent."""
    __tablename__ = "meeting_attendance"
    __table_args__ = (UniqueConstraint("meeting_id", "member_id"), one_of("status", ATTENDANCE))

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("committee_members.id"), index=True)
    status: Mapped[str] = mapped_column(String(20))                 # ATTENDANCE

    meeting: Mapped[Meeting] = relationship(back_populates="attendance")
    member: Mapped[CommitteeMember] = relationship()


class ActionItem(db.Model):
    """Something the meeting asked someone to do, by when; open until marked done."""
    __tablename__ = "action_items"
    __table_args__ = (one_of("status", ACTION_STATUSES),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(BODY_MAX), default="")   # a body or a member, as written
    due_on: Mapped[date | None]
    status: Mapped[str] = mapped_column(String(10), default="open")   # ACTION_STATUSES
    done_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    meeting: Mapped[Meeting] = relationship(back_populates="action_items")

    @property
    def consultation(self):
        return self.meeting.consultation

    @property
    def committee(self):
        return self.meeting.committee


class MinutesCorrection(db.Model):
    """A correction to approved minutes, published beside them (the minutes stay as approved):
    what is corrected, and why, in whatever language the coordinator writes them."""
    __tablename__ = "minutes_corrections"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    # One token per rendered form: a double-clicked "publish" finds the correction already made.
    submission_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    meeting: Mapped[Meeting] = relationship(back_populates="corrections")


class DiscussedCommitment(db.Model):
    """A commitment the meeting discussed, and the progress update it recorded for it (on the
    commitment's follow-up, which links back to the meeting)."""
    __tablename__ = "meeting_commitments"
    __table_args__ = (UniqueConstraint("meeting_id", "commitment_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    commitment_id: Mapped[int] = mapped_column(ForeignKey("commitments.id"), index=True)
    progress_update_id: Mapped[int | None] = mapped_column(ForeignKey("progress_updates.id"), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    meeting: Mapped[Meeting] = relationship(back_populates="discussed")
    commitment = relationship("Commitment")
    update = relationship("ProgressUpdate")
