"""The demo's regional workshops (Gafsa, Kairouan, Kef, as in seed 001) each leave with a shortlist,
and the national view merges them. Themes are made from the demo's own grouping of its proposals and
scored with the demo's working-group scores, through the scoring feature."""
from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from consult.clustering.models import Theme
from consult.core.extensions import db
from consult.demo.loader import load_demo, read_data
from consult.proposals import services as proposals
from consult.scoring import services as scoring
from consult.shortlist import exports, workshop_shortlist

pytestmark = pytest.mark.slow   # loads the whole demo


def _load_scored_demo():
    result = load_demo()
    consultation = result.consultation
    scores = {item["theme"]: item for item in read_data("scoring.json")["themes"]}
    members = [a.user for a in result.accounts if a.user.role == "member"]
    coordinator = next(a.user for a in result.accounts if a.user.role == "coordinator")
    group = scoring.create_group(consultation, "فريق العمل المشترك", coordinator)
    for member in members:
        scoring.add_member(group, member, coordinator)
    themes = {}
    for key, refs in result.themes.items():
        theme = Theme(consultation_id=consultation.id,
                      label=scores[key]["label"] if key in scores else {"en": key})
        db.session.add(theme)
        db.session.flush()
        for ref in refs:
            proposals.get_by_ref(ref).theme_id = theme.id
        db.session.flush()
        db.session.refresh(theme)
        themes[key] = theme
    for key, item in scores.items():
        scoring.assign_theme(group, themes[key], coordinator)
        for sheet in item["scores"]:
            scoring.save_scores(group, themes[key], members[sheet["member"]], sheet["values"],
                                sheet["justification"] or "—", ["transparency"], submit=True)
    db.session.commit()
    return consultation, result.workshops, themes


def test_each_regional_workshop_of_the_demo_leaves_with_a_shortlist(ctx):
    consultation, workshops, themes = _load_scored_demo()
    view = workshop_shortlist.national_view(consultation)
    regional = {w.governorate: entries for w, entries in view.regional}
    assert set(regional) == {"gafsa", "kairouan", "kef"}
    for governorate, entries in regional.items():
        assert entries, f"{governorate} has no shortlist"
        assert [e.rank for e in entries] == list(range(1, len(entries) + 1))
        workshop = next(w for w in workshops if w.governorate == governorate)
        assert all(p.workshop_id == workshop.id for e in entries for p in e.proposals)

    # A theme raised in several regions appears once in the national view, with those regions.
    seen = [row.theme.id for row in view.rows]
    assert len(seen) == len(set(seen))
    shared = [row for row in view.rows if len(row.regions) > 1]
    assert shared
    for row in shared:
        raised = sorted(g for g, entries in regional.items() if any(e.theme.id == row.theme.id for e in entries))
        assert sorted(row.regions) == raised

    # And each leaves with a file it can open in Excel, in Arabic.
    kef = next(w for w in workshops if w.governorate == "kef")
    workbook = load_workbook(io.BytesIO(exports.to_xlsx(exports.build(consultation, kef, "ar"))))
    rows = [row for row in workbook.worksheets[0].iter_rows(values_only=True)]
    labels = {row[1] for row in rows}
    assert all(e.label["ar"] in labels for e in regional["kef"])
