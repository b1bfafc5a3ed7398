"""Score sheets: one member's levels and justification for one theme; drafts, submission,
conflicts of interest, blind scoring and progress. Flushes, never commits.

The services check what always holds (membership, an assigned theme, an open group); whether the
phase running today lets people score is a permission of the views (consult/scoring/rules.py).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _

from consult.accounts.models import User
from consult.clustering.models import Theme
from consult.core import audit
from consult.core.extensions import db
from consult.core.models import utcnow
from consult.core.languages import localized as loc
from consult.core.permissions import can
from consult.scoring.errors import Problem, ScoringError
from consult.scoring.groups import is_member
from consult.scoring.models import CORE_VALUES, JUSTIFICATION_MAX, OGP_VALUES, ScoreSheet, WorkingGroup
from consult.scoring.rubric import Criterion, criteria, scoring_phase


def sheets_of(group: WorkingGroup, *, theme: Theme | None = None, member=None) -> list[ScoreSheet]:
    stmt = db.select(ScoreSheet).filter_by(group_id=group.id)
    if theme is not None:
        stmt = stmt.filter_by(theme_id=theme.id)
    if member is not None:
        stmt = stmt.filter_by(member_id=member.id)
    return db.session.scalars(stmt.order_by(ScoreSheet.id)).all()


def sheet_of(group: WorkingGroup, theme: Theme, member) -> ScoreSheet | None:
    if not getattr(member, "id", None):
        return None
    return db.session.scalar(db.select(ScoreSheet).filter_by(group_id=group.id, theme_id=theme.id,
                                                             member_id=member.id))


def _check_can_score(group: WorkingGroup, theme: Theme, member) -> None:
    if not is_member(group, member):
        raise ScoringError(_("Only the members of this working group can score its themes."), 403)
    if theme not in group.themes:
        raise ScoringError(_("This theme is not assigned to this working group."), 403)
    if group.is_closed:
        raise ScoringError(_("The group has closed its scoring: scores can no longer change."), 409)


def why_not_open(group: WorkingGroup, user, *, members_only: bool = True) -> ScoringError | None:
    """Why `user` may not write scores in this group now (None: they may; the services refuse the
    rest, e.g. a conflict of interest). Scoring follows its phase."""
    from consult.consultations.rules import phase_is
    if members_only and not is_member(group, user):
        return ScoringError(_("Only the members of this working group can score its themes."), 403)
    if group.is_closed:
        return ScoringError(_("The group has closed its scoring: scores can no longer change."), 409)
    if not phase_is("scoring")(user, group):
        phase = scoring_phase(group.consultation)
        if phase is None:
            return ScoringError(_("Scoring is not open: this consultation has no scoring phase."), 409)
        return ScoringError(_("Scoring is not open: it runs during the scoring phase, from %(start)s to "
                              "%(end)s.", start=phase.starts_on.isoformat(), end=phase.ends_on.isoformat()), 409)
    return None


def _snapshot(sheet: ScoreSheet) -> dict:
    return {"status": sheet.status, "levels": dict(sheet.levels or {}), "values_served": list(sheet.values_served or []),
            "justification": sheet.justification}


def parse_level(raw) -> int | None:
    """A whole number from a form or a spreadsheet cell ("2", 2, 2.0); None for anything else."""
    if isinstance(raw, bool):
        return None
    try:
        number = float(str(raw).strip().replace(",", "."))
    except ValueError:
        return None
    return int(number) if number.is_integer() else None


def validate_scores(rubric: list[Criterion], levels: dict, justification: str, values_served: list,
                    *, complete: bool, require_justification: bool = True) -> tuple[dict, list[str], list[str]]:
    """Clean levels and values; returns (levels, values served, error messages)."""
    errors: list[str] = []
    clean: dict[str, int] = {}
    for criterion in rubric:
        raw = levels.get(criterion.code)
        if raw is None or raw == "":
            if complete:
                errors.append(Problem(_("Give a level for “%(criterion)s”.", criterion=loc(criterion.name)),
                                      criterion.code))
            continue
        value = parse_level(raw)
        if value is None or value not in criterion.scale:
            errors.append(Problem(_("“%(criterion)s”: %(value)s is not a level of the scale (%(low)s to %(high)s).",
                                    criterion=loc(criterion.name), value=str(raw)[:20],
                                    low=min(criterion.scale), high=max(criterion.scale)), criterion.code))
            continue
        clean[criterion.code] = value
    values = []
    for value in values_served or []:
        if value not in OGP_VALUES:
            errors.append(Problem(_("“%(value)s” is not an open-government value.", value=str(value)[:30]),
                                  "values_served"))
        elif value not in values:
            values.append(value)
    if "technology" in values and not any(v in CORE_VALUES for v in values):
        errors.append(Problem(_("Technology and innovation count only together with transparency, "
                                "accountability or participation."), "values_served"))
    justification = (justification or "").strip()
    if len(justification) > JUSTIFICATION_MAX:
        errors.append(Problem(_("The justification is too long (at most %(max)s characters).", max=JUSTIFICATION_MAX),
                              "justification"))
    if complete and require_justification and not justification:
        errors.append(Problem(_("Write a short justification."), "justification"))
    return clean, [v for v in OGP_VALUES if v in values], errors


def _new_sheet(group: WorkingGroup, theme: Theme, member, status: str = "draft") -> ScoreSheet:
    sheet = ScoreSheet(group_id=group.id, theme_id=theme.id, member_id=member.id, status=status,
                       levels={}, values_served=[], justification="")
    db.session.add(sheet)
    return sheet


def save_scores(group: WorkingGroup, theme: Theme, member, levels: dict, justification: str,
                values_served: list | None = None, *, submit: bool, actor=None) -> ScoreSheet:
    """Save a draft or submit; a submitted sheet can only be revised (re-submitted), not drafted again."""
    _check_can_score(group, theme, member)
    sheet = sheet_of(group, theme, member)
    if sheet is not None and sheet.status == "conflict":
        raise ScoringError(_("You declared a conflict of interest on this theme and are left out of it."), 409)
    if sheet is not None and sheet.status == "submitted":
        submit = True
    clean, values, errors = validate_scores(criteria(group.consultation), levels, justification,
                                            values_served or [], complete=submit)
    if errors:
        raise ScoringError(" ".join(errors), problems=errors)
    if sheet is None:
        sheet = _new_sheet(group, theme, member)
        db.session.flush()
    old = _snapshot(sheet)
    action = "revise" if old["status"] == "submitted" else ("submit" if submit else "save_draft")
    sheet.levels, sheet.values_served = clean, values
    sheet.justification = (justification or "").strip()
    if submit:
        sheet.status = "submitted"
        sheet.submitted_at = utcnow()
    db.session.flush()
    new = _snapshot(sheet)
    if new != old:
        audit.record("score_sheet", sheet.id, action, actor or member, group_id=group.id, theme_id=theme.id,
                     member_id=member.id, old=old, new=new)
    return sheet


def declare_conflict(group: WorkingGroup, theme: Theme, member, reason: str, actor=None) -> ScoreSheet:
    """Leave the member out of this theme: no score of theirs counts, and they see none of the others'."""
    _check_can_score(group, theme, member)
    reason = (reason or "").strip()
    if not reason:
        raise ScoringError(_("Say briefly what the conflict of interest is."))
    sheet = sheet_of(group, theme, member) or _new_sheet(group, theme, member)
    old = _snapshot(sheet) if sheet.id else None
    sheet.status, sheet.levels, sheet.values_served, sheet.justification = "conflict", {}, [], ""
    sheet.conflict_reason = reason[:JUSTIFICATION_MAX]
    sheet.submitted_at = None
    db.session.flush()
    audit.record("score_sheet", sheet.id, "conflict", actor or member, group_id=group.id, theme_id=theme.id,
                 member_id=member.id, old=old, new=_snapshot(sheet), reason=sheet.conflict_reason)
    return sheet


def withdraw_conflict(group: WorkingGroup, theme: Theme, member, actor=None) -> ScoreSheet:
    """Take back a declared conflict while scoring is open: the member is back in, with an empty draft.

    The sheet is kept (not deleted) so that its audit trail stays in one place.
    """
    _check_can_score(group, theme, member)
    sheet = sheet_of(group, theme, member)
    if sheet is None or sheet.status != "conflict":
        raise ScoringError(_("You have not declared a conflict of interest on this theme."), 409)
    old, reason = _snapshot(sheet), sheet.conflict_reason
    sheet.status, sheet.levels, sheet.values_served, sheet.justification = "draft", {}, [], ""
    sheet.conflict_reason = ""
    sheet.submitted_at = None
    db.session.flush()
    audit.record("score_sheet", sheet.id, "withdraw_conflict", actor or member, group_id=group.id,
                 theme_id=theme.id, member_id=member.id, old=old, new=_snapshot(sheet), reason=reason)
    return sheet


def can_see_scores(group: WorkingGroup, theme: Theme, viewer) -> bool:
    """Blind scoring: a member sees the others' scores on a theme only once they submitted their own.

    Those outside the group see them by the "scoring.observe_scores" permission (coordinators);
    once the group closed scoring, members all do (except one who declared a conflict on the theme).
    """
    if is_member(group, viewer):
        sheet = sheet_of(group, theme, viewer)
        if sheet is not None and sheet.status == "conflict":
            return False
        return group.is_closed or (sheet is not None and sheet.status == "submitted")
    return can(viewer, "scoring.observe_scores", group)


def submitted_sheets(group: WorkingGroup, theme: Theme | None = None) -> list[ScoreSheet]:
    """Submitted scores of current members (a conflicted member has no submitted sheet)."""
    members = {member.id for member in group.members}
    return [sheet for sheet in sheets_of(group, theme=theme)
            if sheet.status == "submitted" and sheet.member_id in members]


# --- progress ----------------------------------------------------------------------------------------

@dataclass
class MemberProgress:
    member: User
    submitted: int = 0
    drafts: int = 0
    conflicts: int = 0
    todo: int = 0
    statuses: dict = field(default_factory=dict)    # theme id -> draft|submitted|conflict|todo


@dataclass
class GroupProgress:
    members: list[MemberProgress]
    expected: int
    submitted: int
    deadline: date | None
    days_left: int | None

    @property
    def percent(self) -> int:
        return round(100 * self.submitted / self.expected) if self.expected else 0


def progress(group: WorkingGroup, today: date | None = None) -> GroupProgress:
    sheets = {(s.member_id, s.theme_id): s for s in sheets_of(group)}
    rows, expected, submitted = [], 0, 0
    for member in group.members:
        row = MemberProgress(member=member)
        for theme in group.themes:
            sheet = sheets.get((member.id, theme.id))
            status = sheet.status if sheet else "todo"
            row.statuses[theme.id] = status
            if status == "submitted":
                row.submitted += 1
            elif status == "draft":
                row.drafts += 1
            elif status == "conflict":
                row.conflicts += 1
            if status == "todo":
                row.todo += 1
        expected += len(group.themes) - row.conflicts
        submitted += row.submitted
        rows.append(row)
    phase = scoring_phase(group.consultation)
    deadline = phase.ends_on if phase else None
    days_left = (deadline - (today or date.today())).days if deadline else None
    return GroupProgress(members=rows, expected=expected, submitted=submitted, deadline=deadline,
                         days_left=days_left)
