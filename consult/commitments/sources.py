"""Everything this feature reads from the features before it, in one place.

The confirmed shortlist is the shortlist feature's, the theme helpers clustering's and scoring's:
only this module names where they come from.
"""
from __future__ import annotations

from dataclasses import dataclass

from consult.clustering.models import Theme
from consult.consultations.models import Axis, Consultation
from consult.consultations.rules import phase_is
from consult.consultations.services import is_open_for
from consult.proposals.models import Proposal
from consult.clustering.themes import theme_title
from consult.scoring.groups import visible_proposals
from consult.scoring.results import theme_label
from consult.shortlist.models import ThemeDecision
from consult.shortlist.services import decisions_of

# What this feature reads from the features before it (re-exported), and the shortlist read from it.
__all__ = [
    "Axis", "Consultation", "decisions_of", "is_open_for", "phase_is", "Proposal", "Theme", "theme_label",
    "theme_title", "ThemeDecision", "visible_proposals",
    "Retained", "confirmed_shortlist",
]


@dataclass
class Retained:
    rank: int          # in the order the coordinator confirmed them
    theme: Theme
    label: dict
    proposals: list


def confirmed_shortlist(consultation) -> list[Retained]:
    """The themes the coordinator confirmed as retained, in the order they were confirmed (read
    from the decisions alone, without computing the ranking)."""
    rows = sorted((row for row in decisions_of(consultation).values() if row.decision == "retained"),
                  key=lambda row: row.id)
    return [Retained(rank, row.theme, theme_label(row.theme), visible_proposals(row.theme))
            for rank, row in enumerate(rows, start=1)]
