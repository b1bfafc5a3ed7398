"""Who may do what with themes, grouping runs and near-duplicates.

Themes are public. Curating them (rename, lock, unlock, merge, split, move, near-duplicates, the
grouping runs' pages) is for the coordinator, and for the members of a working group of the
theme's consultation while its grouping or scoring phase runs. The object is a theme, or the
consultation (or a run: anything with a `.consultation`). Only coordinators start a grouping run.

A theme scored by a working group that has closed its scoring is curated by nobody, coordinator
included: its name and proposals are what the group scored and what the shortlist and its exports
publish, so they must not change silently afterwards. A coordinator who must correct one reopens
the group first, a step the group's history records.

Working groups belong to scoring, above clustering: the rules ask through `signals` (scoring
answers), never by importing it.
"""
from __future__ import annotations

from consult.clustering.models import Theme
from consult.clustering.signals import closed_theme_ids, is_in_working_group
from consult.consultations.rules import consultation_of, phase_is
from consult.core.permissions import define, everyone, has_role, is_coordinator, rule


@rule
def in_a_working_group(user, obj) -> bool:
    """The user belongs to a working group of the object's consultation."""
    consultation = consultation_of(obj)
    return consultation is not None and is_in_working_group(consultation.id, user)


@rule
def theme_closed(user, obj) -> bool:
    """The object is a theme scored by a working group that has closed its scoring."""
    return isinstance(obj, Theme) and obj.id in closed_theme_ids(obj.consultation_id)


# Those who may sit in a working group besides coordinators (scoring's "join_group" roles).
group_role = has_role("member", "facilitator")
curation_open = phase_is("grouping") | phase_is("scoring")
group_curator = group_role & curation_open & in_a_working_group

define("clustering.read", everyone)
define("clustering.curate", (is_coordinator | group_curator) & ~theme_closed)
define("clustering.run", is_coordinator)
