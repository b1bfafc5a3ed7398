"""Regional and national workshops, where facilitators collect proposals on paper and in sessions."""
from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, Column, ForeignKey, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.core.extensions import db
from consult.core.models import one_of

WORKSHOP_KINDS = ("regional", "national")
PARTICIPANT_TYPES = ("municipal_staff", "associations", "citizens")

workshop_facilitators = Table(
    "workshop_facilitators", db.metadata,
    Column("workshop_id", ForeignKey("workshops.id"), primary_key=True),
    Column("user_id", ForeignKey("users.id"), primary_key=True),
)


class Workshop(db.Model):
    __tablename__ = "workshops"
    __table_args__ = (one_of("kind", WORKSHOP_KINDS),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(20), default="regional")
    governorate: Mapped[str] = mapped_column(String(40))
    venue: Mapped[dict] = mapped_column(JSON, default=dict)
    held_on: Mapped[date]
    municipalities: Mapped[list] = mapped_column(JSON, default=list)   # [{"ar", "fr", "en"}, ...]
    participants: Mapped[dict] = mapped_column(JSON, default=dict)     # counts by PARTICIPANT_TYPES

    consultation = relationship("Consultation")
    facilitators = relationship("User", secondary=workshop_facilitators)
