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


class CalendarVersion(db.Model):
    """One published version of a consultation's calendar, written on every save that changes it:
    when it was saved, by whom (kept, never shown publicly), the phases' dates as they then were
    ({kind: ["YYYY-MM-DD", "YYYY-MM-DD"]}) and the phases removed by that save ({kind: reason}).
    Never changed afterwards: what the public was told, and when, can be checked later. Numbered
    1, 2, ... in the order they were saved (by id)."""
    __tablename__ = "calendar_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"), index=True)
    saved_at: Mapped[datetime] = mapped_column(default=utcnow)
    saved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    phases: Mapped[dict] = mapped_column(JSON, default=dict)
    removed: Mapped[dict] = mapped_column(JSON, default=dict)

    def period(self, kind: str) -> tuple[date, date] | None:
        dates = (self.phases or {}).get(kind)
        return (date.fromisoformat(dates[0]), date.fromisoformat(dates[1])) if dates else None

    def periods(self) -> list[tuple[str, date, date]]:
        """(kind, start, end) in the order a cycle runs through them."""
        return [(kind, *self.period(kind)) for kind in PHASE_KINDS if (self.phases or {}).get(kind)]
