"""Demo data: a joint working group that has scored its themes, so a newcomer sees the whole process.

The demo loader calls load_scoring_demo() with the demo's proposals grouped by theme slug and its
member accounts; the scores come from consult/demo/data/scoring.json.
"""
from __future__ import annotations

import json
from pathlib import Path

from consult.clustering.models import Theme
from consult.core.extensions import db
from consult.core.models import utcnow
from consult.scoring import services
from consult.scoring.models import ScoreSheet

DATA_FILE = Path(__file__).resolve().parents[1] / "demo" / "data" / "scoring.json"
DEFAULT_GROUP_NAME = "فريق العمل المشترك — Groupe de travail mixte"


def _themes(data: dict) -> list[dict]:
    themes = data.get("themes", [])
    if isinstance(themes, dict):   # {"slug": {...}} as well as [{"theme": "slug", ...}]
        themes = [dict(spec, theme=slug) for slug, spec in themes.items()]
    return themes


def _member_index(score: dict) -> int:
    for key in ("member", "member_index", "index"):
        if isinstance(score.get(key), int):
            return score[key]
    raise ValueError(f"score without a member index: {score}")


def _levels(score: dict, codes: list[str]) -> dict:
    for key in ("levels", "values", "scores", "criteria"):
        if isinstance(score.get(key), dict):
            return {code: score[key][code] for code in codes if code in score[key]}
    return {code: score[code] for code in codes if code in score}


def _group_name(data: dict) -> str:
    group = data.get("group") or data.get("working_group") or {}
    name = group.get("name") if isinstance(group, dict) else group
    if isinstance(name, dict):
        return " — ".join(part for part in (name.get("ar"), name.get("fr")) if part) or DEFAULT_GROUP_NAME
    return name or DEFAULT_GROUP_NAME


def load_scoring_demo(consultation, proposals_by_theme: dict[str, list], members_by_index: list,
                      data: dict | None = None):
    """Create the working group, its themes and the members' submitted scores. Flushes; the caller commits."""
    if data is None:
        data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    rubric = services.ensure_rubric(consultation)
    codes = [criterion.code for criterion in rubric]
    group = services.create_group(consultation, _group_name(data), actor=None)
    for member in members_by_index:
        services.add_member(group, member, actor=None)
    for spec in _themes(data):
        slug = spec.get("theme") or spec.get("slug")
        members = proposals_by_theme.get(slug, [])
        theme = next((p.theme for p in members if p.theme is not None), None)
        if theme is None:
            label = spec.get("label") or {}
            theme = Theme(consultation_id=consultation.id, label=label if isinstance(label, dict) else
                          {"ar": label, "fr": label, "en": label}, name=spec.get("name"))
            db.session.add(theme)
            for proposal in members:
                proposal.theme = theme
            db.session.flush()
        services.assign_theme(group, theme, actor=None)
        for score in spec.get("scores", []):
            member = members_by_index[_member_index(score)]
            levels = _levels(score, codes)
            values = score.get("values_served") or score.get("ogp_values") or []
            clean, values, errors = services.validate_scores(
                services.criteria(consultation), levels, score.get("justification", ""), values,
                complete=True, require_justification=False)   # some demo members wrote none
            if errors:
                raise ValueError(f"demo score for {slug}: {' '.join(errors)}")
            # Written directly: the demo's scores are already submitted, whatever the phase.
            db.session.add(ScoreSheet(group_id=group.id, theme_id=theme.id, member_id=member.id,
                                      status="submitted", levels=clean, values_served=values,
                                      justification=score.get("justification", "").strip(),
                                      conflict_reason="", submitted_at=utcnow()))
    if data.get("closed", True):
        services.set_closed(group, True, actor=None)
    db.session.flush()
    return group
