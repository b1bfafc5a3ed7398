"""Working groups: who is in them, which themes they score, balance, closing. Flushes, never commits."""
from __future__ import annotations

from flask_babel import gettext as _

from consult.accounts.models import User
from consult.clustering.models import Theme
from consult.core import audit
from consult.core.extensions import db
from consult.core.languages import LANGUAGES
from consult.core.models import utcnow
from consult.core.permissions import can
from consult.proposals import services as proposals
from consult.proposals.models import Proposal
from consult.scoring.errors import ScoringError
from consult.scoring.models import ScoreSheet, WorkingGroup


def groups_of(consultation) -> list[WorkingGroup]:
    return db.session.scalars(db.select(WorkingGroup).filter_by(consultation_id=consultation.id)
                              .order_by(WorkingGroup.id)).all()


def groups_of_member(consultation, user) -> list[WorkingGroup]:
    return [group for group in groups_of(consultation) if is_member(group, user)]


def is_member(group: WorkingGroup | None, user) -> bool:
    return (group is not None and bool(getattr(user, "is_authenticated", False))
            and any(m.id == user.id for m in group.members))


def create_group(consultation, name: str, actor, workshop=None) -> WorkingGroup:
    name = (name or "").strip()
    if not name:
        raise ScoringError(_("Give the working group a name."))
    group = WorkingGroup(consultation_id=consultation.id, name=name[:200],
                         workshop_id=getattr(workshop, "id", None))
    db.session.add(group)
    db.session.flush()
    audit.record("working_group", group.id, "create", actor, name=group.name)
    return group


def candidates() -> list[User]:
    """Accounts that may join a working group (the "scoring.join_group" permission)."""
    users = db.session.scalars(db.select(User).filter(User.active.is_(True)).order_by(User.name)).all()
    return [user for user in users if can(user, "scoring.join_group")]


def add_member(group: WorkingGroup, user: User, actor) -> None:
    if not can(user, "scoring.join_group"):
        raise ScoringError(_("Only active working-group members, facilitators or coordinators can join a "
                             "working group."))
    if is_member(group, user):
        return
    group.members.append(user)
    db.session.flush()
    audit.record("working_group", group.id, "add_member", actor, user_id=user.id)


def _has_submitted(group: WorkingGroup, **filters) -> bool:
    return db.session.scalar(db.select(ScoreSheet.id).filter_by(group_id=group.id, status="submitted", **filters)
                             .limit(1)) is not None


def remove_member(group: WorkingGroup, user: User, actor) -> None:
    if _has_submitted(group, member_id=user.id):
        raise ScoringError(_("This member has already submitted scores, which stay part of the record; "
                             "they cannot leave the group."), 409)
    if is_member(group, user):
        group.members.remove(user)
        db.session.flush()
        audit.record("working_group", group.id, "remove_member", actor, user_id=user.id)


def balance(group: WorkingGroup) -> dict[str, int]:
    """Members per affiliation: a joint group has as many from civil society as from the administration."""
    counts = {"civil_society": 0, "administration": 0, "other": 0}
    for member in group.members:
        counts[member.affiliation if member.affiliation in counts else "other"] += 1
    return counts


def is_balanced(group: WorkingGroup) -> bool:
    counts = balance(group)
    return counts["civil_society"] == counts["administration"] and counts["civil_society"] > 0


def consultation_themes(consultation) -> list[Theme]:
    return db.session.scalars(db.select(Theme).filter_by(consultation_id=consultation.id).order_by(Theme.id)).all()


def visible_proposals(theme: Theme) -> list[Proposal]:
    return [proposal for proposal in theme.proposals if not proposal.is_hidden]


def assign_theme(group: WorkingGroup, theme: Theme, actor) -> None:
    """Give a theme to a group; its new proposals show "under scoring" on their authors' pages."""
    if theme.consultation_id != group.consultation_id:
        raise ScoringError(_("This theme belongs to another consultation."), 404)
    if theme in group.themes:
        return
    group.themes.append(theme)
    db.session.flush()
    audit.record("working_group", group.id, "assign_theme", actor, theme_id=theme.id)
    for proposal in visible_proposals(theme):
        if proposal.status in ("received", "grouped"):
            proposals.change_status(proposal, "under_scoring", "", actor)


def unassign_theme(group: WorkingGroup, theme: Theme, actor) -> None:
    if _has_submitted(group, theme_id=theme.id):
        raise ScoringError(_("This theme already has submitted scores in this group; it stays assigned."), 409)
    if theme in group.themes:
        group.themes.remove(theme)
        db.session.flush()
        audit.record("working_group", group.id, "unassign_theme", actor, theme_id=theme.id)


def theme_from_proposal(consultation, proposal: Proposal, actor) -> Theme:
    """Score a single proposal when there is no grouping yet: a theme holding just that proposal."""
    if proposal.consultation_id != consultation.id:
        raise ScoringError(_("This proposal belongs to another consultation."), 404)
    if proposal.is_hidden:
        raise ScoringError(_("A hidden proposal cannot be scored."), 409)
    if proposal.theme_id is not None:
        raise ScoringError(_("This proposal already belongs to a theme; assign that theme instead."), 409)
    label = ({proposal.language: proposal.title} if proposal.language in LANGUAGES
             else {lang: proposal.title for lang in LANGUAGES})
    theme = Theme(consultation_id=consultation.id, label=label)
    db.session.add(theme)
    proposal.theme = theme
    db.session.flush()
    audit.record("theme", theme.id, "create_from_proposal", actor, proposal=proposal.ref)
    return theme


def set_closed(group: WorkingGroup, closed: bool, actor) -> None:
    group.scoring_closed_at = utcnow() if closed else None
    db.session.flush()
    audit.record("working_group", group.id, "close_scoring" if closed else "reopen_scoring", actor)
