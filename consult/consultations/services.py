"""Consultations: what the calendar allows today, and how coordinators set one up.

Flushes; the caller commits. Every change is recorded in the audit trail.
"""
from __future__ import annotations

import re
from datetime import date, datetime

from flask_babel import gettext as _, ngettext

from consult.consultations.models import PHASE_KINDS, Axis, CalendarVersion, Consultation, Phase
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

Periods = dict[str, tuple[date | None, date | None]]


def calendar_errors(periods: Periods, existing: tuple[str, ...] | set[str] = (),
                    removals: dict[str, str] | None = None) -> dict[str, str]:
    """Check a calendar {kind: (start, end)}: both dates or neither, end not before start, and the
    phases in their natural order without overlapping; a phase the consultation has (`existing`)
    keeps its dates unless it is removed on purpose (`removals`, {kind: reason}). Returns {kind: message}."""
    removals = removals or {}
    errors: dict[str, str] = {}
    previous: tuple[str, date] | None = None
    for kind in PHASE_KINDS:
        if kind in removals:
            continue
        start, end = periods.get(kind, (None, None))
        if start is None and end is None:
            if kind in existing:
                errors[kind] = _("To remove this phase, tick “Remove this phase” and give the reason; "
                                 "otherwise give its dates.")
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


def _dates(consultation: Consultation) -> dict[str, list[str]]:
    return {phase.kind: [phase.starts_on.isoformat(), phase.ends_on.isoformat()] for phase in consultation.phases}


def calendar_versions(consultation: Consultation) -> list[CalendarVersion]:
    """The published versions of the calendar, oldest first (version n is the n-th of the list).

    A calendar made with the consultation (the demo, a script) and never saved since has no version
    recorded: its phases are then the ones it was made with, on the day it was made, and that is
    the version returned (not stored: reading never writes; the next save stores it first)."""
    versions = list(db.session.scalars(db.select(CalendarVersion).filter_by(consultation_id=consultation.id)
                                       .order_by(CalendarVersion.id)))
    if versions or not consultation.phases:
        return versions
    return [CalendarVersion(consultation_id=consultation.id, saved_at=consultation.created_at,
                            phases=_dates(consultation), removed={})]


def record_published_calendar(consultation: Consultation, published_at: datetime, actor=None) -> CalendarVersion:
    """Store the calendar as it stands as the version the public was given at `published_at`: for a
    cycle entered after the fact (a past plan, the demo), whose calendar was announced before any
    of it was saved here."""
    version = CalendarVersion(consultation_id=consultation.id, saved_at=published_at,
                              saved_by_id=getattr(actor, "id", None), phases=_dates(consultation), removed={})
    db.session.add(version)
    db.session.flush()
    return version


def empty_calendar_refusal() -> ConsultationError:
    return ConsultationError(_("Every date of the calendar was empty, so nothing was changed. To remove a phase, "
                               "tick “Remove this phase” and give the reason."), 400)


def set_calendar(consultation: Consultation, periods: Periods, actor=None,
                 removals: dict[str, str] | None = None) -> CalendarVersion | None:
    """Set the consultation's phases to `periods`, removing only the phases in `removals` ({kind:
    reason}, the reason required); records the new version of the calendar (returned; None when
    nothing changed) and audits each removal with its reason. Raises ConsultationError when the
    calendar is not valid, and when every date is empty with nothing removed on purpose."""
    existing = {phase.kind: phase for phase in consultation.phases}
    removals = {kind: (reason or "").strip() for kind, reason in (removals or {}).items() if kind in existing}
    if any(not reason for reason in removals.values()):
        raise ConsultationError(_("Give the reason for removing a phase."), 400)
    periods = {kind: ((None, None) if kind in removals else periods.get(kind, (None, None))) for kind in PHASE_KINDS}
    if not removals and all(start is None and end is None for start, end in periods.values()):
        raise empty_calendar_refusal()
    errors = calendar_errors(periods, set(existing), removals)
    if errors:
        raise ConsultationError(" ".join(errors.values()), 400)
    old = _dates(consultation)
    versions = calendar_versions(consultation)
    for kind in PHASE_KINDS:
        start, end = periods[kind]
        phase = existing.get(kind)
        if kind in removals:
            consultation.phases.remove(phase)
        elif phase is None:
            if start is not None:
                consultation.phases.append(Phase(kind=kind, starts_on=start, ends_on=end))
        else:
            phase.starts_on, phase.ends_on = start, end
    db.session.flush()
    db.session.expire(consultation, ["phases"])  # reload in date order
    new = _dates(consultation)
    if new == old:
        return None
    if versions and versions[0].id is None:      # the calendar as it was made, stored before it changes
        db.session.add(versions[0])
    version = CalendarVersion(consultation_id=consultation.id, saved_by_id=getattr(actor, "id", None), phases=new,
                              removed=removals)
    db.session.add(version)
    db.session.flush()
    for kind, reason in removals.items():
        audit.record("consultation", consultation.id, "phase_remove", actor, phase=kind, dates=old[kind],
                     reason=reason)
    audit.record("consultation", consultation.id, "calendar", actor, old=old, new=new)
    return version
