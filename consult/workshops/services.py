"""Workshops: creating them, what each produced, and the national view that merges the regions.

Flushes; the caller commits. Scores and shortlists come from the scoring feature.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date

from consult.accounts.models import User
from consult.core import audit
from consult.core.extensions import db
from consult.core.languages import ARABIC_LETTER, LANGUAGES
from consult.proposals.models import Proposal
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


def workshop_proposals(workshop: Workshop) -> list[Proposal]:
    """The proposals entered or imported at the workshop, hidden ones left out (they stay kept)."""
    return db.session.scalars(db.select(Proposal).filter_by(workshop_id=workshop.id)
                              .filter(Proposal.status != "hidden").order_by(Proposal.id)).all()


@dataclass
class WorkshopTheme:
    theme: object            # consult.clustering.models.Theme
    count: int               # how many of the workshop's proposals fall into it


def workshop_themes(proposals: list[Proposal]) -> list[WorkshopTheme]:
    """The themes the given proposals fall into, the most represented first."""
    counts = Counter(p.theme_id for p in proposals if p.theme_id)
    themes = {p.theme_id: p.theme for p in proposals if p.theme_id}
    return [WorkshopTheme(themes[theme_id], count)
            for theme_id, count in sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))]


def shortlist(consultation, workshop: Workshop | None = None) -> list:
    """The consultation's themes, confirmed, pending and not retained (the shortlist feature's
    entries, each with its `state`); for a workshop, those its proposals fall into, ranked among
    themselves (the shortlist keeps every theme, with only the workshop's proposals)."""
    from consult.shortlist import services as shortlists   # another feature: imported when used
    entries = shortlists.shortlist(consultation, workshop=workshop)
    if workshop is None:
        return entries
    kept, position = [], 0
    for entry in (e for e in entries if e.proposals):
        if entry.rank is not None:       # confirmed and pending themes are ranked, not the others
            position += 1
        kept.append(replace(entry, rank=position if entry.rank is not None else None))
    return kept


def criteria(consultation) -> list:
    from consult.scoring import services as scoring
    return scoring.criteria(consultation)


# --- the national view -----------------------------------------------------------------------------

@dataclass
class NationalRow:
    """One theme, once, with the regional workshops whose shortlist carries it (its state: `entry.state`)."""
    theme: object
    label: dict
    entry: object | None                  # the consultation-wide ShortlistEntry, when there is one
    workshops: list[Workshop] = field(default_factory=list)
    regional_ranks: dict[int, int] = field(default_factory=dict)   # workshop id -> rank there

    @property
    def regions(self) -> list[str]:
        seen: list[str] = []
        for workshop in self.workshops:
            if workshop.governorate not in seen:
                seen.append(workshop.governorate)
        return seen


@dataclass
class NationalView:
    regional: list[tuple[Workshop, list]]       # each regional workshop with its shortlist
    rows: list[NationalRow]


def national_view(consultation) -> NationalView:
    """The regional shortlists side by side, and merged: a theme raised by several regions once."""
    regional = [(w, shortlist(consultation, workshop=w)) for w in list_workshops(consultation, "regional")]
    national = shortlist(consultation)
    rows: dict[int, NationalRow] = {}
    for entry in national:
        rows[entry.theme.id] = NationalRow(entry.theme, entry.label, entry)
    for workshop, entries in regional:
        for entry in entries:
            row = rows.setdefault(entry.theme.id, NationalRow(entry.theme, entry.label, None))
            row.workshops.append(workshop)
            row.regional_ranks[workshop.id] = entry.rank
    # The national ranking first; themes only regional lists carry come after, by how many regions.
    ordered = sorted(rows.values(), key=lambda row: (row.entry is None, row.entry is not None and row.entry.rank is None,
                                                     (row.entry.rank or 0) if row.entry else -len(row.workshops),
                                                     row.theme.id))
    return NationalView(regional, ordered)


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
