"""Scoring's own builders on top of tests/factories.py: a joint group and submitted scores."""
from __future__ import annotations

from consult.core.extensions import db
from consult.scoring import services
from tests.factories import PASSWORD, make_consultation, make_proposal, make_theme, make_user  # noqa: F401
FULL = {"specific": 2, "measurable": 2, "answerable": 3, "relevant": 2, "time_bound": 1, "impact": 3}


def person(name: str, role: str = "member", affiliation: str | None = "civil_society"):
    """A working-group member by default (the factories' make_user with a member's defaults)."""
    return make_user(role, name=name, affiliation=affiliation)


def joint_group(consultation, members, themes, coordinator=None):
    group = services.create_group(consultation, "Groupe mixte", coordinator)
    for member in members:
        services.add_member(group, member, coordinator)
    for item in themes:
        services.assign_theme(group, item, coordinator)
    db.session.commit()
    return group


def submit(group, item, member, levels=None, justification="Clair et mesurable."):
    sheet = services.save_scores(group, item, member, dict(levels or FULL), justification,
                                 ["transparency"], submit=True)
    db.session.commit()
    return sheet


def sheet_group():
    """A joint group of two members (Amina, civil society; Bechir, administration) scoring two
    themes, in the scoring phase (sheets are taken while scoring runs)."""
    consultation = make_consultation(open_phase="scoring")
    coordinator = person("Coordinatrice", "coordinator", None)
    amina = person("Amina", affiliation="civil_society")
    bechir = person("Bechir", affiliation="administration")
    themes = [make_theme(consultation, f"Thème {n}", make_proposal(consultation, f"Proposition {n}")) for n in (1, 2)]
    group = joint_group(consultation, [amina, bechir], themes, coordinator)
    return consultation, coordinator, amina, bechir, group, themes
