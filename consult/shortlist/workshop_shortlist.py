"""The shortlists of workshops: each workshop's, and the national view that merges the regions.

The workshop pages show them through the workshops feature's `workshop_page` and `workshops_page`
signals (connected in `init_app`); the exports build a workshop's with `workshop_shortlist`.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from consult.scoring.rubric import criteria
from consult.shortlist import services
from consult.workshops.models import Workshop
from consult.workshops.services import list_workshops


def workshop_shortlist(consultation, workshop: Workshop | None = None) -> list:
    """The consultation's themes, confirmed, pending and not retained (ShortlistEntry, each with its
    `state`); for a workshop, those its proposals fall into, ranked among themselves (the shortlist
    keeps every theme, with only the workshop's proposals)."""
    entries = services.shortlist(consultation, workshop=workshop)
    if workshop is None:
        return entries
    kept, position = [], 0
    for entry in (e for e in entries if e.proposals):
        if entry.rank is not None:       # confirmed and pending themes are ranked, not the others
            position += 1
        kept.append(replace(entry, rank=position if entry.rank is not None else None))
    return kept


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
    regional = [(w, workshop_shortlist(consultation, workshop=w)) for w in list_workshops(consultation, "regional")]
    national = workshop_shortlist(consultation)
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


# --- the workshop pages' sections (answers to the workshops feature's signals) ----------------------

def workshop_page_context(workshop: Workshop, **_extra) -> dict:
    """A workshop's page: its shortlist, and the criteria its table shows."""
    return {"shortlist": workshop_shortlist(workshop.consultation, workshop=workshop),
            "criteria": criteria(workshop.consultation)}


def workshops_page_context(consultation, **_extra) -> dict:
    """A consultation's workshops page: the regional shortlists and the national view."""
    return {"national": national_view(consultation)}
