"""An action plan per consultation, its commitments (the OGP card), their milestones, the dated
progress updates of the follow-up, the published versions of the plan and the comments on its draft.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Column, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.core.extensions import db
from consult.core.models import one_of, utcnow

PLAN_STATUSES = ("draft", "final")
# OGP's Independent Reporting Mechanism scale, lowest first, after "no evidence available" (nothing
# shows how far the commitment went: it is not "not started").
COMPLETION_LEVELS = ("no_evidence", "not_started", "limited", "substantial", "complete")
# The open-government values a commitment card rates, and how relevant it is to each.
VALUES = ("participation", "transparency", "accountability", "technology")
RELEVANCE = ("very", "directly", "indirectly")
ORIGINS = ("shortlist", "other")
COMMENT_STATUSES = ("published", "hidden")
# Where a progress update was recorded: a form, an imported spreadsheet, the demo, a committee
# meeting (the committee feature's `record.SOURCE`).
UPDATE_SOURCES = ("web", "import", "demo", "meeting")

TITLE_MAX = 300
SHORT_MAX = 300
TEXT_MAX = 5000

commitment_themes = Table(
    "commitment_themes", db.metadata,
    Column("commitment_id", ForeignKey("commitments.id"), primary_key=True),
    # A theme feeds one commitment at most: the unique index says so.
    Column("theme_id", ForeignKey("themes.id"), primary_key=True, unique=True),
)


class ActionPlan(db.Model):
    """A consultation's action plan: a draft until its first publication, then final."""
    __tablename__ = "action_plans"
    __table_args__ = (one_of("status", PLAN_STATUSES),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"), unique=True)
    status: Mapped[str] = mapped_column(String(10), default="draft")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_at: Mapped[datetime | None]

    consultation = relationship("Consultation")
    commitments: Mapped[list["Commitment"]] = relationship(
        back_populates="plan", order_by="(Commitment.number, Commitment.id)")
    versions: Mapped[list["PlanVersion"]] = relationship(back_populates="plan", order_by="PlanVersion.number")

    @property
    def is_final(self) -> bool:
        return self.status == "final"


class PlanVersion(db.Model):
    """One publication of the plan, kept as it was: the public fields of every commitment."""
    __tablename__ = "plan_versions"
    __table_args__ = (UniqueConstraint("plan_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("action_plans.id"), index=True)
    number: Mapped[int]
    note: Mapped[str] = mapped_column(Text, default="")
    snapshot: Mapped[dict] = mapped_column(JSON)     # {"commitments": [{"id", "number", ...}]}
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    published_at: Mapped[datetime] = mapped_column(default=utcnow)

    plan: Mapped[ActionPlan] = relationship(back_populates="versions")


class Commitment(db.Model):
    """A commitment card, with the fields of the OGP template (seed 002)."""
    __tablename__ = "commitments"
    __table_args__ = (one_of("origin", ORIGINS), one_of("completion", COMPLETION_LEVELS))

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("action_plans.id"), index=True)
    number: Mapped[int] = mapped_column(default=1)
    title: Mapped[dict] = mapped_column(JSON)                  # {"ar", "fr", "en"}
    axis_id: Mapped[int | None] = mapped_column(ForeignKey("axes.id"))
    lead_body: Mapped[str] = mapped_column(String(SHORT_MAX), default="")
    # The account of the lead body's contact, who records progress (private: never shown).
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # {"government": "...", "others": "..."}: civil society, private sector, working groups, donors.
    other_actors: Mapped[dict] = mapped_column(JSON, default=dict)
    problem: Mapped[str] = mapped_column(Text, default="")
    objective: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str] = mapped_column(Text, default="")
    relevance: Mapped[dict] = mapped_column(JSON, default=dict)   # {value: "very"|"directly"|"indirectly"}
    ambition: Mapped[str] = mapped_column(Text, default="")
    expected_results: Mapped[str] = mapped_column(Text, default="")
    starts_on: Mapped[date | None]
    ends_on: Mapped[date | None]
    origin: Mapped[str] = mapped_column(String(20), default="shortlist")
    origin_note: Mapped[str] = mapped_column(String(SHORT_MAX), default="")   # e.g. "a ministry's letter"
    # The follow-up as of the latest update (kept here so that lists need no aggregation). The
    # progress is None until an update measures it (a percentage, or the share of milestones done):
    # not measured is not 0%. Read it through `commitments.figures`.
    progress: Mapped[int | None] = mapped_column(default=None)
    completion: Mapped[str] = mapped_column(String(20), default="not_started")
    last_update_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    plan: Mapped[ActionPlan] = relationship(back_populates="commitments")
    axis = relationship("Axis")
    contact = relationship("User")
    themes = relationship("Theme", secondary=commitment_themes, order_by="Theme.id")
    milestones: Mapped[list["Milestone"]] = relationship(
        back_populates="commitment", order_by="(Milestone.position, Milestone.id)")
    updates: Mapped[list["ProgressUpdate"]] = relationship(
        back_populates="commitment", order_by="(ProgressUpdate.reported_on.desc(), ProgressUpdate.id.desc())")
    comments: Mapped[list["Comment"]] = relationship(back_populates="commitment", order_by="Comment.id")

    @property
    def consultation(self):
        return self.plan.consultation


class Milestone(db.Model):
    """A verifiable deliverable of a commitment, with its responsible body and dates."""
    __tablename__ = "milestones"

    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int] = mapped_column(ForeignKey("commitments.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    deliverable: Mapped[str] = mapped_column(Text)
    responsible_body: Mapped[str] = mapped_column(String(SHORT_MAX), default="")
    starts_on: Mapped[date | None]
    due_on: Mapped[date | None]
    done: Mapped[bool] = mapped_column(default=False)
    done_on: Mapped[date | None]
    weight: Mapped[float | None]          # None: counts like every other milestone

    commitment: Mapped[Commitment] = relationship(back_populates="milestones")

    @property
    def consultation(self):
        return self.commitment.consultation


class ProgressUpdate(db.Model):
    """What a committee meeting (or the lead body) recorded about a commitment on a given day."""
    __tablename__ = "progress_updates"
    __table_args__ = (UniqueConstraint("commitment_id", "fingerprint"), one_of("completion", COMPLETION_LEVELS),
                      one_of("source", UPDATE_SOURCES))

    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int] = mapped_column(ForeignKey("commitments.id"), index=True)
    reported_on: Mapped[date]
    # 0-100, given or computed from the milestones; None when the update measured nothing (words
    # only, or "no evidence available")
    progress: Mapped[int | None]
    progress_given: Mapped[bool] = mapped_column(default=True)
    completion: Mapped[str] = mapped_column(String(20))
    milestones_done: Mapped[list] = mapped_column(JSON, default=list)   # milestone ids marked done
    done_text: Mapped[str] = mapped_column(Text, default="")
    difficulties: Mapped[str] = mapped_column(Text, default="")
    recommendations: Mapped[str] = mapped_column(Text, default="")
    evidence: Mapped[list] = mapped_column(JSON, default=list)          # links
    source: Mapped[str] = mapped_column(String(20), default="web")      # UPDATE_SOURCES
    # The same content recorded twice (a file imported again, a double click) is recognised.
    fingerprint: Mapped[str] = mapped_column(String(64))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    commitment: Mapped[Commitment] = relationship(back_populates="updates")

    @property
    def consultation(self):
        return self.commitment.consultation


class Comment(db.Model):
    """A comment on a draft commitment, by anyone, and the coordinator's reasoned response."""
    __tablename__ = "commitment_comments"
    __table_args__ = (one_of("status", COMMENT_STATUSES),)

    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int] = mapped_column(ForeignKey("commitments.id"), index=True)
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="published")
    # One token per rendered form: a double-clicked submit finds the comment already made.
    submission_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    response: Mapped[str] = mapped_column(Text, default="")
    responded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    responded_at: Mapped[datetime | None]
    # A hidden comment keeps its text; the page shows the coordinator's public reason instead.
    hidden_reason: Mapped[str] = mapped_column(Text, default="")
    hidden_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    hidden_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    commitment: Mapped[Commitment] = relationship(back_populates="comments")

    @property
    def is_hidden(self) -> bool:
        return self.status == "hidden"

    @property
    def consultation(self):
        return self.commitment.consultation
