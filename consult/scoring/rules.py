"""Who may do what in scoring, and when: role, membership of the group, conflicts, the phase.

The object a rule is about is a working group, a `(group, theme)` pair, or a consultation.
Scoring follows its phase: scores, conflicts and uploaded sheets are taken while the scoring
phase runs and the group has not closed its scoring.
"""
from __future__ import annotations

from consult.consultations.rules import phase_is
from consult.core.permissions import define, has_role, is_coordinator, is_staff, rule

is_scorer = has_role("member", "facilitator", "coordinator")


def _group(obj):
    if isinstance(obj, tuple):
        obj = obj[0]
    from consult.scoring.models import WorkingGroup
    return obj if isinstance(obj, WorkingGroup) else getattr(obj, "group", None)


def _theme(obj):
    return obj[1] if isinstance(obj, tuple) and len(obj) > 1 else None


@rule
def is_member_of_group(user, obj) -> bool:
    from consult.scoring.groups import is_member
    return is_member(_group(obj), user)


@rule
def has_conflict(user, obj) -> bool:
    """The user declared a conflict of interest on the theme of a (group, theme) pair."""
    from consult.scoring.sheets import sheet_of
    group, theme = _group(obj), _theme(obj)
    sheet = sheet_of(group, theme, user) if group is not None and theme is not None else None
    return sheet is not None and sheet.status == "conflict"


@rule
def group_closed(user, obj) -> bool:
    group = _group(obj)
    return group is not None and group.is_closed


@rule
def is_active(user, obj) -> bool:
    return bool(getattr(user, "active", False))


scoring_open = phase_is("scoring") & ~group_closed

define("scoring.join_group", is_scorer & is_active)           # obj: none; the user is the candidate
define("scoring.view", is_scorer)                             # the consultation's scoring pages, the rubric
define("scoring.see_all_groups", is_staff)
define("scoring.manage", is_coordinator)                      # groups, members, themes, rubric, closing
define("scoring.open_group", is_staff | is_member_of_group)   # the group page (staff observe)
define("scoring.open_theme", is_coordinator | is_member_of_group)
define("scoring.score", is_member_of_group & ~has_conflict & scoring_open)
define("scoring.declare_conflict", is_member_of_group & ~has_conflict & scoring_open)
define("scoring.withdraw_conflict", is_member_of_group & has_conflict & scoring_open)
# Offline sheets: a member's own rows; the whole group's (an offline session) for the coordinator only,
# never for someone outside the group (issue 13: it showed every member's blind scores).
define("scoring.own_sheets", is_member_of_group)                # a member's own sheets and badges
define("scoring.sheet", is_coordinator | is_member_of_group)
define("scoring.group_sheet", is_coordinator)
define("scoring.upload_sheet", (is_coordinator | is_member_of_group) & scoring_open)
define("scoring.results", group_closed | is_coordinator | is_member_of_group)
# Blind scoring, seen from outside the group: who reads every submitted score of an open group
# (members see the others' once they submitted their own: sheets.can_see_scores).
define("scoring.observe_scores", is_coordinator)
