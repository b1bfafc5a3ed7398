"""Scoring's answers to the clustering's questions (clustering.signals): the themes it holds on to
(`themes_in_use`: a theme assigned to a working group or scored is kept by grouping runs and never
merged away), the themes whose record a closed group fixed (`themes_closed`: nobody curates them)
and who is in a working group of a consultation (`in_working_group`: they curate its themes)."""
from __future__ import annotations

from sqlalchemy import select

from consult.clustering.models import Theme
from consult.core.extensions import db
from consult.scoring.models import ScoreSheet, WorkingGroup, working_group_members, working_group_themes


def scored_theme_ids(consultation_id, **extra) -> set[int]:
    ids: set[int] = set()
    for column in (working_group_themes.c.theme_id, ScoreSheet.theme_id):
        ids |= set(db.session.scalars(select(column).join(Theme, Theme.id == column)
                                      .filter(Theme.consultation_id == consultation_id)))
    return ids


def closed_group_theme_ids(consultation_id, **extra) -> set[int]:
    """The themes scored by a working group of the consultation that has closed its scoring: those
    assigned to it and those its members have sheets on."""
    ids: set[int] = set()
    for theme_id, group_id in ((working_group_themes.c.theme_id, working_group_themes.c.group_id),
                               (ScoreSheet.theme_id, ScoreSheet.group_id)):
        ids |= set(db.session.scalars(select(theme_id).join(WorkingGroup, WorkingGroup.id == group_id)
                                      .filter(WorkingGroup.consultation_id == consultation_id,
                                              WorkingGroup.scoring_closed_at.is_not(None))))
    return ids


def member_of_a_group(consultation_id, user=None, **extra) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    found = db.session.scalar(
        select(working_group_members.c.user_id)
        .join(WorkingGroup, WorkingGroup.id == working_group_members.c.group_id)
        .filter(WorkingGroup.consultation_id == consultation_id, working_group_members.c.user_id == user.id)
        .limit(1))
    return found is not None
