"""Scoring's own builders on top of tests/factories.py: a joint group and submitted scores."""
from __future__ import annotations

from consult.core.extensions import db
from consult.scoring import services
from tests.factories import PASSWORD, make_user  # noqa: F401 (PASSWORD is read by the tests)
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
