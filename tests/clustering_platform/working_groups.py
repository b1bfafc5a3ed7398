"""Builders for the curation tests: who curates a consultation's themes is a member of one of its
working groups while its grouping or scoring phase runs (consult/clustering/rules.py)."""
from __future__ import annotations

from datetime import date, timedelta

from consult.clustering.models import Theme
from consult.core.extensions import db
from consult.scoring import groups
from tests.factories import make_user


def open_phase(consultation, kind: str | None) -> None:
    """Date the consultation's phases so that `kind` is the one running today (None: none is)."""
    phase = next(p for p in consultation.phases if p.kind == (kind or "collection"))
    shift = date.today() - phase.starts_on - timedelta(days=2) + timedelta(days=400 if kind is None else 0)
    for each in consultation.phases:
        each.starts_on += shift
        each.ends_on += shift
    db.session.commit()


def working_group(consultation, *members, themes=(), closed=False):
    """A working group of the consultation with these members, scoring these theme ids, committed."""
    coordinator = make_user("coordinator", name="Group Maker")
    group = groups.create_group(consultation, "Groupe de travail", coordinator)
    for member in members:
        groups.add_member(group, member, coordinator)
    for theme_id in themes:
        groups.assign_theme(group, db.session.get(Theme, theme_id), coordinator)
    if closed:
        groups.set_closed(group, True, coordinator)
    db.session.commit()
    return group


def group_member(consultation, role: str = "member", **group):
    """A new account (`role`) in a new working group of the consultation."""
    member = make_user(role)
    working_group(consultation, member, **group)
    return member
