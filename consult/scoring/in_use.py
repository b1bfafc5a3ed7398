"""The themes scoring holds on to, for the clustering's `themes_in_use` question: a theme
assigned to a working group or scored is kept by grouping runs and never merged away."""
from __future__ import annotations

from sqlalchemy import select

from consult.clustering.models import Theme
from consult.core.extensions import db
from consult.scoring.models import ScoreSheet, working_group_themes


def scored_theme_ids(consultation_id, **extra) -> set[int]:
    ids: set[int] = set()
    for column in (working_group_themes.c.theme_id, ScoreSheet.theme_id):
        ids |= set(db.session.scalars(select(column).join(Theme, Theme.id == column)
                                      .filter(Theme.consultation_id == consultation_id)))
    return ids
