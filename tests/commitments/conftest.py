"""Builders for the commitments tests: a consultation whose shortlist is confirmed, its draft plan."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from consult.core.extensions import db
from consult.shortlist import services as shortlist
from tests.factories import make_consultation, make_proposal, make_theme, make_user


def shortlisted(phase: str = "draft", themes: int = 3):
    """A consultation in `phase` with `themes` retained themes of two proposals each (the first
    proposal of each theme left an e-mail), and a coordinator."""
    consultation = make_consultation(phase)
    coordinator = make_user("coordinator")
    made = []
    for number in range(1, themes + 1):
        members = [make_proposal(consultation, f"Proposition {number}a", author_email=f"author{number}@example.org"),
                   make_proposal(consultation, f"Proposition {number}b")]
        theme = make_theme(consultation, f"Thème {number}", *members)
        shortlist.decide(consultation, theme, "retained", "Clair, mesurable, porté par un ministère.", coordinator)
        made.append(theme)
    db.session.commit()
    return SimpleNamespace(consultation=consultation, coordinator=coordinator, themes=made)


@pytest.fixture
def world(ctx):
    return shortlisted()


def draft_plan(world, groups=None):
    from consult.commitments import plans
    groups = groups or {theme.id: number for number, theme in enumerate(world.themes, start=1)}
    plan = plans.create_draft(world.consultation, groups, world.coordinator)
    for commitment in plan.commitments:
        commitment.lead_body = "Présidence du gouvernement"
    db.session.commit()
    return plan
