"""The scoring feature's services in one name, for other features, the demo loader and the tests.

The code lives by concern: `rubric` (criteria, freezing), `groups` (working groups, themes),
`sheets` (score sheets, blind scoring, conflicts, progress) and `results` (aggregates, agreement,
the export). Every function flushes and never commits; refusals raise `ScoringError`.
"""
from __future__ import annotations

from consult.scoring.errors import ScoringError
from consult.scoring.groups import (add_member, assign_theme, balance, candidates, consultation_themes,
                                    create_group, groups_of, groups_of_member, is_balanced, is_member,
                                    remove_member, set_closed, theme_from_proposal, unassign_theme,
                                    visible_proposals)
from consult.scoring.results import (Agreement, ThemeResult, agreement, consultation_results, export,
                                     group_results, public_groups, pseudonym, rank,
                                     theme_label, theme_result, theme_title)
from consult.scoring.rubric import (Criterion, criteria, ensure_rubric, rubric_or_defaults,
                                    rubric_rows, scoring_phase, scoring_started, update_criterion)
from consult.scoring.sheets import (GroupProgress, MemberProgress, can_see_scores, declare_conflict,
                                    parse_level, progress, save_scores, sheet_of, sheets_of, submitted_sheets,
                                    validate_scores, why_not_open, withdraw_conflict)

# The services of every concern, re-exported under one name.
__all__ = [
    "add_member", "Agreement", "agreement", "assign_theme", "balance", "can_see_scores", "candidates",
    "consultation_results", "consultation_themes", "create_group", "criteria", "Criterion", "declare_conflict",
    "ensure_rubric", "export", "group_results", "GroupProgress", "groups_of", "groups_of_member", "is_balanced",
    "is_member", "MemberProgress", "parse_level", "progress", "pseudonym", "public_groups", "rank",
    "remove_member", "rubric_or_defaults", "rubric_rows", "save_scores", "scoring_phase", "scoring_started",
    "ScoringError", "set_closed", "sheet_of", "sheets_of", "submitted_sheets", "theme_from_proposal",
    "theme_label", "theme_result", "theme_title", "ThemeResult", "unassign_theme", "update_criterion",
    "validate_scores", "visible_proposals", "why_not_open", "withdraw_conflict",
]
