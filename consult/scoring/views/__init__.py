"""The scoring pages, on one blueprint: groups (groups.py), the rubric (rubric.py), scoring a theme
and offline sheets (scores.py), results (results.py). This module holds the blueprint and the
loaders they share; consult.core.features.register imports each of them.

Thin: each view gets the objects its permission was checked on (`permission_required(..., to=...)`,
consult/scoring/rules.py) and calls a service; a refusal is drawn on its page by
`consult.core.errors.refused`; the request's transaction commits once (consult/core/transactions.py).
"""
from __future__ import annotations

from flask import Blueprint, abort

from consult.clustering.models import Theme
from consult.core.extensions import db
from consult.scoring import services
from consult.scoring.labels import ogp_value_labels, reading_labels, sheet_status_labels
from consult.scoring.models import WorkingGroup

bp = Blueprint("scoring", __name__)


@bp.record_once
def register_helpers(state):
    # Globals (not context) so that imported macros see them too; the labels are lazy strings.
    state.app.jinja_env.globals.update(
        scoring_theme_title=services.theme_title, ogp_value_labels=ogp_value_labels(),
        sheet_status_labels=sheet_status_labels(), reading_labels=reading_labels(),
        scoring_public_groups=services.public_groups)


def load_group(group_id: int, **_ignored) -> WorkingGroup:
    return db.session.get(WorkingGroup, group_id) or abort(404)


def load_group_theme(group_id: int, theme_id: int) -> tuple[WorkingGroup, Theme]:
    group = load_group(group_id)
    theme = db.session.get(Theme, theme_id)
    if theme is None or theme not in group.themes:
        abort(404)
    return group, theme
