"""Themes: groups of proposals that say the same thing, made by the clustering or by people.

A theme is what working groups score and shortlist; a single proposal can form a theme of its own.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.core.extensions import db
from consult.core.models import utcnow


class Theme(db.Model):
    __tablename__ = "themes"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"), index=True)
    # Top terms per language present, from the clustering: {"ar": ..., "fr": ..., "en": ...}
    label: Mapped[dict] = mapped_column(JSON, default=dict)
    # A name people gave it; shown instead of the automatic label when set.
    name: Mapped[str | None] = mapped_column(String(200))
    # Checked by people: a new clustering run keeps it and its members as they are.
    locked: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    consultation = relationship("Consultation")
    proposals = relationship("Proposal", back_populates="theme", order_by="Proposal.id")
