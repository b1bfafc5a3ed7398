"""What a consultation's calendar allows today."""
from __future__ import annotations

from datetime import date

from consult.consultations.models import Consultation, Phase
from consult.core.extensions import db


def current_phase(consultation: Consultation, today: date | None = None) -> Phase | None:
    today = today or date.today()
    for phase in consultation.phases:
        if phase.starts_on <= today <= phase.ends_on:
            return phase
    return None


def is_open_for(consultation: Consultation, kind: str, today: date | None = None) -> bool:
    phase = current_phase(consultation, today)
    return phase is not None and phase.kind == kind


def list_consultations() -> list[Consultation]:
    return db.session.scalars(db.select(Consultation).order_by(Consultation.id.desc())).all()


def latest_consultation() -> Consultation | None:
    return db.session.scalars(db.select(Consultation).order_by(Consultation.id.desc()).limit(1)).first()
