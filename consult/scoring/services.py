"""Working groups, the rubric, blind scoring, results, shortlist and reasoned responses.

Flushes, never commits: the caller commits. Refusals raise ScoringError with a message in the
user's language, which views show with a 4xx status.
"""
from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field
from datetime import date

from flask import current_app, has_request_context
from flask_babel import gettext

from consult.accounts.models import User
from consult.clustering.models import Theme
from consult.consultations.models import Consultation
from consult.core import audit
from consult.core.extensions import db
from consult.core.i18n import localized
from consult.core.models import utcnow
from consult.proposals import services as proposals
from consult.proposals.models import Proposal
from consult.scoring import stats
from consult.scoring.models import (CORE_VALUES, DECISIONS, JUSTIFICATION_MAX, OGP_VALUES, RubricCriterion,
                                    ScoreSheet, ThemeDecision, WorkingGroup, working_group_themes)
from consult.scoring.rubric import DEFAULT_CRITERIA, DEFAULT_LEVELS

LANGS = ("ar", "fr", "en")
SCORER_ROLES = ("member", "coordinator", "facilitator")


def _(message: str, **values) -> str:
    """gettext in a request; outside one (CLI, demo loader, tests) the English text."""
    if has_request_context():
        return gettext(message, **values)
    return message % values if values else message


def _loc(value: dict | None) -> str:
    return localized(value, None if has_request_context() else "en")


class ScoringError(Exception):
    """A refused action; str(error) is the message for the user, in their language."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


# --- the rubric ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Criterion:
    code: str
    name: dict
    weight: float
    minimum: float | None
    description: dict = field(default_factory=dict)
    levels: tuple = ()

    @property
    def scale(self) -> list[int]:
        return [level["value"] for level in self.levels]


def ensure_rubric(consultation: Consultation) -> list[RubricCriterion]:
    """The consultation's rubric, made from the default criteria the first time it is needed."""
    rows = rubric_rows(consultation)
    if rows:
        return rows
    for position, spec in enumerate(DEFAULT_CRITERIA):
        db.session.add(RubricCriterion(
            consultation_id=consultation.id, code=spec["code"], position=position, name=dict(spec["name"]),
            description=dict(spec["description"]), levels=[dict(level) for level in DEFAULT_LEVELS],
            weight=1.0, minimum=spec.get("minimum")))
    db.session.flush()
    return rubric_rows(consultation)


def rubric_rows(consultation: Consultation) -> list[RubricCriterion]:
    return db.session.scalars(db.select(RubricCriterion).filter_by(consultation_id=consultation.id)
                              .order_by(RubricCriterion.position, RubricCriterion.id)).all()


def criteria(consultation: Consultation) -> list[Criterion]:
    """The consultation's criteria, in rubric order (the default six if none was set)."""
    return [Criterion(code=row.code, name=dict(row.name), weight=row.weight, minimum=row.minimum,
                      description=dict(row.description or {}), levels=tuple(row.levels))
            for row in ensure_rubric(consultation)]


def scoring_phase(consultation: Consultation):
    return next((phase for phase in consultation.phases if phase.kind == "scoring"), None)


def scoring_started(consultation: Consultation, today: date | None = None) -> bool:
    """Scoring starts with the scoring phase or with the first submitted score, whichever is first."""
    phase = scoring_phase(consultation)
    if phase is not None and phase.starts_on <= (today or date.today()):
        return True
    return db.session.scalar(
        db.select(ScoreSheet.id).join(WorkingGroup, ScoreSheet.group_id == WorkingGroup.id)
        .filter(WorkingGroup.consultation_id == consultation.id, ScoreSheet.status == "submitted")
        .limit(1)) is not None


def update_criterion(criterion: RubricCriterion, actor, *, weight: float, minimum: float | None,
                     name: dict, description: dict) -> None:
    if scoring_started(criterion.consultation):
        raise ScoringError(_("The rubric is frozen: scoring has started, so its criteria, weights and "
                             "minimums can no longer change."), 409)
    scale = criterion.scale
    if weight < 0 or weight > 100:
        raise ScoringError(_("A weight must be between 0 and 100."))
    if minimum is not None and not (min(scale) <= minimum <= max(scale)):
        raise ScoringError(_("A minimum must lie on the scale, between %(low)s and %(high)s.",
                             low=min(scale), high=max(scale)))
    old = {"weight": criterion.weight, "minimum": criterion.minimum, "name": criterion.name,
           "description": criterion.description}
    criterion.weight, criterion.minimum = weight, minimum
    criterion.name = {lang: (name.get(lang) or criterion.name.get(lang, "")).strip() for lang in LANGS}
    criterion.description = {lang: (description.get(lang) or "").strip() for lang in LANGS}
    db.session.flush()
    new = {"weight": weight, "minimum": minimum, "name": criterion.name, "description": criterion.description}
    if new != old:
        audit.record("rubric_criterion", criterion.id, "update", actor, old=old, new=new)


# --- working groups ----------------------------------------------------------------------------------

def groups_of(consultation: Consultation) -> list[WorkingGroup]:
    return db.session.scalars(db.select(WorkingGroup).filter_by(consultation_id=consultation.id)
                              .order_by(WorkingGroup.id)).all()


def groups_of_member(consultation: Consultation, user) -> list[WorkingGroup]:
    return [group for group in groups_of(consultation) if is_member(group, user)]


def is_member(group: WorkingGroup, user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and any(m.id == user.id for m in group.members)


def is_coordinator(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.role == "coordinator"


def create_group(consultation: Consultation, name: str, actor, workshop=None) -> WorkingGroup:
    name = (name or "").strip()
    if not name:
        raise ScoringError(_("Give the working group a name."))
    group = WorkingGroup(consultation_id=consultation.id, name=name[:200],
                         workshop_id=getattr(workshop, "id", None))
    db.session.add(group)
    db.session.flush()
    audit.record("working_group", group.id, "create", actor, name=group.name)
    return group


def add_member(group: WorkingGroup, user: User, actor) -> None:
    if user.role not in SCORER_ROLES or not user.active:
        raise ScoringError(_("Only active working-group members, facilitators or coordinators can join a "
                             "working group."))
    if is_member(group, user):
        return
    group.members.append(user)
    db.session.flush()
    audit.record("working_group", group.id, "add_member", actor, user_id=user.id)


def remove_member(group: WorkingGroup, user: User, actor) -> None:
    if any(sheet.status == "submitted" for sheet in sheets_of(group, member=user)):
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


def consultation_themes(consultation: Consultation) -> list[Theme]:
    return db.session.scalars(db.select(Theme).filter_by(consultation_id=consultation.id).order_by(Theme.id)).all()


def theme_title(theme: Theme, language: str | None = None) -> str:
    """The name people gave the theme, else its automatic label."""
    if language is None and not has_request_context():
        language = "en"
    return theme.name or localized(theme.label, language) or f"#{theme.id}"


def theme_label(theme: Theme) -> dict:
    """{"ar", "fr", "en"}: the human name wins over the automatic label."""
    if theme.name:
        return {lang: theme.name for lang in LANGS}
    label = theme.label or {}
    # A missing language falls back on the closest script first: en <-> fr, then Arabic.
    order = {"ar": ("ar", "fr", "en"), "fr": ("fr", "en", "ar"), "en": ("en", "fr", "ar")}
    return {lang: next((label[o] for o in order[lang] if label.get(o)), "") for lang in LANGS}


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
    if any(sheet.status == "submitted" for sheet in sheets_of(group, theme=theme)):
        raise ScoringError(_("This theme already has submitted scores in this group; it stays assigned."), 409)
    if theme in group.themes:
        group.themes.remove(theme)
        db.session.flush()
        audit.record("working_group", group.id, "unassign_theme", actor, theme_id=theme.id)


def theme_from_proposal(consultation: Consultation, proposal: Proposal, actor) -> Theme:
    """Score a single proposal when there is no grouping yet: a theme holding just that proposal."""
    if proposal.consultation_id != consultation.id:
        raise ScoringError(_("This proposal belongs to another consultation."), 404)
    if proposal.is_hidden:
        raise ScoringError(_("A hidden proposal cannot be scored."), 409)
    if proposal.theme_id is not None:
        raise ScoringError(_("This proposal already belongs to a theme; assign that theme instead."), 409)
    label = ({proposal.language: proposal.title} if proposal.language in LANGS
             else {lang: proposal.title for lang in LANGS})
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


# --- scoring -----------------------------------------------------------------------------------------

def sheets_of(group: WorkingGroup, *, theme: Theme | None = None, member=None) -> list[ScoreSheet]:
    stmt = db.select(ScoreSheet).filter_by(group_id=group.id)
    if theme is not None:
        stmt = stmt.filter_by(theme_id=theme.id)
    if member is not None:
        stmt = stmt.filter_by(member_id=member.id)
    return db.session.scalars(stmt.order_by(ScoreSheet.id)).all()


def sheet_of(group: WorkingGroup, theme: Theme, member) -> ScoreSheet | None:
    return db.session.scalar(db.select(ScoreSheet).filter_by(group_id=group.id, theme_id=theme.id,
                                                             member_id=member.id))


def _check_can_score(group: WorkingGroup, theme: Theme, member) -> None:
    if not is_member(group, member):
        raise ScoringError(_("Only the members of this working group can score its themes."), 403)
    if theme not in group.themes:
        raise ScoringError(_("This theme is not assigned to this working group."), 403)
    if group.is_closed:
        raise ScoringError(_("The group has closed its scoring: scores can no longer change."), 409)


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
                errors.append(_("Give a level for “%(criterion)s”.", criterion=_loc(criterion.name)))
            continue
        value = parse_level(raw)
        if value is None or value not in criterion.scale:
            errors.append(_("“%(criterion)s”: %(value)s is not a level of the scale (%(low)s to %(high)s).",
                            criterion=_loc(criterion.name), value=str(raw)[:20],
                            low=min(criterion.scale), high=max(criterion.scale)))
            continue
        clean[criterion.code] = value
    values = []
    for value in values_served or []:
        if value not in OGP_VALUES:
            errors.append(_("“%(value)s” is not an open-government value.", value=str(value)[:30]))
        elif value not in values:
            values.append(value)
    if "technology" in values and not any(v in CORE_VALUES for v in values):
        errors.append(_("Technology and innovation count only together with transparency, accountability "
                        "or participation."))
    justification = (justification or "").strip()
    if len(justification) > JUSTIFICATION_MAX:
        errors.append(_("The justification is too long (at most %(max)s characters).", max=JUSTIFICATION_MAX))
    if complete and require_justification and not justification:
        errors.append(_("Write a short justification."))
    return clean, [v for v in OGP_VALUES if v in values], errors


def save_scores(group: WorkingGroup, theme: Theme, member, levels: dict, justification: str,
                values_served: list | None = None, *, submit: bool, actor=None) -> ScoreSheet:
    """Save a draft or submit; a submitted sheet can only be revised (re-submitted), not drafted again."""
    _check_can_score(group, theme, member)
    sheet = sheet_of(group, theme, member)
    if sheet is not None and sheet.status == "conflict":
        raise ScoringError(_("You declared a conflict of interest on this theme and are left out of it."), 409)
    if sheet is not None and sheet.status == "submitted":
        submit = True
    rubric = criteria(group.consultation)
    clean, values, errors = validate_scores(rubric, levels, justification, values_served or [], complete=submit)
    if errors:
        raise ScoringError(" ".join(errors))
    if sheet is None:
        sheet = ScoreSheet(group_id=group.id, theme_id=theme.id, member_id=member.id, status="draft",
                           levels={}, values_served=[], justification="")
        db.session.add(sheet)
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
    sheet = sheet_of(group, theme, member)
    if sheet is None:
        sheet = ScoreSheet(group_id=group.id, theme_id=theme.id, member_id=member.id, levels={},
                           values_served=[], justification="")
        db.session.add(sheet)
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

    Coordinators who are not members see them; once the group closed scoring, members all do
    (except one who declared a conflict on the theme).
    """
    if is_member(group, viewer):
        sheet = sheet_of(group, theme, viewer)
        if sheet is not None and sheet.status == "conflict":
            return False
        return group.is_closed or (sheet is not None and sheet.status == "submitted")
    return is_coordinator(viewer)


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


# --- results -----------------------------------------------------------------------------------------

@dataclass
class ThemeResult:
    theme: Theme
    summaries: dict            # criterion code -> stats.Summary
    distributions: dict        # criterion code -> {level: count}
    weighted_total: float | None
    n_scores: int
    flags: list                # criterion codes where members disagree strongly
    meets_minimums: bool

    @property
    def means(self) -> dict:
        return {code: summary.mean for code, summary in self.summaries.items()}

    def as_dict(self) -> dict:
        return {"theme": self.theme.id, "label": theme_label(self.theme),
                "criteria": {code: summary.as_dict() for code, summary in self.summaries.items()},
                "weighted_total": self.weighted_total, "n_scores": self.n_scores,
                "disagreements": self.flags, "meets_minimums": self.meets_minimums}


def theme_result(theme: Theme, sheets: list[ScoreSheet], rubric: list[Criterion]) -> ThemeResult:
    summaries, distributions, flags = {}, {}, []
    for criterion in rubric:
        values = [sheet.levels[criterion.code] for sheet in sheets if criterion.code in sheet.levels]
        summary = stats.summarize(values)
        summaries[criterion.code] = summary
        distributions[criterion.code] = stats.distribution(values, criterion.scale)
        if stats.disagrees(summary, criterion.scale):
            flags.append(criterion.code)
    means = {code: summary.mean for code, summary in summaries.items()}
    return ThemeResult(
        theme=theme, summaries=summaries, distributions=distributions,
        weighted_total=stats.weighted_total(means, {c.code: c.weight for c in rubric}),
        n_scores=len(sheets), flags=flags,
        meets_minimums=bool(sheets) and stats.meets_minimums(means, {c.code: c.minimum for c in rubric}))


def rank(results: list[ThemeResult]) -> list[ThemeResult]:
    return sorted(results, key=lambda r: (r.weighted_total is None, -(r.weighted_total or 0), r.theme.id))


def group_results(group: WorkingGroup) -> list[ThemeResult]:
    """The group's themes, with aggregates of this group's submitted scores, best first."""
    rubric = criteria(group.consultation)
    sheets = submitted_sheets(group)
    return rank([theme_result(theme, [s for s in sheets if s.theme_id == theme.id], rubric)
                 for theme in group.themes])


def consultation_results(consultation: Consultation) -> list[ThemeResult]:
    """Every theme given to a group, with the submitted scores of all groups pooled, best first."""
    rubric = criteria(consultation)
    by_theme: dict[int, list[ScoreSheet]] = {}
    themes: dict[int, Theme] = {}
    for group in groups_of(consultation):
        for theme in group.themes:
            themes[theme.id] = theme
            by_theme.setdefault(theme.id, [])
        for sheet in submitted_sheets(group):
            by_theme.setdefault(sheet.theme_id, []).append(sheet)
    return rank([theme_result(theme, by_theme.get(theme.id, []), rubric) for theme in themes.values()])


@dataclass
class Agreement:
    criterion: Criterion
    alpha: float | None
    reading: str           # reliable | tentative | discuss | undefined


def agreement(group: WorkingGroup) -> list[Agreement]:
    """Krippendorff's alpha (ordinal) per criterion: members are raters, the group's themes are units."""
    rubric = criteria(group.consultation)
    sheets = {(s.member_id, s.theme_id): s for s in submitted_sheets(group)}
    results = []
    for criterion in rubric:
        matrix = [[sheets[(m.id, t.id)].levels.get(criterion.code) if (m.id, t.id) in sheets else None
                   for t in group.themes] for m in group.members]
        value = stats.alpha(matrix, criterion.scale, "ordinal")
        results.append(Agreement(criterion=criterion, alpha=value, reading=stats.reading(value)))
    return results


def results_visible(group: WorkingGroup, viewer) -> bool:
    """Aggregates are public once scoring is closed; before, only coordinators and members see them
    (and members only for the themes they have scored themselves)."""
    return group.is_closed or is_coordinator(viewer) or is_member(group, viewer)


def public_links(consultation: Consultation) -> dict:
    """What anyone may read of the scoring: closed groups' results, and the confirmed shortlist."""
    return {"groups": [group for group in groups_of(consultation) if group.is_closed],
            "shortlist": bool(decisions_of(consultation))}


# --- shortlist and reasoned responses ----------------------------------------------------------------

@dataclass
class ShortlistEntry:
    rank: int
    theme: Theme
    label: dict
    scores: dict
    weighted_total: float | None
    n_scores: int
    proposals: list
    regions: list
    confirmed: bool


def decisions_of(consultation: Consultation) -> dict[int, ThemeDecision]:
    rows = db.session.scalars(db.select(ThemeDecision).filter_by(consultation_id=consultation.id)).all()
    return {row.theme_id: row for row in rows}


def proposed_shortlist(results: list[ThemeResult]) -> list[ThemeResult]:
    """Scored themes meeting every minimum, ranked by weighted total."""
    return [result for result in rank(results) if result.n_scores and result.meets_minimums]


def decide(consultation: Consultation, theme: Theme, decision: str, reason: str, actor) -> ThemeDecision:
    """Confirm or amend the proposed shortlist for one theme; the reason is public."""
    if decision not in DECISIONS:
        raise ScoringError(_("Choose whether the theme is retained or not."))
    reason = (reason or "").strip()
    if not reason:
        raise ScoringError(_("Give the reason for each decision: it is public."))
    if theme.consultation_id != consultation.id:
        raise ScoringError(_("This theme belongs to another consultation."), 404)
    row = decisions_of(consultation).get(theme.id)
    old = {"decision": row.decision, "reason": row.reason} if row else None
    if row is None:
        row = ThemeDecision(consultation_id=consultation.id, theme_id=theme.id, decision=decision, reason=reason)
        db.session.add(row)
    row.decision, row.reason, row.decided_by_id, row.decided_at = decision, reason, getattr(actor, "id", None), utcnow()
    db.session.flush()
    if old != {"decision": decision, "reason": reason}:
        audit.record("theme_decision", row.id, "decide", actor, theme_id=theme.id, old=old,
                     new={"decision": decision, "reason": reason})
    return row


def shortlist(consultation: Consultation, *, workshop=None) -> list[ShortlistEntry]:
    """The confirmed retained themes, ranked; while nothing is confirmed, the proposed shortlist."""
    results = consultation_results(consultation)
    decisions = decisions_of(consultation)
    confirmed = bool(decisions)
    if confirmed:
        by_id = {result.theme.id: result for result in results}
        rubric = criteria(consultation)
        chosen = [by_id.get(theme_id) or theme_result(row.theme, [], rubric)
                  for theme_id, row in decisions.items() if row.decision == "retained"]
        chosen = rank(chosen)
    else:
        chosen = proposed_shortlist(results)
    entries = []
    for position, result in enumerate(chosen, start=1):
        kept = [p for p in visible_proposals(result.theme)
                if workshop is None or p.workshop_id == getattr(workshop, "id", workshop)]
        entries.append(ShortlistEntry(
            rank=position, theme=result.theme, label=theme_label(result.theme), scores=result.means,
            weighted_total=result.weighted_total, n_scores=result.n_scores, proposals=kept,
            regions=sorted({p.governorate for p in kept if p.governorate}), confirmed=confirmed))
    return entries


OUTCOMES = ("retained", "merged", "not_retained")


def default_response(decision: ThemeDecision, status: str) -> str:
    """A reasoned response to prefill, in the coordinator's language; they can rewrite it."""
    title = theme_title(decision.theme)
    if status == "retained":
        return _("Retained: your proposal is part of the future commitment “%(commitment)s”. %(reason)s",
                 commitment=title, reason=decision.reason)
    if status == "merged":
        return _("Merged into another proposal that carries the same idea, in the theme “%(theme)s”. "
                 "%(reason)s", theme=title, reason=decision.reason)
    return _("Not retained for the action plan. %(reason)s", reason=decision.reason)


def publish_outcomes(decision: ThemeDecision, outcomes: dict[int, tuple[str, str]], response: str,
                     actor) -> list[Proposal]:
    """Tell every author of the theme's proposals what happened and why: all proposals or none.

    `outcomes` maps a proposal id to (status, reference it is merged into or "").
    """
    response = (response or "").strip()
    if not response:
        raise ScoringError(_("Write the reasoned response the authors will read."))
    theme_proposals = visible_proposals(decision.theme)
    planned = []
    for proposal in theme_proposals:
        status, merged_ref = outcomes.get(proposal.id, (None, ""))
        status = status or ("retained" if decision.decision == "retained" else "not_retained")
        if status not in OUTCOMES:
            raise ScoringError(_("Choose an outcome for %(ref)s.", ref=proposal.ref))
        target = None
        if status == "merged":
            target = proposals.get_by_ref(merged_ref)
            if target is None or target.consultation_id != proposal.consultation_id or target.id == proposal.id \
                    or target.is_hidden:
                raise ScoringError(_("%(ref)s: give the reference of another proposal of this consultation "
                                     "that it is merged into.", ref=proposal.ref))
        planned.append((proposal, status, target))
    for proposal, status, target in planned:
        text = response
        if target is not None:
            text = f"{response}\n→ {target.ref}"
        proposals.change_status(proposal, status, text, actor, merged_into=target)
    decision.outcomes_sent_at = utcnow()
    db.session.flush()
    return [proposal for proposal, _status, _target in planned]


# --- export ------------------------------------------------------------------------------------------

def pseudonym(user_id: int) -> str:
    """A stable member code that reveals no name: the same person gets the same code in every export."""
    key = current_app.config["SECRET_KEY"].encode()
    return "M-" + hmac.new(key, f"member:{user_id}".encode(), hashlib.sha256).hexdigest()[:8].upper()


def export(consultation: Consultation) -> dict:
    """Scores, agreement and aggregates for analysts and independent reviewers; no names or e-mails."""
    scores, agreements = [], []
    for group in groups_of(consultation):
        for sheet in submitted_sheets(group):
            for code, value in sorted(sheet.levels.items()):
                scores.append({"group": group.id, "theme": sheet.theme_id, "member": pseudonym(sheet.member_id),
                               "criterion": code, "value": value})
        for item in agreement(group):
            agreements.append({"group": group.id, "criterion": item.criterion.code,
                               "alpha": None if item.alpha is None else round(item.alpha, 4)})
    return {"consultation": consultation.id,
            "criteria": [{"code": c.code, "name": c.name, "weight": c.weight, "minimum": c.minimum,
                          "scale": c.scale} for c in criteria(consultation)],
            "groups": [{"group": g.id, "name": g.name} for g in groups_of(consultation)],
            "scores": scores, "agreement": agreements,
            "themes": [result.as_dict() for result in consultation_results(consultation)]}
