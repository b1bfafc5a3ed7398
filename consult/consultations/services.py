"""Consultations: what the calendar allows today, and how coordinators set one up.

Flushes; the caller commits. Every change is recorded in the audit trail.
"""
from __future__ import annotations

import re
from datetime import date

from flask_babel import gettext as _, ngettext

from consult.consultations.models import PHASE_KINDS, Axis, Consultation, Phase
from consult.consultations.rules import current_phase, phase_is  # noqa: F401 (current_phase re-exported)
from consult.consultations.signals import axis_usage
from consult.core import audit
from consult.core.errors import Refused
from consult.core.extensions import db
from consult.core.languages import LANGUAGES


class ConsultationError(Refused):
    """A change refused for a reason the coordinator can read (already translated): by default a
    conflict with what the consultation already holds (409)."""

    status = 409


# --- reading ---------------------------------------------------------------------------------------

def is_open_for(consultation: Consultation, kind: str) -> bool:
    """Whether `kind` is the phase running today (the `phase_is` rule, for code outside a permission)."""
    return phase_is(kind)(None, consultation)


def list_consultations() -> list[Consultation]:
    return db.session.scalars(db.select(Consultation).order_by(Consultation.id.desc())).all()


def latest_consultation() -> Consultation | None:
    return db.session.scalars(db.select(Consultation).order_by(Consultation.id.desc()).limit(1)).first()


def missing_languages(consultation: Consultation) -> list[str]:
    """fr/en versions not written yet: visitors reading them see the Arabic text instead."""
    texts = [text for text in (consultation.title, consultation.description) if text and any(text.values())]
    return [code for code in ("fr", "en") if any(not text.get(code) for text in texts)]


# --- the consultation itself -----------------------------------------------------------------------

def _clean_texts(texts: dict) -> dict:
    return {code: (texts.get(code) or "").strip() for code in LANGUAGES}


def _snapshot(consultation: Consultation) -> dict:
    return {"title": consultation.title, "description": consultation.description, "scope": consultation.scope,
            "governorate": consultation.governorate, "municipality": consultation.municipality}


def _apply(consultation: Consultation, title: dict, description: dict, scope: str,
           governorate: str | None, municipality: str | None) -> None:
    consultation.title = _clean_texts(title)
    consultation.description = _clean_texts(description)
    consultation.scope = scope
    # A national consultation belongs to no municipality: keep no stale place behind.
    municipal = scope == "municipal"
    consultation.governorate = (governorate or None) if municipal else None
    consultation.municipality = ((municipality or "").strip() or None) if municipal else None


def create_consultation(title: dict, description: dict, scope: str = "national", governorate: str | None = None,
                        municipality: str | None = None, actor=None) -> Consultation:
    consultation = Consultation()
    _apply(consultation, title, description, scope, governorate, municipality)
    db.session.add(consultation)
    db.session.flush()
    audit.record("consultation", consultation.id, "create", actor, new=_snapshot(consultation))
    return consultation


def update_consultation(consultation: Consultation, title: dict, description: dict, scope: str,
                        governorate: str | None = None, municipality: str | None = None, actor=None) -> None:
    old = _snapshot(consultation)
    _apply(consultation, title, description, scope, governorate, municipality)
    new = _snapshot(consultation)
    if new != old:
        db.session.flush()
        audit.record("consultation", consultation.id, "update", actor, old=old, new=new)


# --- thematic axes ---------------------------------------------------------------------------------

def _axis_code(consultation: Consultation, name: dict) -> str:
    """A short stable code for the open-data API, from the Latin-script name when there is one."""
    latin = (name.get("en") or name.get("fr") or "").lower()
    base = re.sub(r"[^a-z0-9]+", "-", latin).strip("-")[:30] or "axis"
    taken = {axis.code for axis in consultation.axes}
    code, number = base, 2
    while code in taken or code == "axis":
        code, number = f"{base}-{number}", number + 1
    return code


def add_axis(consultation: Consultation, name: dict, actor=None) -> Axis:
    name = _clean_texts(name)
    position = max((axis.position for axis in consultation.axes), default=0) + 1
    axis = Axis(code=_axis_code(consultation, name), name=name, position=position)
    consultation.axes.append(axis)
    db.session.flush()
    audit.record("consultation", consultation.id, "axis_add", actor, axis=axis.id, name=name)
    return axis


def rename_axis(axis: Axis, name: dict, actor=None) -> None:
    old, axis.name = axis.name, _clean_texts(name)
    db.session.flush()
    audit.record("consultation", axis.consultation_id, "axis_rename", actor, axis=axis.id, old=old, new=axis.name)


def move_axis(axis: Axis, step: int, actor=None) -> None:
    """Move an axis one place up (step=-1) or down (step=1) in its consultation's list."""
    axes = sorted(axis.consultation.axes, key=lambda a: (a.position, a.id))
    index = axes.index(axis)
    target = index + step
    if not 0 <= target < len(axes):
        return
    axes[index], axes[target] = axes[target], axes[index]
    for position, each in enumerate(axes, start=1):
        each.position = position
    db.session.flush()
    db.session.expire(axis.consultation, ["axes"])  # reload in the new order
    audit.record("consultation", axis.consultation_id, "axis_move", actor, axis=axis.id,
                 order=[each.id for each in axes])


def axis_usage_counts(axis: Axis) -> dict[str, int]:
    """What the features built on consultations keep on this axis, {what: count} (see signals)."""
    counts: dict[str, int] = {}
    for _receiver, answer in axis_usage.send(axis):
        for what, count in (answer or {}).items():
            counts[what] = counts.get(what, 0) + count
    return counts


def proposals_using(axis: Axis) -> int:
    return axis_usage_counts(axis).get("proposals", 0)


def remove_axis(axis: Axis, actor=None) -> None:
    """Remove an axis nothing uses; otherwise refuse, since every proposal is kept with its axis."""
    usage = axis_usage_counts(axis)
    used = usage.pop("proposals", 0)
    if used:
        raise ConsultationError(ngettext(
            "This axis cannot be removed: %(num)d proposal uses it. Rename it instead.",
            "This axis cannot be removed: %(num)d proposals use it. Rename it instead.", used))
    if any(usage.values()):
        raise ConsultationError(_("This axis cannot be removed: it is still used in this consultation. "
                                  "Rename it instead."))
    consultation = axis.consultation
    consultation.axes.remove(axis)
    db.session.flush()
    audit.record("consultation", consultation.id, "axis_remove", actor, axis=axis.id, name=axis.name)


# --- calendar --------------------------------------------------------------------------------------

def calendar_errors(periods: dict[str, tuple[date | None, date | None]]) -> dict[str, str]:
    """Check a calendar {kind: (start, end)}: both dates or neither, end not before start, and the
    phases in their natural order without overlapping. Returns {kind: message}."""
    errors: dict[str, str] = {}
    previous: tuple[str, date] | None = None
    for kind in PHASE_KINDS:
        start, end = periods.get(kind, (None, None))
        if start is None and end is None:
            continue
        if start is None or end is None:
            errors[kind] = _("Give both the start and the end date, or leave both empty.")
            continue
        if end < start:
            errors[kind] = _("The end date cannot be before the start date.")
            continue
        if previous and start <= previous[1]:
            errors[kind] = _("This phase must start after the previous phase ends (%(date)s).",
                             date=previous[1].isoformat())
            continue
        previous = (kind, end)
    return errors


def set_calendar(consultation: Consultation, periods: dict[str, tuple[date | None, date | None]],
                 actor=None) -> None:
    """Replace the consultation's phases by `periods`; raises ConsultationError if they are not valid."""
    errors = calendar_errors(periods)
    if errors:
        raise ConsultationError(" ".join(errors.values()), 400)
    old = {phase.kind: [phase.starts_on.isoformat(), phase.ends_on.isoformat()] for phase in consultation.phases}
    existing = {phase.kind: phase for phase in consultation.phases}
    for kind in PHASE_KINDS:
        start, end = periods.get(kind, (None, None))
        phase = existing.get(kind)
        if start is None:
            if phase is not None:
                consultation.phases.remove(phase)
        elif phase is None:
            consultation.phases.append(Phase(kind=kind, starts_on=start, ends_on=end))
        else:
            phase.starts_on, phase.ends_on = start, end
    db.session.flush()
    db.session.expire(consultation, ["phases"])  # reload in date order
    new = {kind: [start.isoformat(), end.isoformat()] for kind, (start, end) in periods.items() if start}
    if new != old:
        audit.record("consultation", consultation.id, "calendar", actor, old=old, new=new)
