"""Everything this feature reads from the features before it, in one place: only this module
names where the report's data comes from."""
from __future__ import annotations

from consult.accounts.forms import affiliation_labels  # noqa: F401
from consult.clustering.models import Theme  # noqa: F401
from consult.commitments import plans  # noqa: F401
from consult.commitments.labels import completion_labels, relevance_labels, value_labels  # noqa: F401
from consult.commitments.models import (COMPLETION_LEVELS, ActionPlan, Comment, Commitment,  # noqa: F401
                                        PlanVersion, ProgressUpdate)
from consult.consultations.forms import phase_labels, scope_labels  # noqa: F401
from consult.consultations.models import Consultation, Phase  # noqa: F401
from consult.consultations.rules import current_phase  # noqa: F401
from consult.proposals.forms import channel_labels, language_labels, status_labels  # noqa: F401
from consult.proposals.models import CHANNELS, LANGUAGES as PROPOSAL_LANGUAGES, Proposal, ProposalEvent  # noqa: F401
from consult.scoring.groups import balance, groups_of  # noqa: F401
from consult.scoring.models import ScoreSheet, WorkingGroup  # noqa: F401
from consult.scoring.rubric import criteria, rubric_rows  # noqa: F401
from consult.shortlist.models import ThemeDecision  # noqa: F401
from consult.workshops.forms import kind_labels, participant_labels  # noqa: F401
from consult.workshops.models import PARTICIPANT_TYPES, Workshop  # noqa: F401

# The committee (multistakeholder forum): read through its stable, read-only summary.
from consult.committee import summary as committee  # noqa: E402,F401
from consult.committee.labels import mode_labels, side_labels  # noqa: E402,F401
from consult.committee.models import SIDES  # noqa: E402,F401
