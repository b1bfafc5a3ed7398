"""Builders for the commitments tests: a consultation whose shortlist is confirmed, its draft plan."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from consult.clustering.models import Theme
from consult.core.extensions import db
from consult.proposals import services as proposals
from consult.shortlist import services as shortlist
from tests.conftest import make_consultation, make_user


def add_proposal(consultation, title: str, email: str | None = None):
    made = proposals.submit(consultation, {
        "title": title, "problem": "Les citoyens n'ont pas accès aux données.",
        "reform": "Publier les données chaque trimestre.", "axis_id": consultation.axes[0].id,
        "governorate": "kef", "proposer_type": "association", "author_email": email})
    db.session.flush()
    return made


def add_theme(consultation, label: str, members):
    theme = Theme(consultation_id=consultation.id, label={"fr": label, "ar": label + " (ar)"})
    db.session.add(theme)
    db.session.flush()
    for member in members:
        member.theme_id = theme.id
    db.session.flush()
    return theme


def shortlisted(phase: str = "draft", themes: int = 3):
    """A consultation in `phase` with `themes` retained themes of two proposals each (the first
    proposal of each theme left an e-mail), and a coordinator."""
    consultation = make_consultation(phase)
    coordinator = make_user("coordinator")
    made = []
    for number in range(1, themes + 1):
        members = [add_proposal(consultation, f"Proposition {number}a", email=f"author{number}@example.org"),
                   add_proposal(consultation, f"Proposition {number}b")]
        theme = add_theme(consultation, f"Thème {number}", members)
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
