"""Who may do what with the committee.

Everyone reads the committee page and its meetings (the OGP's forum is public): members appear by
name only when they agreed, by the body they represent otherwise. Minutes are public once the
coordinator approved them; before that they are read by the coordinators and by the committee's
members (signed-in users linked to a seat). The coordinators manage everything else.
"""
from __future__ import annotations

from consult.core.permissions import Rule, define, everyone, is_coordinator, is_signed_in


def committee_of(obj):
    """The committee an object belongs to: a committee, a member, a meeting, an action item."""
    return getattr(obj, "committee", None) if obj is not None else None


def _is_member(user, obj) -> bool:
    committee = committee_of(obj)
    user_id = getattr(user, "id", None)
    return committee is not None and user_id is not None and any(
        member.user_id == user_id for member in committee.members)


def _minutes_public(user, obj) -> bool:
    return getattr(obj, "minutes_published_at", None) is not None


is_committee_member = is_signed_in & Rule(_is_member, "is_committee_member")
minutes_public = Rule(_minutes_public, "minutes_public")

define("committee.read", everyone)
define("committee.manage", is_coordinator)
define("committee.approve_minutes", is_coordinator)
define("committee.read_draft", is_coordinator | is_committee_member)
define("committee.read_minutes", minutes_public | is_coordinator | is_committee_member)
define("committee.see_names", is_coordinator | is_committee_member)
