"""Small builders for the scoring tests: a consultation, proposals, themes and a joint group."""
from __future__ import annotations

import os

from consult.accounts import services as accounts
from consult.clustering.models import Theme
from consult.core.extensions import db
from consult.proposals import services as proposals
from consult.scoring import services

PASSWORD = "correct horse battery"
FULL = {"specific": 2, "measurable": 2, "answerable": 3, "relevant": 2, "time_bound": 1, "impact": 3}


def person(name: str, role: str = "member", affiliation: str | None = "civil_society"):
    user, _ = accounts.create_user(name, f"{name.split()[0].lower()}-{os.urandom(3).hex()}@example.org", role,
                                   password=PASSWORD, affiliation=affiliation)
    db.session.commit()
    return user


def proposal(consultation, title: str, governorate: str = "kef", workshop=None):
    made = proposals.submit(consultation, {
        "title": title, "problem": "Les citoyens n'ont pas accès aux données.",
        "reform": "Publier les données chaque trimestre.", "axis_id": consultation.axes[0].id,
        "governorate": governorate, "proposer_type": "association",
        "workshop_id": getattr(workshop, "id", None)})
    db.session.commit()
    return made


def theme(consultation, label: str, *members):
    made = Theme(consultation_id=consultation.id, label={"fr": label, "ar": label + " (ar)"})
    db.session.add(made)
    db.session.flush()
    for item in members:
        item.theme_id = made.id
    db.session.commit()
    db.session.refresh(made)
    return made


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
