"""Who may do what with action plans and commitments.

The coordinator manages the plan (cards, milestones, publication, responses to comments, the
spreadsheet round trip). Progress is recorded by the coordinator or by the account named as the
commitment's contact at its lead body. Everyone reads a published plan; a draft plan is public
only while the consultation's "draft" phase runs, and only then may anyone comment on it.
"""
from __future__ import annotations

from consult.commitments.sources import phase_is
from consult.core.permissions import Rule, define, everyone, has_role, is_coordinator, is_signed_in

# Who may be named a commitment's contact at its lead body (and so record its progress): any
# account but a citizen's.
CONTACT_ROLES = ("member", "facilitator", "coordinator")


def plan_of(obj):
    """The action plan an object belongs to: a plan, a commitment, a milestone, an update, a comment."""
    if obj is None:
        return None
    if hasattr(obj, "commitments"):
        return obj
    commitment = getattr(obj, "commitment", obj)
    return getattr(commitment, "plan", None)


is_published = Rule(lambda user, obj: plan_of(obj) is not None and plan_of(obj).is_final, "is_published")
is_draft = Rule(lambda user, obj: plan_of(obj) is not None and not plan_of(obj).is_final, "is_draft")


def _is_contact(user, obj) -> bool:
    commitment = getattr(obj, "commitment", obj)
    contact_id = getattr(commitment, "contact_id", None)
    return contact_id is not None and contact_id == getattr(user, "id", None)


is_contact = is_signed_in & Rule(_is_contact, "is_contact")

define("commitments.manage", is_coordinator)
define("commitments.read", is_published | phase_is("draft") | is_coordinator)
define("commitments.update", is_coordinator | is_contact)
define("commitments.be_contact", has_role(*CONTACT_ROLES))
define("commitments.comment", everyone & is_draft & phase_is("draft"))
