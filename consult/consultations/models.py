"""A consultation is one action-plan cycle, with its thematic axes and dated phases."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.core.extensions import db
from consult.core.models import one_of, utcnow

# In the order a cycle runs through them.
PHASE_KINDS = ("collection", "grouping", "scoring", "draft", "final", "followup")
SCOPES = ("national", "municipal")


class Consultation(db.Model):
    __tablename__ = "consultations"
    __table_args__ = (one_of("scope", SCOPES),)

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[dict] = mapped_column(JSON)        # {"ar": ..., "fr": ..., "en": ...}
    description: Mapped[dict] = mapped_column(JSON, default=dict)
    scope: Mapped[str] = mapped_column(String(20), default="national")
    governorate: Mapped[str | None] = mapped_column(String(40))
    municipality: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    axes: Mapped[list["Axis"]] = relationship(back_populates="consultation", order_by="Axis.position",
                                              cascade="all, delete-orphan")
    phases: Mapped[list["Phase"]] = relationship(back_populates="consultation", order_by="Phase.starts_on",
                                                 cascade="all, delete-orphan")


class Axis(db.Model):
    __tablename__ = "axes"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[dict] = mapped_column(JSON)
    position: Mapped[int] = mapped_column(default=0)

    consultation: Mapped[Consultation] = relationship(back_populates="axes")


class Phase(db.Model):
    __tablename__ = "phases"
    __table_args__ = (one_of("kind", PHASE_KINDS),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    starts_on: Mapped[date]
    ends_on: Mapped[date]

    consultation: Mapped[Consultation] = relationship(back_populates="phases")
