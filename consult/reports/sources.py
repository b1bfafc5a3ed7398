"""Everything this feature reads from the features before it, in one place: only this module
names where the report's data comes from."""
from __future__ import annotations

from consult.accounts.labels import affiliation_labels
from consult.clustering.models import Theme
from consult.commitments import figures as progress_figures
from consult.commitments import plans
from consult.commitments.labels import completion_labels, relevance_labels, value_labels
from consult.commitments.models import (COMPLETION_LEVELS, ActionPlan, Comment, Commitment,
                                        PlanVersion, ProgressUpdate)
from consult.consultations.labels import phase_labels, scope_labels
from consult.consultations.models import Consultation, Phase
from consult.consultations.rules import current_phase
from consult.consultations.services import calendar_versions
from consult.proposals.labels import channel_labels, language_labels, status_labels
from consult.proposals.models import CHANNELS, LANGUAGES as PROPOSAL_LANGUAGES, Proposal, ProposalEvent
from consult.scoring.groups import balance, groups_of
from consult.scoring.models import ScoreSheet, WorkingGroup
from consult.scoring.rubric import criteria, rubric_rows
from consult.shortlist.models import ThemeDecision
from consult.workshops.labels import kind_labels, participant_labels
from consult.workshops.models import PARTICIPANT_TYPES, Workshop

# The committee (multistakeholder forum): read through its stable, read-only summary.
from consult.committee import summary as committee
from consult.committee.labels import mode_labels, side_labels
from consult.committee.models import SIDES

# What the report reads, each name re-exported from the feature that owns it.
__all__ = [
    "ActionPlan", "affiliation_labels", "balance", "calendar_versions", "channel_labels", "CHANNELS", "Comment",
    "Commitment", "committee", "completion_labels", "COMPLETION_LEVELS", "Consultation", "criteria",
    "current_phase", "groups_of", "kind_labels", "language_labels", "mode_labels", "participant_labels",
    "PARTICIPANT_TYPES", "Phase", "phase_labels", "plans", "progress_figures", "PlanVersion", "ProgressUpdate", "Proposal",
    "PROPOSAL_LANGUAGES", "ProposalEvent", "relevance_labels", "rubric_rows", "scope_labels", "ScoreSheet",
    "side_labels", "SIDES", "status_labels", "Theme", "ThemeDecision", "value_labels", "WorkingGroup", "Workshop",
]
