"""The coordinator's confirmed decisions on the themes (table and columns as when scoring held them)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.core.extensions import db
from consult.core.models import one_of, utcnow

DECISIONS = ("retained", "not_retained")


class ThemeDecision(db.Model):
    """The coordinator's confirmed decision on a theme for the shortlist, with its reason."""
    __tablename__ = "theme_decisions"
    __table_args__ = (one_of("decision", DECISIONS),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"), index=True)
    theme_id: Mapped[int] = mapped_column(ForeignKey("themes.id"), unique=True)
    decision: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # When the proposals of the theme were told their outcome.
    outcomes_sent_at: Mapped[datetime | None]
    # The reasoned response the authors read, {"ar", "fr", "en"}, as last sent.
    responses: Mapped[dict | None] = mapped_column(JSON)

    theme = relationship("Theme")
