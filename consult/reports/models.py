"""The self-assessment report's narrative: what the coordinator writes in three languages.

Figures are never stored: they are computed from the data each time the report is shown or
printed (see `figures.py`). What is kept here is the text people write — the introduction, the
context, a note on the co-creation process, the conclusion and next steps, and, per commitment,
its results and recommendations when the follow-up's own words are not enough — and whether the
coordinator has published the report.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.core.extensions import db
from consult.core.models import utcnow

# In the order seeds 002 and 004 present them.
SECTIONS = ("introduction", "context", "cocreation", "conclusion")
TEXT_MAX = 20000


class SelfAssessment(db.Model):
    """One consultation's self-assessment report: its narrative sections and its publication."""
    __tablename__ = "self_assessments"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"), unique=True)
    # {section: {"ar": ..., "fr": ..., "en": ...}} for SECTIONS
    sections: Mapped[dict] = mapped_column(JSON, default=dict)
    published_at: Mapped[datetime | None]
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    consultation = relationship("Consultation")
    notes: Mapped[list["CommitmentNote"]] = relationship(back_populates="report", order_by="CommitmentNote.id")

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class CommitmentNote(db.Model):
    """The report's words on one commitment, in three languages: results and recommendations."""
    __tablename__ = "self_assessment_notes"
    __table_args__ = (UniqueConstraint("report_id", "commitment_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("self_assessments.id"), index=True)
    commitment_id: Mapped[int] = mapped_column(ForeignKey("commitments.id"), index=True)
    results: Mapped[dict] = mapped_column(JSON, default=dict)            # {"ar", "fr", "en"}
    recommendations: Mapped[dict] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    report: Mapped[SelfAssessment] = relationship(back_populates="notes")
    commitment = relationship("Commitment")

    @property
    def consultation(self):
        return self.report.consultation
