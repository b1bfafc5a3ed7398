"""A group's results: aggregates, distributions and agreement, within what blind scoring lets one see."""
from __future__ import annotations

from flask import render_template
from flask_login import current_user

from consult.core.permissions import permission_required
from consult.scoring import services
from consult.scoring.views import bp, load_group


@bp.get("/scoring/groups/<int:group_id>/results")
@permission_required("scoring.results", load=load_group, to="group")
def results(group):
    rubric = services.criteria(group.consultation)
    all_results = services.group_results(group)
    shown = [r for r in all_results if group.is_closed or services.can_see_scores(group, r.theme, current_user)]
    hidden_count = len(all_results) - len(shown)
    # Agreement uses every score: shown to members once nothing is hidden from them.
    agreement = services.agreement(group) if hidden_count == 0 else None
    distributions = {c.code: {level: sum(r.distributions[c.code][level] for r in shown) for level in c.scale}
                     for c in rubric}
    return render_template("scoring/results.html", group=group, rubric=rubric, results=shown,
                           hidden_count=hidden_count, agreement=agreement, distributions=distributions,
                           scale_max=max(max(c.scale) for c in rubric))
