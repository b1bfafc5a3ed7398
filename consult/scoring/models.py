"""Working groups, the rubric they score against and their scores (the shortlist decisions are
the shortlist feature's)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.core.extensions import db
from consult.core.models import one_of, utcnow

SHEET_STATUSES = ("draft", "submitted", "conflict")
# Open-government values a theme may serve; technology counts only on top of one of the others.
OGP_VALUES = ("transparency", "accountability", "participation", "technology")
CORE_VALUES = ("transparency", "accountability", "participation")
JUSTIFICATION_MAX = 2000

working_group_members = Table(
    "working_group_members", db.metadata,
    Column("group_id", ForeignKey("working_groups.id"), primary_key=True),
    Column("user_id", ForeignKey("users.id"), primary_key=True),
)

working_group_themes = Table(
    "working_group_themes", db.metadata,
    Column("group_id", ForeignKey("working_groups.id"), primary_key=True),
    Column("theme_id", ForeignKey("themes.id"), primary_key=True),
)


class RubricCriterion(db.Model):
    """One criterion of a consultation's rubric, with its scale, weight and optional minimum."""
    __tablename__ = "rubric_criteria"
    __table_args__ = (UniqueConstraint("consultation_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[dict] = mapped_column(JSON)                 # {"ar", "fr", "en"}
    description: Mapped[dict] = mapped_column(JSON, default=dict)
    # [{"value": 0, "label": {"ar", "fr", "en"}}, ...] from lowest to highest
    levels: Mapped[list] = mapped_column(JSON, default=list)
    weight: Mapped[float] = mapped_column(default=1.0)
    # Mean a theme needs on this criterion to be proposed for the shortlist (None: no minimum).
    minimum: Mapped[float | None]

    consultation = relationship("Consultation")

    @property
    def scale(self) -> list[int]:
        return [level["value"] for level in self.levels]


class WorkingGroup(db.Model):
    """A joint group (civil society and administration) that scores the themes assigned to it."""
    __tablename__ = "working_groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    workshop_id: Mapped[int | None] = mapped_column(ForeignKey("workshops.id"))
    # Once closed, scores can no longer be submitted or revised.
    scoring_closed_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    consultation = relationship("Consultation")
    workshop = relationship("Workshop")
    members = relationship("User", secondary=working_group_members, order_by="User.name")
    themes = relationship("Theme", secondary=working_group_themes, order_by="Theme.id")

    @property
    def is_closed(self) -> bool:
        return self.scoring_closed_at is not None


class ScoreSheet(db.Model):
    """One member's scores for one theme in one group: a level per criterion and a justification."""
    __tablename__ = "score_sheets"
    __table_args__ = (UniqueConstraint("group_id", "theme_id", "member_id"), one_of("status", SHEET_STATUSES))

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("working_groups.id"), index=True)
    theme_id: Mapped[int] = mapped_column(ForeignKey("themes.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="draft")
    levels: Mapped[dict] = mapped_column(JSON, default=dict)          # {criterion code: level}
    values_served: Mapped[list] = mapped_column(JSON, default=list)   # OGP_VALUES, for "relevant"
    justification: Mapped[str] = mapped_column(Text, default="")
    conflict_reason: Mapped[str] = mapped_column(Text, default="")
    submitted_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    group = relationship("WorkingGroup")
    theme = relationship("Theme")
    member = relationship("User")

