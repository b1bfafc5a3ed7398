"""Workshops: creating and finding them. Flushes; the caller commits.

What a workshop produced (its proposals and themes, its shortlist, the national view that merges
the regions) belongs to the features above: their answers to `signals.workshop_page` and
`signals.workshops_page` fill the pages.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from consult.accounts.models import User
from consult.core import audit
from consult.core.extensions import db
from consult.core.languages import ARABIC_LETTER, LANGUAGES
from consult.workshops.models import PARTICIPANT_TYPES, Workshop

# --- reading ---------------------------------------------------------------------------------------

def list_workshops(consultation, kind: str | None = None) -> list[Workshop]:
    stmt = db.select(Workshop).filter_by(consultation_id=consultation.id)
    if kind:
        stmt = stmt.filter_by(kind=kind)
    return db.session.scalars(stmt.order_by(Workshop.held_on, Workshop.id)).all()


def get_workshop(workshop_id: int) -> Workshop | None:
    return db.session.get(Workshop, workshop_id)


def facilitator_choices() -> list[User]:
    return db.session.scalars(db.select(User).filter_by(role="facilitator", active=True)
                              .order_by(User.name)).all()


# --- writing ---------------------------------------------------------------------------------------

def parse_municipalities(text: str) -> list[dict]:
    """One municipality a line, written "ar | fr | en" or just one name (Arabic or Latin script)."""
    municipalities = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        if "|" not in line:
            name = line.strip()
            municipalities.append({"ar": name} if ARABIC_LETTER.search(name) else {"fr": name, "en": name})
            continue
        ar, fr, en = ([part.strip() for part in line.split("|")] + ["", ""])[:3]
        names = {key: value for key, value in (("ar", ar), ("fr", fr), ("en", en or fr)) if value}
        if names:
            municipalities.append(names)
    return municipalities


def format_municipalities(municipalities: list[dict]) -> str:
    """The inverse of parse_municipalities, to fill the form again."""
    lines = []
    for names in municipalities or []:
        ar, fr, en = names.get("ar", ""), names.get("fr", ""), names.get("en", "")
        if not fr and not en:
            lines.append(ar)
        elif not ar and fr == en:
            lines.append(fr)
        else:
            lines.append(" | ".join(part for part in (ar, fr, en if en != fr else "")).rstrip(" |"))
    return "\n".join(lines)


def _unique_code(consultation, governorate: str, held_on: date, exclude_id: int | None = None) -> str:
    taken = {w.code for w in list_workshops(consultation) if w.id != exclude_id}
    base = f"{governorate}-{held_on.isoformat()}"
    code, number = base, 2
    while code in taken:
        code, number = f"{base}-{number}", number + 1
    return code


@dataclass
class WorkshopFields:
    kind: str
    governorate: str
    held_on: date
    venue: dict
    municipalities: list[dict]
    participants: dict
    facilitator_ids: list[int]


def _apply(workshop: Workshop, fields: WorkshopFields) -> None:
    workshop.kind = fields.kind
    workshop.governorate = fields.governorate
    workshop.held_on = fields.held_on
    workshop.venue = {lang: (fields.venue.get(lang) or "").strip() for lang in LANGUAGES}
    workshop.municipalities = fields.municipalities
    workshop.participants = {kind: int(fields.participants.get(kind) or 0) for kind in PARTICIPANT_TYPES}
    wanted = set(fields.facilitator_ids)
    workshop.facilitators = [user for user in facilitator_choices() if user.id in wanted]


def _snapshot(workshop: Workshop) -> dict:
    return {"kind": workshop.kind, "governorate": workshop.governorate,
            "held_on": workshop.held_on.isoformat() if workshop.held_on else None,
            "venue": workshop.venue, "municipalities": workshop.municipalities,
            "participants": workshop.participants,
            "facilitators": sorted(user.id for user in workshop.facilitators)}


def create_workshop(consultation, fields: WorkshopFields, actor=None) -> Workshop:
    workshop = Workshop(consultation=consultation,
                        code=_unique_code(consultation, fields.governorate, fields.held_on))
    _apply(workshop, fields)
    db.session.add(workshop)
    db.session.flush()
    audit.record("workshop", workshop.id, "create", actor, **_snapshot(workshop))
    return workshop


def update_workshop(workshop: Workshop, fields: WorkshopFields, actor=None) -> Workshop:
    old = _snapshot(workshop)
    _apply(workshop, fields)
    db.session.flush()
    new = _snapshot(workshop)
    changed = {key for key in new if new[key] != old[key]}
    if changed:
        audit.record("workshop", workshop.id, "update", actor,
                     old={k: old[k] for k in changed}, new={k: new[k] for k in changed})
    return workshop


def public_workshop(workshop: Workshop) -> dict:
    """What the API shows of a workshop: no facilitator, no account."""
    return {
        "id": workshop.id, "code": workshop.code, "consultation_id": workshop.consultation_id,
        "kind": workshop.kind, "governorate": workshop.governorate, "venue": workshop.venue,
        "held_on": workshop.held_on.isoformat(), "municipalities": workshop.municipalities,
        "participants": {kind: int((workshop.participants or {}).get(kind) or 0) for kind in PARTICIPANT_TYPES},
    }
